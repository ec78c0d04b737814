import ArgumentParser
import DeadboltCore
import Foundation

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: [.customShort("C"), .customLong("repo")], help: "Run in this repository instead of the current folder.")
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
    @Option(help: "The gate: pre-push, pull-request, nightly, release, weekly, or one deadbolt.yml defines (default: pre-push; in CI, pull-request, or nightly on a schedule).")
    var gate: String?

    @OptionGroup var revisions: RangeOptions

    var base: String? { revisions.base }
    var head: String? { revisions.head }

    /// The gate and revisions to use: the flags, else what the pre-commit framework or the CI
    /// system says, else the defaults.
    func resolved() throws -> (gate: String, base: String?, head: String?) {
        let environment = ProcessInfo.processInfo.environment
        if base == nil, head == nil {
            if let from = environment["PRE_COMMIT_FROM_REF"], let to = environment["PRE_COMMIT_TO_REF"] {
                return (gate ?? "pre-push", PushUpdate.isZero(from) ? nil : from, to)
            }
            let context = try CIContext.detect(environment: environment) { path in
                FileManager.default.contents(atPath: path).map(Array.init)
            }
            if let context { return (gate ?? context.gate, context.base, context.head) }
        }
        return (gate ?? "pre-push", base, head)
    }
}

/// The two revisions a command compares.
struct RangeOptions: ParsableArguments {
    @Option(help: "The revision to compare from (default: the upstream or default branch's merge base).")
    var base: String?

    @Option(help: "The revision to compare to (default: HEAD).")
    var head: String?
}
