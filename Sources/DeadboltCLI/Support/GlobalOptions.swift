import ArgumentParser

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
    @Option(help: "The gate: pre-push, pull-request, nightly, release, weekly, or one deadbolt.yml defines.")
    var gate: String = "pre-push"

    @OptionGroup var revisions: RangeOptions

    var base: String? { revisions.base }
    var head: String? { revisions.head }
}

/// The two revisions a command compares.
struct RangeOptions: ParsableArguments {
    @Option(help: "The revision to compare from (default: the upstream or default branch's merge base).")
    var base: String?

    @Option(help: "The revision to compare to (default: HEAD).")
    var head: String?
}
