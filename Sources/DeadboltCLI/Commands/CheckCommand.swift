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
        // The pre-commit framework's pre-push stage says what is pushed in these variables.
        let environment = ProcessInfo.processInfo.environment
        var base = range.base
        var head = range.head
        if base == nil, head == nil, let from = environment["PRE_COMMIT_FROM_REF"], let to = environment["PRE_COMMIT_TO_REF"] {
            base = PushUpdate.isZero(from) ? nil : from
            head = to
        }
        let plan = try GatePlan.make(workspace: workspace, gateName: range.gate, base: base, head: head)
        let verdict = try await GateRun.verdict(workspace: workspace, plan: plan, jobs: jobs, repeatCount: repeatCount)
        try Output.verdict(verdict, format: global.format, reports: report, started: started)
    }
}
