/// The datasets of one tree: every folder under `datasets:` that holds a `dataset.yml`.
///
/// It lists the folders at once and reads each `dataset.yml` only when asked: a change to one
/// prompt reads just the definitions that mention it, and cases are read only for the datasets
/// a gate selects.
public final class DatasetCatalog {
    public let tree: any FileTree
    public let config: Config
    /// The folder names under `datasets:`, sorted (some may hold no `dataset.yml`).
    public let names: [String]
    let facts: (any DerivedFacts)?
    /// The folders' ids by name, when the tree has them cheaply.
    let folderIDs: [String: String]?
    private var definitions: [String: [UInt8]?] = [:]
    private var parsed: [String: Dataset?] = [:]
    private var readCases: [String: ([RegressionCase], [InputError])] = [:]
    private var suites: [String: PromptfooSuite] = [:]
    private var caseIDs = CaseIDIndex()

    public init(tree: any FileTree, config: Config, facts: (any DerivedFacts)? = nil) throws(InputError) {
        self.tree = tree
        self.config = config
        self.facts = facts
        do {
            names = (try tree.folders(in: config.datasets) ?? []).sorted()
            folderIDs = facts == nil ? nil : try tree.entryIDs(in: config.datasets)
        } catch {
            throw InputError(file: config.datasets, "cannot be listed: \(error)")
        }
    }

    func folder(_ name: String) -> String {
        config.datasetFolder(name)
    }

    /// The bytes of `name/dataset.yml`, or nil when the folder has none.
    func definitionBytes(_ name: String) throws(InputError) -> [UInt8]? {
        if let cached = definitions[name] { return cached }
        let path = folder(name) + "/dataset.yml"
        let bytes = try tree.regularFile(path)
        definitions[name] = .some(bytes)
        return bytes
    }

    /// The dataset named `name`, or nil when there is no such folder with a `dataset.yml`.
    public func dataset(named name: String) throws(InputError) -> Dataset? {
        if let cached = parsed[name] { return cached }
        guard names.contains(name), let bytes = try definitionBytes(name) else {
            parsed[name] = .some(nil)
            return nil
        }
        let path = folder(name) + "/dataset.yml"
        var dataset = try DatasetParser.parse(try YAMLFile.text(bytes, path: path), name: name, folder: folder(name))
        if let config = dataset.promptfoo {
            let suite = try PromptfooReader.read(config, in: tree)
            dataset.adopt(suite)
            suites[name] = suite
        }
        parsed[name] = dataset
        return dataset
    }

    /// Whether a `dataset.yml` reads a promptfoo suite, whose owners lie outside its folder.
    static func isSuite(_ bytes: [UInt8]) -> Bool {
        ByteSearch.contains(Array("promptfoo".utf8), in: bytes)
    }

    /// Every dataset, sorted by name.
    public func all() throws(InputError) -> [Dataset] {
        var result: [Dataset] = []
        for name in names {
            if let dataset = try dataset(named: name) { result.append(dataset) }
        }
        return result
    }

    /// The dataset whose folder holds `path`, if any.
    public func dataset(containing path: String) throws(InputError) -> Dataset? {
        guard let name = config.datasetName(containing: path) else { return nil }
        return try dataset(named: name)
    }

    /// The datasets that own one of `paths` or a folder holding one.
    ///
    /// With remembered facts, a dataset's owners are known from its folder's id without reading
    /// anything. Without, only the definitions that mention a path or one of its folders as a
    /// whole path are parsed: an owner has to name what it owns.
    public func datasets(owningAnyOf paths: [String]) throws(InputError) -> [Dataset] {
        var needles = Set(paths)
        for path in paths {
            var folder = RepoPath.folder(of: path)
            while !folder.isEmpty {
                needles.insert(folder)
                folder = RepoPath.folder(of: folder)
            }
        }
        var result: [Dataset] = []
        for name in names {
            if let owners = try rememberedOwners(name) {
                guard owners.contains(where: needles.contains), let dataset = try dataset(named: name) else { continue }
                result.append(dataset)
                continue
            }
            guard let bytes = try definitionBytes(name),
                Self.isSuite(bytes) || needles.contains(where: { ByteSearch.mentionsPath($0, in: bytes) }),
                let dataset = try dataset(named: name)
            else { continue }
            result.append(dataset)
        }
        return result
    }

