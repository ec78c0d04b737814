import ArgumentParser
import DeadboltCore
import Foundation

/// `deadbolt init`: a `deadbolt.yml` and one example dataset.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write deadbolt.yml for this repository and one example dataset.")

    @Option(name: [.customShort("C"), .customLong("repo")], help: "Run in this repository instead of the current folder.")
    var repo: String?

    @Option(parsing: .upToNextOption, help: "The provider's argv (default: bin/answer).")
    var provider: [String] = []

    func run() async throws {
        let workspace = try Workspace(path: repo)
        let root = try workspace.workTree(for: "deadbolt init")
        let manager = FileManager.default
        let configPath = root + "/" + Config.fileName
        guard !manager.fileExists(atPath: configPath) else {
            throw InputError(file: Config.fileName, "already exists; deadbolt init changes nothing", hint: "edit it, or remove it and run deadbolt init again")
        }
        let tree = try workspace.workTreeFiles()
        let prompt = (try? tree.files(under: "prompts"))?.first
        let owner = prompt ?? "prompts/example.md"
        var written: [String] = []
        func write(_ path: String, _ text: String) throws {
            let full = root + "/" + path
            guard !manager.fileExists(atPath: full) else { return }
            do {
                try manager.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: URL(fileURLWithPath: full))
            } catch {
                throw InputError(file: path, "cannot be written: \(error.localizedDescription)")
            }
            written.append(path)
        }
        try write(Config.fileName, StarterFiles.configuration(providerCommand: provider.isEmpty ? nil : provider))
        if prompt == nil { try write(owner, "You are a helpful assistant. Replace this with your prompt.\n") }
        let folder = "evals/regression/example_regressions"
        try write(folder + "/dataset.yml", StarterFiles.datasetDefinition(owner: owner))
        let today = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        try write(folder + "/cases.jsonl", StarterFiles.exampleCase(date: today))
        for path in written { print("wrote \(path)") }
        print("next: point provider.command at your program, rename the example dataset for the behaviour it protects, and run deadbolt lint")
    }
}
