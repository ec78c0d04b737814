import DeadboltCore
import DeadboltReport

/// The report floor, for tests that check a report without running the binary.
enum DeadboltReportAccess {
    static func markdown(_ verdict: Verdict) -> String { MarkdownReport.render(verdict) }
}
