/// One finding of `deadbolt lint`.
public struct LintFinding: Sendable, Equatable {
    public enum Severity: String, Sendable { case error, warning }
    public var severity: Severity
    /// A short stable name: `duplicate-id`, `missing-owner`, `unowned-prompt`, ...
    public var rule: String
    public var error: InputError

    public init(_ severity: Severity, _ rule: String, _ error: InputError) {
        self.severity = severity
        self.rule = rule
        self.error = error
    }
}

/// Checks the configuration and every dataset, reporting every problem found, not just the first.
public struct Linter {
    public let tree: any FileTree

    public init(tree: any FileTree) { self.tree = tree }

    public func lint() -> [LintFinding] {
        var findings: [LintFinding] = []
        let config: Config
        do { config = try ConfigParser.load(from: tree) } catch {
            return [LintFinding(.error, "config", error)]
        }
        let catalog: DatasetCatalog
        let datasets: [Dataset]
        do {
            catalog = try DatasetCatalog(tree: tree, config: config)
            datasets = try catalog.all()
        } catch {
            // One bad dataset.yml hides the others from the catalog; read them one by one instead.
            return findings + ([error] + error.more).map { LintFinding(.error, "dataset", $0) }
                + lintDefinitionsSeparately(config)
        }
        if datasets.isEmpty {
            findings.append(
                LintFinding(
                    .warning, "no-datasets",
                    InputError(
                        file: config.datasets, "holds no dataset (a folder with dataset.yml and cases.jsonl)",
                        hint: "run `deadbolt init` for an example, or set `datasets:` in deadbolt.yml")))
        }
        var owned = Set<String>()
        let graph = IncludeGraph(tree: tree, config: config)
        let renderer = PromptRenderer(tree: tree, config: config)
        for dataset in datasets {
            // A missing prompt file is reported by the `prompt` rule, which names its use.
            let rendered = Set(dataset.messages.compactMap(\.file))
            for (index, owner) in dataset.owners.enumerated() {
                if !rendered.contains(owner), (try? tree.exists(owner)) != true {
                    findings.append(
                        LintFinding(
                            .error, "missing-owner",
                            InputError(
                                file: dataset.definitionPath, line: dataset.ownerLines[index],
                                "dataset `\(dataset.name)` owns \(owner), which does not exist",
                                hint: "point owners at the prompt or guardrail whose behaviour this dataset protects")))
                }
                do {
                    for path in try graph.closure(of: owner) { owned.insert(path) }
                } catch {
                    findings.append(LintFinding(.error, "includes", error))
                }
            }
            let cases: [RegressionCase]
            let duplicates: [InputError]
            do { (cases, duplicates) = try catalog.casesAndDuplicateIDs(of: dataset) } catch {
                // Every bad line of the file, not only the first.
                let each = dataset.promptfoo == nil ? ((try? tree.read(dataset.casesPath)) ?? nil) : nil
                let errors = each.map { CaseParser.parseEach($0, path: dataset.casesPath).errors } ?? []
                findings += (errors.isEmpty ? [error] + error.more : errors).map { LintFinding(.error, "cases", $0) }
                continue
            }
            if cases.isEmpty {
                findings.append(
                    LintFinding(
                        .warning, "empty-dataset",
                        InputError(
                            file: dataset.casesPath, "dataset `\(dataset.name)` has no cases",
                            hint: "add the case that locks the bug it protects against")))
            }
            do {
                // Only the assertions here; the prompt's problems are all reported below.
                var assertionsOnly = dataset
                assertionsOnly.messages = []
                let unrendered = cases.map { regressionCase in
                    var bare = regressionCase
                    bare.messages = nil
                    return bare
                }
                _ = try RunPlanner.plan([(assertionsOnly, unrendered)], prompts: { _ in [:] }, revision: nil)
            } catch {
                findings.append(LintFinding(.error, "assertion", error))
            }
            findings += renderer.problems(dataset, cases: cases).map { LintFinding(.error, "prompt", $0) }
            findings += HygieneRules.check(dataset, cases)
            findings += duplicates.map { LintFinding(.error, "duplicate-id", $0) }
        }
        if let files = try? graph.files() {
            for path in files where !owned.contains(path) {
                let kind = config.guardrails.contains { $0.matches(path) } ? "guardrail" : "prompt"
                findings.append(
                    LintFinding(
                        .warning, "unowned-prompt",
                        InputError(
                            file: path,
                            "no dataset owns this \(kind), so no change to it runs any case",
                            hint: "add it to the owners of the dataset that protects its behaviour")))
            }
            if let cycles = try? graph.allCycles() {
                for cycle in cycles {
                    findings.append(
                        LintFinding(
                            .error, "include-cycle",
                            InputError(file: cycle.files[0], "include cycle: \(cycle.description)")))
                }
            }
        }
        return findings
    }

    func lintDefinitionsSeparately(_ config: Config) -> [LintFinding] {
        var findings: [LintFinding] = []
        let names = ((try? tree.folders(in: config.datasets)) ?? nil) ?? []
        var failedFirst = true
        for name in names {
            let folder = config.datasetFolder(name)
            guard let bytes = (try? tree.read(folder + "/dataset.yml")) ?? nil else { continue }
            do {
                _ = try DatasetParser.parse(String(decoding: bytes, as: UTF8.self), name: name, folder: folder)
            } catch {
                // The catalog already reported the first failure.
                if failedFirst {
                    failedFirst = false
                    continue
                }
                findings.append(LintFinding(.error, "dataset", error))
            }
        }
        return findings
    }
}
