import ArgumentParser
import DeadboltCore
import DeadboltGate
import DeadboltReport
import Foundation

/// `deadbolt lint`: the configuration and every dataset, all problems at once.
struct LintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check deadbolt.yml and every dataset: JSON errors, duplicate ids, missing owners, unowned prompts.")

    @OptionGroup var global: GlobalOptions

    @Option(
        help: ArgumentHelp(
            "The revision whose cases must survive (append-mostly); "
                + "default: the upstream or default branch's merge base.")
    )
    var base: String?

    func run() async throws {
        let findings = try LintRun(workspace: try Workspace(path: global.repo)).findings(
            base: base, environment: ProcessInfo.processInfo.environment)
        switch global.format {
        case .json: print(LintReport.json(findings).prettyText())
        case .text: print(LintReport.text(findings, style: TerminalStyle.standardOutput.style), terminator: "")
        }
        if findings.contains(where: { $0.severity == .error }) { throw DeadboltExit.fail }
    }
}
