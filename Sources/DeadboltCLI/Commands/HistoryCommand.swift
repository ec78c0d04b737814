import ArgumentParser
import DeadboltCore
import DeadboltGate
import DeadboltReport
import Foundation

/// `deadbolt history`: each case's timeline by commit; `history export` sends the records on.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show each case's past runs by commit, with prompt versions, flake rate and last failure.",
        subcommands: [HistoryShowCommand.self, HistoryExportCommand.self],
        defaultSubcommand: HistoryShowCommand.self)
}

/// What `--since` may be: a second to ten years back.
func sinceMilliseconds(_ text: String?) throws -> Int64? {
    guard let text else { return nil }
    guard let seconds = DurationText.seconds(text), BoundedNumber.real(seconds, in: 1...(3_650 * 86_400)) != nil
    else {
        throw ValidationError("--since must be a duration from 1s to 3650d, such as 90d or 12h, not \(text)")
    }
    return Int64((Date().timeIntervalSince1970 - seconds) * 1000)
}

struct HistoryShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Each case's timeline (the default of deadbolt history).")

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("case"), help: "Only the case of this id (repeatable).")
    var cases: [String] = []

    @Option(name: .customLong("dataset"), help: "Only cases of this dataset (repeatable).")
    var datasets: [String] = []

    @Option(help: "Only runs this recent, such as 90d or 12h.")
    var since: String?

    @Option(help: "At most this many records, the newest (default 100000).")
    var limit: Int = 100_000

    func validate() throws {
        _ = try sinceMilliseconds(since)
        guard (1...10_000_000).contains(limit) else { throw ValidationError("--limit must be from 1 to 10000000") }
    }

    func run() async throws {
        let workspace = try Workspace(path: global.repo)
        let filter = RecordFilter(
            caseIDs: cases, datasets: datasets, sinceMs: try sinceMilliseconds(since), limit: limit)
        let read = try await HistoryReading(workspace: workspace).timelines(filter)
        switch global.format {
        case .json: print(HistoryReport.json(read.timelines, store: read.store).prettyText())
        case .text:
            print(
                HistoryReport.text(read.timelines, store: read.store, style: TerminalStyle.standardOutput.style),
                terminator: "")
        }
    }
}

struct HistoryExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write eval records as JSON Lines (a warehouse table) or OTLP JSON (a span per case run).")

    @Option(
        name: [.customShort("C"), .customLong("repo")], help: "Run in this repository instead of the current folder.")
    var repo: String?

    @Option(help: "jsonl (one record a line; the default) or otlp (OTLP/JSON trace requests, one a line).")
    var format: HistoryExport.Format?

    @Option(name: .customLong("case"), help: "Only the case of this id (repeatable).")
    var cases: [String] = []

    @Option(name: .customLong("dataset"), help: "Only cases of this dataset (repeatable).")
    var datasets: [String] = []

    @Option(help: "Only records this recent, such as 90d.")
    var since: String?

    @Option(help: "Write here instead of standard output.")
    var output: String?

    @Option(
        help: """
            Post OTLP/HTTP JSON to this collector (its /v1/traces) instead of writing; headers such as \
            Authorization come from OTEL_EXPORTER_OTLP_HEADERS (name=value,name=value).
            """)
    var otlpEndpoint: String?

    func validate() throws {
        _ = try sinceMilliseconds(since)
        if otlpEndpoint != nil && output != nil { throw ValidationError("--otlp-endpoint posts; drop --output") }
        if otlpEndpoint != nil && format == .jsonl {
            throw ValidationError("--otlp-endpoint posts OTLP; drop --format jsonl or use --format otlp")
        }
    }

    func run() async throws {
        let workspace = try Workspace(path: repo)
        let filter = RecordFilter(caseIDs: cases, datasets: datasets, sinceMs: try sinceMilliseconds(since))
        var handle = FileHandle.standardOutput
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil) else {
                throw InputError("--output \(output) cannot be written", hint: "check that its folder exists")
            }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        }
        defer { if output != nil { try? handle.close() } }
        let sink = handle
        let count = try await HistoryExport(workspace: workspace).export(
            filter, format: format ?? (otlpEndpoint == nil ? .jsonl : .otlp), endpoint: otlpEndpoint,
            version: Deadbolt.configuration.version
        ) { line in sink.write(Data((line + "\n").utf8)) }
        if output != nil || otlpEndpoint != nil {
            let destination = otlpEndpoint ?? output ?? ""
            FileHandle.standardError.write(Data("exported \(Plural.count(count, "record")) to \(destination)\n".utf8))
        }
    }
}

extension HistoryExport.Format: ExpressibleByArgument {}
