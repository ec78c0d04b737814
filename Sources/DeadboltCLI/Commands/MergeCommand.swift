import ArgumentParser
import DeadboltCore
import DeadboltGate
import DeadboltReport
import Foundation

/// `deadbolt merge PARTIAL...`: one verdict from the partial verdicts of a sharded run.
struct MergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract:
            "Combine the partial verdicts of a sharded run into one, checking every selected case ran exactly once.")

    @Argument(help: "The partial verdicts (JSON files written by deadbolt check --shard I/N --report json=PATH).")
    var partials: [String]

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(help: "Post the combined verdict once: github or gitlab (as deadbolt check --post).")
    var post: PostDestination?

    func run() async throws {
        let started = ContinuousClock.now
        let posting = post.map { VerdictPosting(to: $0, format: format) }
        var loaded: [(path: String, verdict: Verdict)] = []
        let merged: Verdict
        do {
            for path in partials { loaded.append((path, try Self.read(path))) }
            merged = try VerdictMerge.merge(loaded)
        } catch {
            // The verdict job is what a required check waits for: say on it that merging failed.
            let first = loaded.first?.verdict
            await posting?.postError(error, gate: first?.gate ?? "pull-request", head: first?.head)
            throw error
        }
        try Output.show(merged, format: format, reports: [], started: started)
        try await posting?.post(merged)
        if merged.outcome == .fail { throw DeadboltExit.fail }
    }

    /// One partial verdict, or an error naming its file.
    static func read(_ path: String) throws -> Verdict {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, "cannot be read", hint: "pass the files the shards wrote")
        }
        let json: JSONValue
        do { json = try JSONValue.parse(Array(data)) } catch {
            throw InputError(file: path, line: error.line, column: error.column, "is not valid JSON: \(error.message)")
        }
        do { return try VerdictJSONReader.read(json) } catch {
            throw InputError(
                file: path, "is not a deadbolt verdict: \(error.message)",
                hint: "pass files written by deadbolt check --shard I/N --report json=PATH")
        }
    }
}
