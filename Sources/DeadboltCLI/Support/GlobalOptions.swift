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
