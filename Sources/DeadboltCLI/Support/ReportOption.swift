import ArgumentParser
import DeadboltCore
import DeadboltReport
import Foundation

/// `--report FORMAT=PATH`: a report written to a file besides what is printed.
struct ReportRequest: ExpressibleByArgument {
    enum Format: String, CaseIterable { case json, junit, markdown, html }
    var format: Format
    var path: String

    init?(argument: String) {
        guard let equals = argument.firstIndex(of: "="),
              let format = Format(rawValue: String(argument[..<equals])) else { return nil }
        let path = String(argument[argument.index(after: equals)...])
        guard !path.isEmpty else { return nil }
        self.format = format
        self.path = path
    }

    static var defaultCompletionKind: CompletionKind { .file() }

    /// Writes the report; a path that cannot be written is bad input.
    func write(_ verdict: Verdict) throws {
        let text: String
        switch format {
        case .json: text = VerdictJSON.render(verdict).prettyText() + "\n"
        case .junit: text = JUnitReport.render(verdict)
        case .markdown: text = MarkdownReport.render(verdict)
        case .html: text = HTMLReport.render(verdict)
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw InputError(file: path, "cannot write the \(format.rawValue) report: \(error.localizedDescription)",
                             hint: "check that the folder exists and is writable")
        }
    }
}
