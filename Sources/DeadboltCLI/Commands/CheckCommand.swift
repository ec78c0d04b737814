import ArgumentParser
import DeadboltCore
import DeadboltGit
import DeadboltReport
import Foundation

/// `deadbolt check`: the gate. Changes, selection, run, verdict.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run the gate: select the cases a change reaches, run them, and answer pass or fail.")

    @OptionGroup var global: GlobalOptions

    @OptionGroup var range: GateOptions

    @Option(help: "How many cases run at once (default: provider.jobs).")
    var jobs: Int?

    @Option(name: .customLong("repeat"), help: "Run each case N times; a case that both passes and fails is flaky.")
    var repeatCount: Int = 1

    @Option(help: "Also write a report: json=PATH (repeatable).")
    var report: [ReportRequest] = []

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if repeatCount < 1 { throw ValidationError("--repeat must be at least 1") }
    }

    func run() async throws {
        let started = ContinuousClock.now
        let workspace = try Workspace(path: global.repo)
        let plan = try GatePlan.make(workspace: workspace, gateName: range.gate, base: range.base, head: range.head)
        let selection = plan.selection
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
        if let range = plan.range {
            let (check, found) = try LockEvaluation.locks(workspace: workspace, range: range, config: plan.config, changes: plan.changes)
            locks = found
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
        try Output.verdict(verdict, format: global.format, reports: report, started: started)
    }
}
