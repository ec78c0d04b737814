import DeadboltCore
import DeadboltReport
import Foundation

/// Prints a verdict and writes the requested reports.
enum Output {
    static func show(
        _ verdict: Verdict, format: OutputFormat, reports: [ReportRequest], started: ContinuousClock.Instant
    ) throws {
        for report in reports { try report.write(verdict) }
        switch format {
        case .json: print(VerdictJSON.render(verdict).prettyText())
        case .text:
            let text = VerdictText.render(
                verdict, style: TerminalStyle.standardOutput.style, elapsedMs: TimeText.milliseconds(since: started))
            print(text, terminator: "")
        }
    }

    /// Prints a verdict, writes the reports, and ends with exit 1 when the verdict is fail.
    static func verdict(
        _ verdict: Verdict, format: OutputFormat, reports: [ReportRequest], started: ContinuousClock.Instant
    ) throws {
        try show(verdict, format: format, reports: reports, started: started)
        if verdict.outcome == .fail { throw DeadboltExit.fail }
    }
}
