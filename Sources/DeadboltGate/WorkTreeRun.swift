import DeadboltCore
import DeadboltGit

/// `deadbolt run`: cases from the work tree, chosen by dataset and tier, without looking at git.
public struct WorkTreeRun {
    public let workspace: Workspace
    public let execution: CaseExecution

    public init(workspace: Workspace, execution: CaseExecution) {
        self.workspace = workspace
        self.execution = execution
    }

    /// Runs the cases of `tiers` in `datasets` (every dataset when empty).
    public func verdict(datasets names: [String], tiers: [Tier]) async throws -> Verdict {
        let root = try workspace.workTree(for: "deadbolt run")
        let tree = try workspace.workTreeFiles()
        let config = try ConfigParser.load(from: tree)
        let catalog = try DatasetCatalog(tree: tree, config: config)
        let datasets = names.isEmpty ? try catalog.all() : try names.map { try catalog.requireDataset(named: $0) }
        var chosen: [(dataset: Dataset, cases: [RegressionCase])] = []
        for dataset in datasets {
            chosen.append(
                (dataset, try catalog.cases(of: dataset).filter { tiers.contains($0.effectiveTier(in: dataset)) }))
        }
        let plan = try RunPlanner.plan(chosen, tree: tree, config: config, revision: try workspace.headCommit()?.hex)
        let results = try await execution.run(
            plan, config: config, directory: root, cacheFolder: workspace.resultCacheFolder(config))
        let tierNames = tiers.map(\.rawValue).joined(separator: ", ")
        return Verdict(
            gate: "run", base: nil, head: nil, results: results,
            emptyReason: plan.isEmpty ? "no case of tier \(tierNames) in the chosen datasets" : nil)
    }
}
