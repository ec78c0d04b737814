/// Append-mostly: a case deleted or changed in place needs a new dataset version and a
/// MIGRATIONS.md entry naming it.
public enum AppendOnlyCheck {
    /// The violations of the datasets `names` between `base` and `head`.
    public static func violations(datasets names: [String], config: Config, base: any FileTree, head: any FileTree)
        -> [InputError]
    {
        var errors: [InputError] = []
        for name in Set(names).sorted() {
            let folder = config.datasetFolder(name)
            let casesPath = config.casesPath(name)
            let before = CaseParser.readableRows(in: base, path: casesPath)
            guard !before.isEmpty else { continue }
            let after = Dictionary(
                CaseParser.readableRows(in: head, path: casesPath).map { ($0.id, $0) },
                uniquingKeysWith: { first, _ in first })
            var touched: [String] = []
            for old in before {
                guard let new = after[old.id] else {
                    touched.append(old.id)
                    continue
                }
                // A tier is where a case runs, not what it says: `deadbolt tiers --apply` moves it.
                if new.fields.filter({ $0.key != "tier" }) != old.fields.filter({ $0.key != "tier" }) {
                    touched.append(old.id)
                }
            }
            guard !touched.isEmpty else { continue }
            let baseVersion = version(base, folder, name)
            let headVersion = version(head, folder, name)
            let migrationsPath = folder + "/MIGRATIONS.md"
            let oldMigrations = text(base, migrationsPath)
            let newMigrations = text(head, migrationsPath)
            let unnamed = touched.filter { !(newMigrations ?? "").contains($0) || (oldMigrations ?? "").contains($0) }
            let bumped = headVersion > baseVersion
            guard !bumped || !unnamed.isEmpty else { continue }
            var needs: [String] = []
            if !bumped { needs.append("bump `version` in \(folder)/dataset.yml (it is \(headVersion))") }
            if !unnamed.isEmpty {
                needs.append("add an entry to \(migrationsPath) naming \(unnamed.joined(separator: ", ")) and why")
            }
            let shown =
                touched.prefix(5).joined(separator: ", ") + (touched.count > 5 ? " and \(touched.count - 5) more" : "")
            errors.append(
                InputError(
                    file: casesPath,
                    "\(Plural.count(touched.count, "case")) \(touched.count == 1 ? "was" : "were") deleted or "
                        + "changed in place (\(shown)); regression sets are append-mostly",
                    hint: needs.joined(separator: ", and ")))
        }
        return errors
    }

    static func version(_ tree: any FileTree, _ folder: String, _ name: String) -> Int {
        guard let text = (try? tree.text(folder + "/dataset.yml")) ?? nil,
            let dataset = try? DatasetParser.parse(text, name: name, folder: folder)
        else { return 0 }
        return dataset.version
    }

    static func text(_ tree: any FileTree, _ path: String) -> String? {
        (try? tree.text(path)) ?? nil
    }
}
