import DeadboltCore

/// The formats a verdict report is written in with `--report FORMAT=PATH`.
public enum ReportFormat: String, Sendable, CaseIterable {
    case json, junit, markdown, html

    /// The whole report.
    public func render(_ verdict: Verdict) -> String {
        switch self {
        case .json: VerdictJSON.render(verdict).prettyText() + "\n"
        case .junit: JUnitReport.render(verdict)
        case .markdown: MarkdownReport.render(verdict)
        case .html: HTMLReport.render(verdict)
        }
    }
}