    /// The datasets that read a promptfoo suite. Their files (the config, tests and var files) are
    /// owners that no `prompts:` glob needs to cover, so a change of no known kind may still reach
    /// them. With remembered facts, a dataset known not to be a suite is not read.
    public func suiteDatasets() throws(InputError) -> [Dataset] {
        var result: [Dataset] = []
        for name in names {
            if let id = folderIDs?[name], let known = facts?.facts(for: "own:\(id)"), known != [Self.suiteMark] {
                continue
            }
            guard let bytes = try definitionBytes(name), Self.isSuite(bytes) else {
                _ = try? rememberedOwners(name)
                continue
            }
            _ = try? rememberedOwners(name)
            if let dataset = try dataset(named: name), dataset.promptfoo != nil { result.append(dataset) }
        }
        return result
    }

    /// The owners of dataset `name` from the remembered facts (parsing and remembering them
    /// when its folder id is new); nil when this tree has no folder ids.
    func rememberedOwners(_ name: String) throws(InputError) -> [String]? {
        guard let facts, let id = folderIDs?[name] else { return nil }
        let key = "own:\(id)"
        // A suite's owners change with files outside its folder, so its folder id cannot key them:
        // the mark sends it to be read each time.
        if let known = facts.facts(for: key) { return known == [Self.suiteMark] ? nil : known }
        // A definition that does not parse is left to the mention test, which reports it only
        // when it could own a changed file.
        let found: Dataset?
        do { found = try dataset(named: name) } catch { return nil }
        if found?.promptfoo != nil {
            facts.remember([Self.suiteMark], for: key)
            return nil
        }
        let owners = found?.owners ?? []
        facts.remember(owners, for: key)
        return owners
    }

    /// What the facts hold for a dataset that reads a promptfoo suite: no path can be this.
    static let suiteMark = "\u{0}promptfoo"

    /// The cases of `dataset`; a dataset folder without `cases.jsonl` is an error, and so is a
    /// case id used before, in this dataset or in another one this catalog read.
    public func cases(of dataset: Dataset) throws(InputError) -> [RegressionCase] {
        let (cases, duplicates) = try casesAndDuplicateIDs(of: dataset)
        if let first = duplicates.first { throw first }
        return cases
    }

    /// The cases of `dataset` and an error for each id used before (in it, or in a dataset this
    /// catalog read earlier), for lint to report them all.
    public func casesAndDuplicateIDs(of dataset: Dataset) throws(InputError) -> ([RegressionCase], [InputError]) {
        if let known = readCases[dataset.name] { return known }
        let cases = try readCases(of: dataset)
        let result = (cases, caseIDs.add(cases, file: dataset.casesPath))
        readCases[dataset.name] = result
        return result
    }

    func readCases(of dataset: Dataset) throws(InputError) -> [RegressionCase] {
        if dataset.promptfoo != nil {
            let suite: PromptfooSuite
            if let known = suites[dataset.name] {
                suite = known
            } else {
                suite = try PromptfooReader.read(dataset.promptfoo ?? "", in: tree)
            }
            // A suite's own cases.jsonl, where capture and locks add cases, is optional.
            guard let bytes = try tree.regularFile(dataset.casesPath) else { return suite.cases }
            return suite.cases + (try CaseParser.parse(bytes, path: dataset.casesPath))
        }
        guard let bytes = try tree.regularFile(dataset.casesPath) else {
            throw InputError(
                file: dataset.casesPath, "does not exist; dataset `\(dataset.name)` has a dataset.yml but no cases",
                hint: "add cases.jsonl with one case a line, or remove the folder")
        }
        return try CaseParser.parse(bytes, path: dataset.casesPath)
    }
}

/// Where each case id was first seen: ids are unique across the repository, and `check`, `run`
/// and `lint` all learn of a second use from here.
public struct CaseIDIndex: Sendable {
    private var firstSeen: [String: (file: String, line: Int)] = [:]

    public init() {}

    /// Records `cases` of `file`, returning an error for each id seen before.
    public mutating func add(_ cases: [RegressionCase], file: String) -> [InputError] {
        var errors: [InputError] = []
        for regressionCase in cases {
            let file = regressionCase.file ?? file
            if let first = firstSeen[regressionCase.id] {
                errors.append(
                    InputError(
                        file: file, line: regressionCase.line,
                        "case id `\(regressionCase.id)` is already used at \(first.file):\(first.line)",
                        hint: "ids are unique across the repository; give this case a new one"))
            } else {
                firstSeen[regressionCase.id] = (file, regressionCase.line)
            }
        }
        return errors
    }
}
