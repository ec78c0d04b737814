import ArgumentParser
import DeadboltCore
import DeadboltGate
import DeadboltReport

/// `deadbolt locks`: for each bug-linked commit of a range, the case that locks its bug.
struct LocksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "locks",
        abstract: "Show which bug-linked commits of a range add the regression case that locks their bug.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var revisions: RangeOptions

    func run() async throws {
        let workspace = try Workspace(path: global.repo)
        let range = try workspace.range(base: revisions.base, head: revisions.head)
        let config = try ConfigParser.load(from: workspace.tree(range.head))
        let changes = try workspace.changes(range, config: config)
        let locks = try LockEvaluation(workspace: workspace, range: range, config: config, changes: changes).locks
        switch global.format {
        case .json: print(LocksReport.json(base: range.base?.hex, head: range.head.hex, locks: locks).prettyText())
        case .text: print(LocksReport.text(locks, style: TerminalStyle.standardOutput.style), terminator: "")
        }
    }
}
