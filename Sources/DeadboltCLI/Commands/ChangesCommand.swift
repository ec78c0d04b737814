import ArgumentParser
import DeadboltCore
import DeadboltGate
import DeadboltReport

/// `deadbolt changes`: the changed paths between two revisions (or staged), classified.
struct ChangesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changes",
        abstract: "List the changed paths between two revisions, with their kinds.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var revisions: RangeOptions

    @Flag(help: "Compare the index with HEAD instead of two revisions.")
    var staged = false

    func validate() throws {
        if staged && (revisions.base != nil || revisions.head != nil) {
            throw ValidationError("--staged compares the index with HEAD; it takes no --base or --head")
        }
    }

    func run() async throws {
        PhaseTrace.mark("parse arguments")
        let workspace = try Workspace(path: global.repo)
        PhaseTrace.mark("open repository")
        if staged {
            let config = try ConfigParser.load(from: try workspace.workTreeFiles())
            show(base: try workspace.headCommit()?.hex, head: nil, changes: try workspace.stagedChanges(config: config))
            return
        }
        let range = try workspace.range(base: revisions.base, head: revisions.head)
        PhaseTrace.mark("resolve range")
        let config = try ConfigParser.load(from: workspace.tree(range.head))
        PhaseTrace.mark("load config")
        let changes = try workspace.changes(range, config: config)
        PhaseTrace.mark("diff trees")
        show(base: range.base?.hex, head: range.head.hex, changes: changes)
    }

    func show(base: String?, head: String?, changes: [PathChange]) {
        switch global.format {
        case .json: print(ChangesReport.json(base: base, head: head, changes: changes).prettyText())
        case .text: print(ChangesReport.text(changes: changes), terminator: "")
        }
    }
}
