/// Decides which datasets and cases a gate runs for a change.
///
/// A changed prompt or guardrail affects every dataset that owns it, directly or through
/// includes; a changed dataset affects itself; a `run_all_on` path affects all. Only the
/// definitions that can own a changed file are parsed, and only the selected datasets' cases
/// are read.
public struct Selector {
    public let config: Config
    /// The tree at the head of the change.
    public let head: any FileTree
    /// The tree at the base, for telling new and edited cases apart; nil when there is none.
    public let base: (any FileTree)?
    /// Includes and owners remembered from earlier runs, if the caller keeps any.
    public let facts: (any DerivedFacts)?

    public init(config: Config, head: any FileTree, base: (any FileTree)?, facts: (any DerivedFacts)? = nil) {
        self.config = config
        self.head = head
        self.base = base
        self.facts = facts
    }

    /// The selection for `gate` given classified `changes`.
    public func select(gate: Gate, changes: [PathChange]) throws(InputError) -> Selection {
        var early: DatasetCatalog?
        // The changed paths of no known kind that a promptfoo suite's dataset owns (its tests file).
        var suiteHits: [(Dataset, String)] = []
        if gate.scope == .affected && !changes.contains(where: \.isRelevant) {
            if changes.contains(where: { Self.mayBeSuiteFile($0.path) || $0.oldPath.map(Self.mayBeSuiteFile) == true })
            {
                let found = try DatasetCatalog(tree: head, config: config, facts: facts)
                early = found
                suiteHits = try Self.suiteHits(found, changes: changes)
            }
            if suiteHits.isEmpty {
                let paths = "\(Plural.count(changes.count, "changed path"))"
                let why =
                    changes.isEmpty
                    ? "nothing changed between base and head"
                    : "none of the \(paths) is a prompt, guardrail, dataset or deadbolt configuration"
                return Selection(gate: gate, datasets: [], cycles: [], emptyReason: why)
            }
        }
        let catalog: DatasetCatalog
        if let early { catalog = early } else { catalog = try DatasetCatalog(tree: head, config: config, facts: facts) }
        var considered: [String: Dataset] = [:]
        var reasons: [String: [SelectionReason]] = [:]
        var cycles: [IncludeGraph.Cycle] = []
        func add(_ dataset: Dataset, _ reason: SelectionReason) {
            considered[dataset.name] = dataset
            if !(reasons[dataset.name]?.contains(reason) ?? false) { reasons[dataset.name, default: []].append(reason) }
        }

        if gate.scope == .all {
            for dataset in try catalog.all() { add(dataset, SelectionReason(kind: .scope, path: nil)) }
        }
        for change in changes where change.kinds.contains(.runAll) {
            for dataset in try catalog.all() { add(dataset, SelectionReason(kind: .runAll, path: change.path)) }
        }
        if suiteHits.isEmpty && changes.contains(where: { $0.kinds.isEmpty }) {
            suiteHits = try Self.suiteHits(catalog, changes: changes)
        }
        for (dataset, path) in suiteHits { add(dataset, SelectionReason(kind: .owner, path: path)) }
        for (name, path) in config.touchedDatasets(changes) {
            if let dataset = try catalog.dataset(named: name) {
                add(dataset, SelectionReason(kind: .dataset, path: path))
            }
        }
        let promptChanges = changes.filter { $0.kinds.contains(.prompt) || $0.kinds.contains(.guardrail) }
        if !promptChanges.isEmpty {
            let graph = IncludeGraph(tree: head, config: config, facts: facts)
            let reached = try graph.reach(from: promptChanges.flatMap { [$0.path, $0.oldPath].compactMap { $0 } })
            cycles = reached.cycles
            let owners = try catalog.datasets(owningAnyOf: reached.chains.keys.sorted())
            for dataset in owners {
                considered[dataset.name] = dataset
                for owner in dataset.owners {
                    for (file, chain) in reached.chains.sorted(by: { $0.key < $1.key })
                    where file == owner || RepoPath.isInside(file, folder: owner) {
                        add(dataset, SelectionReason(kind: .owner, path: chain[0], via: Array(chain.dropFirst())))
                    }
                }
            }
        }
        try checkOwners(considered.values.sorted { $0.name < $1.name }, changes: changes)

        var selected: [SelectedDataset] = []
        for name in reasons.keys.sorted() {
            guard let dataset = considered[name], let why = reasons[name] else { continue }
            let cases = try catalog.cases(of: dataset)
            let changed = why.contains { $0.kind == .dataset } ? changedCases(of: dataset, head: cases) : []
            let changedSet = Set(changed)
            let run = cases.filter { gate.tiers.contains($0.effectiveTier(in: dataset)) || changedSet.contains($0.id) }
            selected.append(SelectedDataset(dataset: dataset, reasons: why, cases: run, changedCaseIDs: changed))
        }
        var emptyReason: String?
        if selected.isEmpty {
            emptyReason =
                catalog.names.isEmpty
                ? "there are no datasets under \(config.datasets)/"
                : "no dataset owns the changed prompts or guardrails"
        }
        return Selection(gate: gate, datasets: selected, cycles: cycles, emptyReason: emptyReason)
    }

