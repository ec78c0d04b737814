import DeadboltCore
import DeadboltGit
import Foundation

/// `deadbolt run`: cases from the work tree, chosen by dataset and tier, without looking at git.
public struct WorkTreeRun {
    public let workspace: Workspace
    public let execution: CaseExecution

    public init(workspace: Workspace, execution: CaseExecution) {
        self.workspace = workspace
        self.execution = execution
    }

    /// Runs the cases of `tiers` in `datasets` (every dataset when empty); with `cases`, just
    /// the cases of those ids, whatever their tier.
    public func verdict(datasets names: [String], tiers: [Tier], cases ids: [String] = []) async throws -> Verdict {
        let root = try workspace.workTree(for: "deadbolt run")
        let tree = try workspace.workTreeFiles()
        let config = try ConfigParser.load(from: tree)
        let catalog = try DatasetCatalog(tree: tree, config: config)
        let datasets = names.isEmpty ? try catalog.all() : try names.map { try catalog.requireDataset(named: $0) }
        var chosen: [(dataset: Dataset, cases: [RegressionCase])] = []
        for dataset in datasets {
            let cases = try catalog.cases(of: dataset)
            chosen.append(
                (dataset, ids.isEmpty ? cases.filter { tiers.contains($0.effectiveTier(in: dataset)) } : cases))
        }
        if !ids.isEmpty { chosen = try Self.only(ids, of: chosen) }
        let history = HistoryRecording(
            workspace: workspace, config: config, environment: ProcessInfo.processInfo.environment)
        // Opened while the cases are planned; a run with no case opens nothing.
        let opening =
            execution.recordHistory && chosen.contains { !$0.cases.isEmpty }
            ? history.open(cases: chosen.map { ($0.dataset.name, $0.cases) }) : nil
        var preparation: HistoryRecording.Preparation?
        let plan: [PlannedCase]
        let run: (results: [CaseResult], provider: JSONValue)
        do {
            plan = try RunPlanner.plan(chosen, tree: tree, config: config, revision: try workspace.headCommit()?.hex)
            run = try await execution.runIdentified(
                plan, config: config, directory: root, cacheFolder: workspace.resultCacheFolder(config)
            ) { provider in
                if execution.recordHistory {
                    preparation = history.prepare(
                        plan, provider: provider, gate: "run", range: nil, directory: root, opening: opening)
                }
            }
        } catch {
            await opening?.abandon()
            throw error
        }
        if preparation == nil { await opening?.abandon() }
        let recorded = await history.apply(run.results, planned: plan, preparation: preparation)
        let (results, warnings, strict) = (recorded.results, recorded.warnings, recorded.strict)
        let tierNames = tiers.map(\.rawValue).joined(separator: ", ")
        return Verdict(
            gate: "run", base: nil, head: nil, results: results, warnings: warnings,
            emptyReason: plan.isEmpty ? "no case of tier \(tierNames) in the chosen datasets" : nil,
            strictWarnings: strict)
    }

    /// The cases of `ids` among `chosen`, refusing an id none of them has.
    static func only(
        _ ids: [String], of chosen: [(dataset: Dataset, cases: [RegressionCase])]
    ) throws(InputError) -> [(dataset: Dataset, cases: [RegressionCase])] {
        let known = chosen.flatMap { $0.cases.map(\.id) }
        for id in ids where !known.contains(id) {
            let scope = chosen.count == 1 ? "dataset `\(chosen[0].dataset.name)`" : "the chosen datasets"
            throw InputError(
                "--case \(id): no case of \(scope) has that id",
                hint: EditDistance.didYouMean(id, in: known) ?? "`deadbolt select --format json` lists case ids")
        }
        let wanted = Set(ids)
        return chosen.map { ($0.dataset, $0.cases.filter { wanted.contains($0.id) }) }.filter { !$0.cases.isEmpty }
    }
}
