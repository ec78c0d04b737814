import ArgumentParser
import DeadboltGate

/// `deadbolt init`: a `deadbolt.yml` and one example dataset.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write deadbolt.yml for this repository and one example dataset.")

    @Option(
        name: [.customShort("C"), .customLong("repo")], help: "Run in this repository instead of the current folder.")
    var repo: String?

    @Option(parsing: .upToNextOption, help: "The provider's argv (default: bin/answer).")
    var provider: [String] = []

    func run() async throws {
        let written = try ProjectStarter(workspace: try Workspace(path: repo)).write(
            provider: provider.isEmpty ? nil : provider)
        for path in written { print("wrote \(path)") }
        print(
            "next: point provider.command at your program, "
                + "rename the example dataset for the behaviour it protects, and run deadbolt lint"
        )
    }
}
