import ArgumentParser
import DeadboltCore
import DeadboltGate
import Foundation

/// `deadbolt import`: converts another tool's suite into a deadbolt dataset, once.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Convert another tool's suite into a deadbolt dataset, once.",
        subcommands: [ImportPromptfooCommand.self])
}

/// `deadbolt import promptfoo CONFIG --dataset NAME`.
struct ImportPromptfooCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promptfoo",
        abstract: "Write a promptfoo config's prompt and tests as dataset.yml and cases.jsonl.",
        discussion: """
            To keep running the suite where it is instead, write `promptfoo: PATH` in a dataset.yml.
            """)

    @Option(
        name: [.customShort("C"), .customLong("repo")], help: "Run in this repository instead of the current folder.")
    var repo: String?

    @Argument(help: "The promptfoo config, such as promptfooconfig.yaml.") var config: String

    @Option(help: "The new dataset's name (its folder under `datasets:`).") var dataset: String

    @Option(help: "The label of the prompt to import, when the suite has several.") var prompt: String?

    func run() async throws {
        let imported = try PromptfooImporter(workspace: try Workspace(path: repo)).run(
            config: config, dataset: dataset, prompt: prompt,
            currentFolder: FileManager.default.currentDirectoryPath)
        for path in imported.written { print("wrote \(path)") }
        print(
            "imported \(Plural.count(imported.cases, "case")); "
                + "next: deadbolt lint, then deadbolt run --dataset \(dataset)"
        )
    }
}
