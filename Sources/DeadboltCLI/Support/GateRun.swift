import DeadboltCore
import DeadboltGit

/// Runs a gate plan: the selected cases, the lock check, and the verdict.
enum GateRun {
    static func verdict(workspace: Workspace, plan: GatePlan, jobs: Int?, repeatCount: Int, shard: Shard? = nil) async throws -> Verdict {
        var selection = plan.selection
        // All jobs of a sharded run order the selection the same way and deal it round robin.
        let selectedKeys = selection.datasets.flatMap { selected in selected.cases.map { Shard.key(dataset: selected.dataset.name, caseID: $0.id) } }.sorted()
        if let shard {
            let mine = Set(selectedKeys.enumerated().filter { shard.owns(position: $0.offset) }.map(\.element))
            for index in selection.datasets.indices {
                let name = selection.datasets[index].dataset.name
                selection.datasets[index].cases.removeAll { !mine.contains(Shard.key(dataset: name, caseID: $0.id)) }
            }
        }
        var warnings = selection.cycles.map { GateWarning(kind: "include-cycle", message: "include cycle: \($0.description)") }
        var results: [CaseResult] = []
        if let range = plan.range, let headTree = plan.head, selection.caseCount > 0 {
            var versions = PromptVersions(tree: headTree, config: plan.config)
            let planned = try RunPlanner.plan(
                selection.datasets.map { ($0.dataset, $0.cases) }, prompts: { versions.of($0) }, revision: range.head.hex)
            let prompts = selection.datasets.flatMap { versions.of($0.dataset).map { ($0.key, $0.value) } }
            let place = try ProviderDirectory.prepare(workspace: workspace, head: range.head, prompts: prompts)
            defer { place.cleanUp() }
            if let note = place.note { warnings.append(GateWarning(kind: "materialized", message: note)) }
            results = try await CaseExecution.run(planned, config: plan.config, directory: place.path, jobs: jobs, repeatCount: repeatCount)
        }
        for selected in selection.datasets where selected.cases.isEmpty {
            warnings.append(GateWarning(
                kind: "no-cases-in-tier",
                message: "\(selected.dataset.name) is affected but has no \(selection.gate.tiers.map(\.rawValue).joined(separator: "/")) case; gate \(selection.gate.name) runs none of it"))
        }
        var strict: [GateWarning] = []
        var locks: [CommitLock] = []
        if let range = plan.range, let base = range.base {
            let touched = plan.changes.filter { $0.kinds.contains(.dataset) }.flatMap { [$0.path, $0.oldPath].compactMap { $0 } }
                .compactMap { DatasetCatalog.datasetName(containing: $0, config: plan.config) }
            for violation in AppendOnlyCheck.violations(datasets: touched, config: plan.config, base: workspace.tree(base), head: workspace.tree(range.head)) {
                strict.append(GateWarning(kind: "append-only", message: "\(violation.location.map { "\($0): " } ?? "")\(violation.message)\n  \(violation.hint ?? "")"))
            }
        }
        if let range = plan.range {
            let (check, found, added) = try LockEvaluation.evaluate(workspace: workspace, range: range, config: plan.config, changes: plan.changes)
            locks = found
            warnings += await LockProofRun.prove(
                &locks, added: added, range: range, plan: plan, headResults: results, workspace: workspace, jobs: jobs)
            let owners = selection.datasets.map(\.dataset.name)
            for lock in found where lock.status == .unlocked {
                let warning = check.warning(for: lock, datasets: owners)
                if plan.config.locks.missing == .fail { strict.append(warning) } else { warnings.append(warning) }
            }
        }
        var verdict = Verdict(
            gate: selection.gate.name, base: plan.range?.base?.hex, head: plan.range?.head.hex, results: results,
            warnings: warnings, emptyReason: selection.emptyReason, selection: selection, strictWarnings: strict)
        verdict.locks = locks
        if let shard { verdict.shard = ShardRecord(index: shard.index, total: shard.total, selected: selectedKeys) }
        return verdict
    }
}
