import ArgumentParser
import DeadboltCore
import DeadboltGate
import DeadboltReport
import Foundation

/// `deadbolt coverage`: where production hurts and no regression case locks it.
struct CoverageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Join production trace summaries with the regression cases and their results, thinnest slice first.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, markdown, html }

    @Option(
        name: [.customShort("C"), .customLong("repo")], help: "Run in this repository instead of the current folder.")
    var repo: String?

    @Option(
        name: .customLong("traces"), parsing: .upToNextOption,
        help: ArgumentHelp(
            "Production exports: CSV or JSON Lines rows (one per trace), OTLP, Langfuse or LangSmith exports, "
                + "or folders of them.", valueName: "file"))
    var traces: [String] = []

    @Option(help: "Only traces this recent, such as 30d or 12h.") var since: String?

    @Option(help: "The keys to slice by, comma-separated (default: coverage.keys, feature,intent,customer_tier).")
    var by: String?

    @Option(help: "Output format: text, json, markdown or html.") var format: Format = .text

    @Option(
        name: .customLong("report"),
        help: ArgumentHelp(
            "Also write a report, as FORMAT=PATH (json, markdown or html); repeatable.", valueName: "format=path"))
    var reports: [String] = []

    func validate() throws {
        _ = try sinceMilliseconds(since)
        guard !traces.isEmpty else {
            throw ValidationError("--traces needs at least one export (CSV, JSON Lines, OTLP, Langfuse or LangSmith)")
        }
        guard traces.count <= 10_000 else {
            throw ValidationError("--traces is given \(traces.count) files; at most 10000")
        }
        for report in reports where Self.report(report) == nil {
            throw ValidationError("--report takes json=PATH, markdown=PATH or html=PATH, not `\(report)`")
        }
        if let keys = by.map(Self.keys) {
            guard !keys.isEmpty, keys.count <= CoverageConfig.keyLimit else {
                throw ValidationError("--by takes 1 to \(CoverageConfig.keyLimit) keys, such as feature,customer_tier")
            }
        }
    }

    static func keys(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func report(_ text: String) -> (format: Format, path: String)? {
        guard let equals = text.firstIndex(of: "="), let format = Format(rawValue: String(text[..<equals])),
            format != .text
        else { return nil }
        let path = String(text[text.index(after: equals)...])
        return path.isEmpty ? nil : (format, path)
    }

    func run() async throws {
        var request = CoverageRun.Request(paths: traces)
        request.by = by.map(Self.keys) ?? []
        request.sinceMs = try sinceMilliseconds(since)
        let outcome = try await CoverageRun(workspace: try Workspace(path: repo)).run(request)
        let summary = outcome.summary
        func render(_ format: Format, style: Style) -> String {
            switch format {
            case .json: CoverageReport.json(outcome.slices, summary).prettyText() + "\n"
            case .markdown: CoverageReport.markdown(outcome.slices, summary)
            case .html: CoverageHTMLReport.render(outcome.slices, summary)
            case .text: CoverageReport.text(outcome.slices, summary, style: style)
            }
        }
        for report in reports.compactMap(Self.report) {
            do {
                try Data(render(report.format, style: .plain).utf8).write(to: URL(fileURLWithPath: report.path))
            } catch {
                throw InputError(
                    file: report.path,
                    "cannot write the \(report.format.rawValue) report: \(error.localizedDescription)",
                    hint: "check that the folder exists and is writable")
            }
        }
        print(render(format, style: TerminalStyle.standardOutput.style), terminator: "")
    }
}

/// `deadbolt prompt-version`: the id an application puts on its traces so that coverage joins exactly.
struct PromptVersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prompt-version",
        abstract: "Print the id of a prompt file (its git blob id) for an application to put on its traces.")

    @Option(
        name: [.customShort("C"), .customLong("repo")], help: "Run in this repository instead of the current folder.")
    var repo: String?

    @Argument(help: "The prompt file, from the repository root.") var path: String

    @Option(help: "The file at this revision (a commit, branch or tag) instead of the work tree.") var revision: String?

    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func run() throws {
        let workspace = try Workspace(path: repo)
        let config = try HistoryReading(workspace: workspace).config()
        let found = try PromptVersions(workspace: workspace, config: config.coverage).id(of: path, revision: revision)
        switch format {
        case .text: print(found.blob)
        case .json:
            print(
                JSONValue.object([
                    "path": .string(RepoPath.normalize(path) ?? path), "blob": .string(found.blob),
                    "revision": .string(found.revision),
                ]).prettyText())
        }
    }
}
