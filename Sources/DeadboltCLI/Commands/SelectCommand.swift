import ArgumentParser
import DeadboltGate
import DeadboltReport

/// `deadbolt select`: the datasets and cases a gate would run for a change, and why.
struct SelectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "select",
        abstract: "Show the datasets and cases a gate would run, and the chain that reached each.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var range: GateOptions

    func run() async throws {
        let request = try range.request()
        let plan = try GatePlan.make(
            workspace: try Workspace(path: global.repo), gate: request.gate, base: request.base, head: request.head)
        switch global.format {
        case .json: print(SelectionReport.json(plan.selection).prettyText())
        case .text:
            print(SelectionReport.text(plan.selection, style: TerminalStyle.standardOutput.style), terminator: "")
        }
    }
}
