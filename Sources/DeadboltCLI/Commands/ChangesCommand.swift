import ArgumentParser
import DeadboltCore
import DeadboltGit
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

    func run() async throws {
        Trace.mark("parse arguments")
        let workspace = try Workspace(path: global.repo)
        if staged {
            if revisions.base != nil || revisions.head != nil {
                throw ValidationError("--staged compares the index with HEAD; it takes no --base or --head")
            }
            let config = try ConfigParser.load(from: try workspace.workTreeFiles())
            let changes = try workspace.stagedChanges(config: config)
            let head = workspace.repository.isEmpty ? nil : try workspace.repository.resolve("HEAD").hex
            print(output(base: head, head: nil, changes: changes), terminator: "")
            return
        }
        Trace.mark("open repository")
        let range = try workspace.range(base: revisions.base, head: revisions.head)
        Trace.mark("resolve range")
        let config = try ConfigParser.load(from: workspace.tree(range.head))
        Trace.mark("load config")
        let changes = try workspace.changes(range, config: config)
        Trace.mark("diff trees")
        print(output(base: range.base?.hex, head: range.head.hex, changes: changes), terminator: "")
    }

    func output(base: String?, head: String?, changes: [PathChange]) -> String {
        switch global.format {
        case .json: return ChangesReport.json(base: base, head: head, changes: changes).prettyText() + "\n"
        case .text: return ChangesReport.text(changes: changes)
        }
    }
}
