import DeadboltCore
import Foundation

/// `deadbolt init`: a commented `deadbolt.yml`, an example dataset, and a prompt when there is none.
public struct ProjectStarter {
    public let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }

    /// Writes the starter files that are not there yet and returns their paths.
    ///
    /// - Parameter provider: the provider's argv for `provider.command`, nil for the default.
    public func write(provider: [String]?) throws -> [String] {
        let root = try workspace.workTree(for: "deadbolt init")
        let manager = FileManager.default
        guard !manager.fileExists(atPath: root + "/" + Config.fileName) else {
            throw InputError(
                file: Config.fileName, "already exists; deadbolt init changes nothing",
                hint: "edit it, or remove it and run deadbolt init again")
        }
        let prompt = (try? workspace.workTreeFiles().files(under: "prompts"))?.first
        let owner = prompt ?? "prompts/example.md"
        var written: [String] = []
        func write(_ path: String, _ text: String) throws {
            let full = root + "/" + path
            guard !manager.fileExists(atPath: full) else { return }
            do {
                try manager.createDirectory(
                    atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: URL(fileURLWithPath: full))
            } catch {
                throw InputError(file: path, "cannot be written: \(error.localizedDescription)")
            }
            written.append(path)
        }
        try write(Config.fileName, StarterFiles.configuration(providerCommand: provider))
        if prompt == nil { try write(owner, "You are a helpful assistant. Replace this with your prompt.\n") }
        let folder = "evals/regression/example_regressions"
        try write(folder + "/dataset.yml", StarterFiles.datasetDefinition(owner: owner))
        let today = ISO8601DateFormatter.string(
            from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        try write(folder + "/cases.jsonl", StarterFiles.exampleCase(date: today))
        return written
    }
}