    /// Each suite dataset that owns a changed path of no known kind, with that path.
    ///
    /// Only paths of the kinds of file a suite reads (configs, tests, prompts, var files) are
    /// looked for, so that a change of code reads no dataset definition.
    static func suiteHits(_ catalog: DatasetCatalog, changes: [PathChange]) throws(InputError) -> [(Dataset, String)] {
        let unclassified = changes.filter { $0.kinds.isEmpty }.flatMap { [$0.path, $0.oldPath].compactMap { $0 } }
            .filter(mayBeSuiteFile)
        guard !unclassified.isEmpty else { return [] }
        var hits: [(Dataset, String)] = []
        for dataset in try catalog.suiteDatasets() {
            for path in unclassified
            where dataset.owners.contains(where: { $0 == path || RepoPath.isInside(path, folder: $0) }) {
                hits.append((dataset, path))
            }
        }
        return hits
    }

    static let suiteFileExtensions: Set<String> = [
        "yaml", "yml", "json", "jsonl", "csv", "txt", "md", "j2", "jinja", "jinja2", "prompt", "tsv", "xml", "html",
    ]

    /// Whether `path` has an extension of a file a promptfoo suite may read.
    static func mayBeSuiteFile(_ path: String) -> Bool {
        let name = RepoPath.name(of: path)
        guard let dot = name.lastIndex(of: ".") else { return false }
        return suiteFileExtensions.contains(name[name.index(after: dot)...].lowercased())
    }

    /// Every owner link of the datasets this change touches must name a path that exists at head.
    ///
    /// A dataset that names a path this change renamed or deleted mentions it, so it is among
    /// those checked; `deadbolt lint` checks every dataset.
    func checkOwners(_ datasets: [Dataset], changes: [PathChange]) throws(InputError) {
        for dataset in datasets {
            for (index, owner) in dataset.owners.enumerated() {
                let exists: Bool
                do { exists = try head.exists(owner) } catch { exists = false }
                guard !exists else { continue }
                let line = dataset.ownerLines[index]
                // A file the dataset renders (`prompt:`, `messages:`) is an owner it did not list.
                let rendered = dataset.messages.contains { $0.file == owner }
                let link = rendered ? "renders the prompt file" : "owns"
                if let rename = changes.first(where: { $0.oldPath == owner && $0.status == .renamed }) {
                    throw InputError(
                        file: dataset.definitionPath, line: line,
                        "dataset `\(dataset.name)` \(link) \(owner), which this change renamed to \(rename.path)",
                        hint: "replace \(owner) with \(rename.path) in \(rendered ? "dataset.yml" : "owners")")
                }
                let deleted = changes.contains { $0.path == owner && $0.status == .deleted }
                let fate = deleted ? "this change deleted" : "does not exist at head"
                throw InputError(
                    file: dataset.definitionPath, line: line,
                    "dataset `\(dataset.name)` \(link) \(owner), which \(fate)",
                    hint: rendered
                        ? "fix the path, or commit the file: `check` reads the commit, not the work tree"
                        : "point owners at the prompt or guardrail whose behaviour this dataset protects")
            }
        }
    }

    /// Ids of cases that are new or differ from the base's line with the same id.
    func changedCases(of dataset: Dataset, head cases: [RegressionCase]) -> [String] {
        guard let base else { return cases.map(\.id) }
        var before: [String: [String: JSONValue]] = [:]
        for old in CaseParser.readableRows(in: base, path: dataset.casesPath) { before[old.id] = old.fields }
        return cases.filter { before[$0.id] != $0.fields }.map(\.id)
    }
}
