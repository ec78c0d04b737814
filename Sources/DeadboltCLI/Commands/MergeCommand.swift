import ArgumentParser
import DeadboltCore
import DeadboltGate
import DeadboltReport
import Foundation

/// `deadbolt merge PARTIAL...`: one verdict from the partial verdicts of a sharded run.
struct MergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the partial verdicts of a sharded run into one, checking every selected case ran exactly once.")

    @Argument(help: "The partial verdicts (JSON files written by deadbolt check --shard I/N --report json=PATH).")
    var partials: [String]

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(help: "Post the combined verdict once: github or gitlab (as deadbolt check --post).")
    var post: PostDestination?

    func run() async throws {
        var loaded: [(path: String, json: JSONValue)] = []
        let merged: JSONValue
        do {
            merged = try combine(&loaded)
        } catch {
            // The verdict job is what a required check waits for: say on it that merging failed.
            if let post {
                let first = loaded.first?.json
                await VerdictPosting(to: post, format: format)
                    .postError(error, gate: first?["gate"]?.stringValue ?? "pull-request", head: first?["head"]?.stringValue)
            }
            throw error
        }
        try await show(merged)
    }

    func combine(_ loaded: inout [(path: String, json: JSONValue)]) throws -> JSONValue {
        for path in partials {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw InputError(file: path, "cannot be read", hint: "pass the files the shards wrote")
            }
            do { loaded.append((path, try JSONValue.parse(Array(data)))) } catch {
                throw InputError(file: path, line: error.line, column: error.column, "is not valid JSON: \(error.message)")
            }
        }
        return try PartialVerdicts.merge(loaded)
    }

    func show(_ merged: JSONValue) async throws {
        switch format {
        case .json:
            print(merged.prettyText())
        case .text:
            let counts = merged["counts"]
            let summary = CaseStatus.allCases.map { "\(Int(counts?[$0.rawValue]?.numberValue ?? 0)) \($0.rawValue)" }.joined(separator: ", ")
            for result in merged["results"]?.arrayValue ?? [] where result["status"]?.stringValue != "passed" {
                print("\(result["status"]?.stringValue?.uppercased() ?? "?")  \(result["dataset"]?.stringValue ?? "") / \(result["case"]?.stringValue ?? "")")
            }
            print("verdict: \(merged["verdict"]?.stringValue?.uppercased() ?? "?")  \(Int(merged["shards"]?.numberValue ?? 1)) shards, \(merged["results"]?.arrayValue?.count ?? 0) cases: \(summary)")
        }
        if let post {
            let verdict: Verdict
            do { verdict = try VerdictJSONReader.read(merged) } catch {
                throw InputError(file: partials[0], "cannot be posted: \(error.message)", hint: "pass files written by deadbolt check --report json=PATH")
            }
            try await VerdictPosting(to: post, format: format).post(verdict)
        }
        if merged["verdict"] != .string("pass") { throw DeadboltExit.fail }
    }
}
