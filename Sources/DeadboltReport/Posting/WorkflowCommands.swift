import DeadboltCore
import Foundation

/// GitHub Actions workflow commands (`::error file=...,line=...,title=...::message`) that put a
/// failing case on its line of `cases.jsonl`, and the changed prompt that reached it on the prompt,
/// in the pull request's Files tab.
public enum WorkflowCommands {
    /// At most this many case annotations; the rest are in the step summary and the reports.
    public static let caseLimit = 50

    public struct Annotation: Sendable, Equatable {
        public enum Level: String, Sendable { case error, warning, notice }
        public var level: Level
        public var file: String?
        public var line: Int?
        public var title: String
        public var message: String

        public init(level: Level, file: String? = nil, line: Int? = nil, title: String, message: String) {
            self.level = level
            self.file = file
            self.line = line
            self.title = title
            self.message = message
        }

        /// The command line, escaped as the runner reads it.
        public var command: String {
            var properties: [String] = []
            if let file { properties.append("file=\(escapeProperty(file))") }
            if let line, line > 0 { properties.append("line=\(line)") }
            properties.append("title=\(escapeProperty(title))")
            return "::\(level.rawValue) \(properties.joined(separator: ","))::\(escapeData(message))"
        }
    }

    /// The annotations for `verdict`: one per failing case (at most `caseLimit`), one per changed
    /// prompt that reaches failing cases, and one per warning. `ownerPaths` maps each selected
    /// dataset to the changed prompts and guardrails that reached it.
    public static func annotations(_ verdict: Verdict, ownerPaths: [String: [String]]) -> [Annotation] {
        var annotations: [Annotation] = []
        let problems = verdict.results.filter { $0.status != .passed }
        for result in problems.prefix(caseLimit) {
            var message = result.failure?.reason ?? ""
            for assertion in result.assertions where !assertion.pass {
                message += (message.isEmpty ? "" : "\n") + "\(assertion.type): \(assertion.message)"
                if let diff = assertion.diff { message += "\n" + diff }
            }
            if let bug = result.bugLink { message += "\nThis case locks \(bug)." }
            annotations.append(
                Annotation(
                    level: .error, file: result.file.isEmpty ? nil : result.file, line: result.line,
                    title: "deadbolt: \(result.dataset) / \(result.caseID) \(result.status.rawValue)", message: message)
            )
        }
        if problems.count > caseLimit {
            annotations.append(
                Annotation(
                    level: .error, title: "deadbolt: \(problems.count - caseLimit) more failing cases",
                    message:
                        "Only the first \(caseLimit) failing cases are annotated; "
                        + "the step summary and the reports have all \(problems.count)."
                ))
        }
        // Each changed prompt, with the failing cases it reaches through the datasets it owns.
        var byPrompt: [String: [CaseResult]] = [:]
        for result in problems {
            for path in Set(ownerPaths[result.dataset] ?? []) { byPrompt[path, default: []].append(result) }
        }
        for (path, results) in byPrompt.sorted(by: { $0.key < $1.key }) {
            let names = results.prefix(10).map { "\($0.dataset) / \($0.caseID)" }
            let more = results.count > 10 ? "\n…and \(results.count - 10) more" : ""
            annotations.append(
                Annotation(
                    level: .error, file: path, line: 1,
                    title:
                        "deadbolt: this change fails \(Plural.count(results.count, "regression case"))",
                    message: names.joined(separator: "\n") + more))
        }
        for warning in verdict.strictWarnings {
            annotations.append(
                Annotation(level: .error, title: "deadbolt: \(warning.kind.rawValue)", message: warning.message))
        }
        for warning in verdict.warnings {
            annotations.append(
                Annotation(level: .warning, title: "deadbolt: \(warning.kind.rawValue)", message: warning.message))
        }
        return annotations
    }

    /// The message after `::`: `%`, CR and LF escaped.
    public static func escapeData(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A property value: also `:` and `,`, which would end it.
    public static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
