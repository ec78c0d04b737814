import ArgumentParser
import DeadboltCore
import DeadboltGit
import DeadboltReport

/// `deadbolt select`: the datasets and cases a gate would run for a change, and why.
struct SelectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "select",
        abstract: "Show the datasets and cases a gate would run, and the chain that reached each.")

    @OptionGroup var global: GlobalOptions

    @OptionGroup var range: GateOptions

    func run() async throws {
        let workspace = try Workspace(path: global.repo)
        let resolved = try range.resolved()
        let planned = try GatePlan.make(workspace: workspace, gateName: resolved.gate, base: resolved.base, head: resolved.head)
        switch global.format {
        case .json: print(SelectionReport.json(planned.selection).prettyText())
        case .text: print(SelectionReport.text(planned.selection, style: Style(colour: TerminalStyle.standardOutput.colour)), terminator: "")
        }
    }
}
