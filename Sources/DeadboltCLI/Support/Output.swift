import DeadboltCore
import DeadboltReport
import Foundation

/// Prints a verdict, writes the requested reports, and ends with the verdict's exit code.
enum Output {
    static func verdict(_ verdict: Verdict, format: OutputFormat, reports: [ReportRequest], started: ContinuousClock.Instant) throws {
        try show(verdict, format: format, reports: reports, started: started)
        if verdict.outcome == .fail { throw DeadboltExit.fail }
    }

    /// Prints a verdict and writes the requested reports.
    static func show(_ verdict: Verdict, format: OutputFormat, reports: [ReportRequest], started: ContinuousClock.Instant) throws {
        for report in reports { try report.write(verdict) }
        let elapsed = ContinuousClock.now - started
        let ms = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        switch format {
        case .json: print(VerdictJSON.render(verdict).prettyText())
        case .text: print(VerdictText.render(verdict, style: Style(colour: TerminalStyle.standardOutput.colour), elapsedMs: ms), terminator: "")
        }
    }
}
