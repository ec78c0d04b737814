import ArgumentParser
import DeadboltCore
import DeadboltGate
import Foundation

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: [.customShort("C"), .customLong("repo")], help: "Run in this repository instead of the current folder.")
    var repo: String?

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text
}

/// How a command prints its result.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// The gate and the revisions it compares, as `select` and `check` take them.
struct GateOptions: ParsableArguments {
    @Option(
        help: """
            The gate: pre-push, pull-request, nightly, release, weekly, or one deadbolt.yml defines \
            (default: pre-push; in CI, pull-request, or nightly on a schedule).
            """)
    var gate: String?

    @OptionGroup var revisions: RangeOptions

    /// The flags, else what the pre-commit framework or the CI system says, else the defaults.
    func request() throws -> GateRequest {
        try GateRequest.resolve(
            gate: gate, base: revisions.base, head: revisions.head, environment: ProcessInfo.processInfo.environment,
            read: { FileManager.default.contents(atPath: $0).map(Array.init) })
    }
}

/// The two revisions a command compares.
struct RangeOptions: ParsableArguments {
    @Option(help: "The revision to compare from (default: the upstream or default branch's merge base).")
    var base: String?

    @Option(help: "The revision to compare to (default: HEAD).")
    var head: String?
}

/// How many cases run at once, and how often, as `check` and `run` take them.
struct ExecutionOptions: ParsableArguments {
    @Option(help: "How many cases run at once (default: provider.jobs).")
    var jobs: Int?

    @Option(name: .customLong("repeat"), help: "Run each case N times; a case that both passes and fails is flaky.")
    var repeatCount: Int = 1

    @Option(help: "Also write a report: FORMAT=PATH, FORMAT one of json, junit, markdown, html (repeatable).")
    var report: [ReportRequest] = []

    @Flag(
        name: .customLong("no-cache"), help: "Ask the provider for every case; neither read nor store cached answers.")
    var noCache = false

    @Flag(
        name: .customLong("no-history"),
        help: "Neither compare with history nor record this run (also: history: {url: off}).")
    var noHistory = false

    func validate() throws {
        let range = ProviderConfig.jobsRange
        if let jobs, !range.contains(jobs) {
            throw ValidationError("--jobs must be from \(range.lowerBound) to \(range.upperBound), not \(jobs)")
        }
        if !(1...1000).contains(repeatCount) {
            throw ValidationError("--repeat must be from 1 to 1000, not \(repeatCount)")
        }
    }

    /// Cases run with these settings, progress drawn on a terminal.
    var execution: CaseExecution {
        var execution = ProgressLine.execution(jobs: jobs, repeatCount: repeatCount)
        execution.useCache = !noCache
        execution.recordHistory = !noHistory
        return execution
    }
}
