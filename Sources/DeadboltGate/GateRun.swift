import DeadboltCore
import DeadboltGit
import DeadboltRunner
import Foundation

/// Runs a gate plan: the selected cases, the append-only and lock checks, and the verdict.
public struct GateRun {
    public let workspace: Workspace
    /// How cases run: jobs, repetitions, and who hears about progress.
    public let execution: CaseExecution

    public init(workspace: Workspace, execution: CaseExecution) {
        self.workspace = workspace
        self.execution = execution
    }

    /// The verdict of `plan`, or of its share `shard` when the run is spread over CI jobs.
    public func verdict(_ plan: GatePlan, shard: Shard? = nil) async throws -> Verdict {
        let selection = shard.map { plan.selection.share(for: $0) } ?? plan.selection
        var warnings = selection.cycles.map {
            GateWarning(kind: .includeCycle, message: "include cycle: \($0.description)")
        }
        var results: [CaseResult] = []
        var recorded: [PlannedCase]?
        let history = HistoryRecording(
            workspace: workspace, config: plan.config, environment: ProcessInfo.processInfo.environment)
        var preparation: HistoryRecording.Preparation?
        if let range = plan.range, let headTree = plan.head, selection.caseCount > 0 {
            // Opened while the cases are planned (a gate that runs nothing opens nothing).
            let opening =
                execution.recordHistory
                ? history.open(cases: selection.datasets.map { ($0.dataset.name, $0.cases) }, range: range) : nil
            do {
                let planned = try RunPlanner.plan(
                    selection.datasets.map { ($0.dataset, $0.cases) }, tree: headTree, config: plan.config,
                    revision: range.head.hex)
                // Every prompt a planned case was rendered from or owns, once.
                let used = planned.reduce(into: [String: String]()) { all, one in
                    all.merge(one.prompts) { a, _ in a }
                }
                let prompts = used.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
                let place = try ProviderDirectory.prepare(workspace: workspace, head: range.head, prompts: prompts)
                defer { place.cleanUp() }
                if let note = place.note { warnings.append(GateWarning(kind: .materialized, message: note)) }
                let run = try await execution.runIdentified(
                    planned, config: plan.config, directory: place.path,
                    cacheFolder: workspace.resultCacheFolder(plan.config)
                ) { provider in
                    if execution.recordHistory {
                        preparation = history.prepare(
                            planned, provider: provider, gate: selection.gate.name, range: plan.range,
                            directory: place.path, opening: opening)
                    }
                }
                results = run.results
                recorded = planned
            } catch {
                await opening?.abandon()
                throw error
            }
            if preparation == nil { await opening?.abandon() }
        }
        let tiers = selection.gate.tiers.map(\.rawValue).joined(separator: "/")
        for selected in selection.datasets where selected.cases.isEmpty {
            warnings.append(
                GateWarning(
                    kind: .noCasesInTier,
                    message: "\(selected.dataset.name) is affected but has no \(tiers) case; "
                        + "gate \(selection.gate.name) runs none of it"))
        }
        var strict: [GateWarning] = []
        var locks: [CommitLock] = []
        if let range = plan.range {
            strict += appendOnlyWarnings(plan, range: range)
            let evaluation = try LockEvaluation(
                workspace: workspace, range: range, config: plan.config, changes: plan.changes)
            locks = evaluation.locks
            let proofs = LockProofRun(workspace: workspace, execution: execution.once)
            warnings += await proofs.prove(&locks, evaluation: evaluation, plan: plan, headResults: results)
            let missing = evaluation.check.missingLocks(locks, datasets: selection.datasets.map(\.dataset.name))
            warnings += missing.warnings
            strict += missing.strict
        }
        if let recorded {
            // After the lock proofs, which compare the head's results with the base's as they ran.
            let outcome = await history.apply(results, planned: recorded, preparation: preparation)
            results = outcome.results
            warnings += outcome.warnings
            strict += outcome.strict
        }
        var verdict = Verdict(
            gate: selection.gate.name, base: plan.range?.base?.hex, head: plan.range?.head.hex, results: results,
            warnings: warnings, emptyReason: selection.emptyReason, selection: selection, strictWarnings: strict)
        verdict.locks = locks
        if let shard {
            verdict.shard = ShardRecord(index: shard.index, total: shard.total, selected: plan.selection.caseKeys)
        }
        return verdict
    }

    /// Cases deleted or rewritten in place without a migration, in the datasets the change touched.
    func appendOnlyWarnings(_ plan: GatePlan, range: RevisionRange) -> [GateWarning] {
        guard let base = range.base else { return [] }
        let touched = plan.config.touchedDatasets(plan.changes).map(\.dataset)
        let violations = AppendOnlyCheck.violations(
            datasets: touched, config: plan.config, base: workspace.tree(base), head: workspace.tree(range.head))
        return violations.map { violation in
            let location = violation.location.map { "\($0): " } ?? ""
            return GateWarning(kind: .appendOnly, message: "\(location)\(violation.message)\n  \(violation.hint ?? "")")
        }
    }
}
