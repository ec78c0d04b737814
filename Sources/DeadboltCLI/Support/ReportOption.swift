import ArgumentParser
import DeadboltCore
import DeadboltReport
import Foundation

/// `--report FORMAT=PATH`: a report written to a file besides what is printed.
struct ReportRequest: ExpressibleByArgument {
    var format: ReportFormat
    var path: String

    init?(argument: String) {
        guard let equals = argument.firstIndex(of: "="),
            let format = ReportFormat(rawValue: String(argument[..<equals]))
        else { return nil }
        let path = String(argument[argument.index(after: equals)...])
        guard !path.isEmpty else { return nil }
        self.format = format
        self.path = path
    }

    static var defaultCompletionKind: CompletionKind { .file() }

    /// Writes the report; a path that cannot be written is bad input.
    func write(_ verdict: Verdict) throws {
        do {
            try Data(format.render(verdict).utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw InputError(
                file: path, "cannot write the \(format.rawValue) report: \(error.localizedDescription)",
                hint: "check that the folder exists and is writable")
        }
    }
}
