/// Decides which datasets and cases a gate runs for a change.
///
/// A changed prompt or guardrail affects every dataset that owns it, directly or through
/// includes; a changed dataset affects itself; a `run_all_on` path affects all. Only the
/// selected datasets' cases are read.
public struct Selector {
    public let config: Config
    /// The tree at the head of the change.
    public let head: any FileTree
    /// The tree at the base, for telling new and edited cases apart; nil when there is none.
    public let base: (any FileTree)?

    public init(config: Config, head: any FileTree, base: (any FileTree)?) {
        self.config = config
        self.head = head
        self.base = base
    }

    /// The selection for `gate` given classified `changes`.
    public func select(gate: Gate, changes: [PathChange]) throws(InputError) -> Selection {
        if gate.scope == .affected && !changes.contains(where: \.isRelevant) {
            let why = changes.isEmpty
                ? "nothing changed between base and head"
                : "none of the \(changes.count) changed path\(changes.count == 1 ? "" : "s") is a prompt, guardrail, dataset or deadbolt configuration"
            return Selection(gate: gate, datasets: [], cycles: [], emptyReason: why)
        }
        let catalog = try DatasetCatalog(tree: head, config: config)
        try checkOwners(catalog, changes: changes)

        var reasons: [String: [SelectionReason]] = [:]
        var cycles: [IncludeGraph.Cycle] = []
        func add(_ name: String, _ reason: SelectionReason) {
            if !(reasons[name]?.contains(reason) ?? false) { reasons[name, default: []].append(reason) }
        }

        if gate.scope == .all {
            for dataset in catalog.datasets { add(dataset.name, SelectionReason(kind: .scope, path: nil)) }
        }
        for change in changes where change.kinds.contains(.runAll) {
            for dataset in catalog.datasets { add(dataset.name, SelectionReason(kind: .runAll, path: change.path)) }
        }
        for change in changes where change.kinds.contains(.dataset) {
            for path in [change.path, change.oldPath].compactMap({ $0 }) {
                if let dataset = catalog.dataset(containing: path) {
                    add(dataset.name, SelectionReason(kind: .dataset, path: path))
                }
            }
        }
        let promptPaths = changes.filter { $0.kinds.contains(.prompt) || $0.kinds.contains(.guardrail) }
            .flatMap { [$0.path, $0.oldPath].compactMap { $0 } }
        if !promptPaths.isEmpty {
            let graph = IncludeGraph(tree: head, config: config)
            let reached = try graph.reach(from: promptPaths)
            cycles = reached.cycles
            for dataset in catalog.datasets {
                for owner in dataset.owners {
                    for (file, chain) in reached.chains.sorted(by: { $0.key < $1.key })
                    where file == owner || RepoPath.isInside(file, folder: owner) {
                        add(dataset.name, SelectionReason(kind: .owner, path: chain[0], via: Array(chain.dropFirst())))
                    }
                }
            }
        }

        var selected: [SelectedDataset] = []
        for dataset in catalog.datasets {
            guard let why = reasons[dataset.name] else { continue }
            let cases = try catalog.cases(of: dataset)
            let changed = why.contains { $0.kind == .dataset } ? changedCases(of: dataset, head: cases) : []
            let changedSet = Set(changed)
            let run = cases.filter { gate.tiers.contains($0.effectiveTier(in: dataset)) || changedSet.contains($0.id) }
            selected.append(SelectedDataset(dataset: dataset, reasons: why, cases: run, changedCaseIDs: changed))
        }
        var emptyReason: String?
        if selected.isEmpty {
            emptyReason = catalog.datasets.isEmpty
                ? "there are no datasets under \(config.datasets)/"
                : "no dataset owns the changed prompts or guardrails"
        }
        return Selection(gate: gate, datasets: selected, cycles: cycles, emptyReason: emptyReason)
    }

    /// Every owner link must name a path that exists at head.
    func checkOwners(_ catalog: DatasetCatalog, changes: [PathChange]) throws(InputError) {
        for dataset in catalog.datasets {
            for (index, owner) in dataset.owners.enumerated() {
                let exists: Bool
                do { exists = try head.exists(owner) } catch { exists = false }
                guard !exists else { continue }
                let line = dataset.ownerLines[index]
                if let rename = changes.first(where: { $0.oldPath == owner && $0.status == "renamed" }) {
                    throw InputError(
                        file: dataset.definitionPath, line: line,
                        "dataset `\(dataset.name)` owns \(owner), which this change renamed to \(rename.path)",
                        hint: "replace \(owner) with \(rename.path) in owners")
                }
                let deleted = changes.contains { $0.path == owner && $0.status == "deleted" }
                throw InputError(
                    file: dataset.definitionPath, line: line,
                    "dataset `\(dataset.name)` owns \(owner), which \(deleted ? "this change deleted" : "does not exist at head")",
                    hint: "point owners at the prompt or guardrail whose behaviour this dataset protects")
            }
        }
    }

    /// Ids of cases that are new or differ from the base's line with the same id.
    func changedCases(of dataset: Dataset, head cases: [RegressionCase]) -> [String] {
        guard let base else { return cases.map(\.id) }
        let bytes = ((try? base.read(dataset.casesPath)) ?? nil) ?? []
        var before: [String: [String: JSONValue]] = [:]
        var line = 0
        for slice in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            line += 1
            // Lines the base could not parse are not this change's fault; they count as absent.
            if let old = try? CaseParser.parseLine(slice, path: dataset.casesPath, line: line) {
                before[old.id] = old.fields
            }
        }
        return cases.filter { before[$0.id] != $0.fields }.map(\.id)
    }
}
