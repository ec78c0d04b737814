import DeadboltCore
import DeadboltGit

/// What a gate will run for a range: the range, its configuration, changes and selection.
struct GatePlan {
    var range: RevisionRange?
    var config: Config
    var changes: [PathChange]
    var selection: Selection
    /// The tree the selection was read from.
    var head: (any FileTree)?

    /// Resolves the range, reads the configuration at head, classifies and selects.
    ///
    /// An empty repository selects nothing: there is nothing to check yet.
    static func make(workspace: Workspace, gateName: String, base: String?, head: String?) throws -> GatePlan {
        if workspace.repository.isEmpty && head == nil {
            let config = try ConfigParser.load(from: try workspace.workTreeFiles())
            let gate = try config.gate(named: gateName)
            let selection = Selection(gate: gate, datasets: [], cycles: [], emptyReason: "the repository has no commits yet")
            return GatePlan(range: nil, config: config, changes: [], selection: selection, head: nil)
        }
        return try make(workspace: workspace, gateName: gateName, range: try workspace.range(base: base, head: head))
    }

    /// The plan for an already resolved range (a hook knows its commits).
    static func make(workspace: Workspace, gateName: String, range: RevisionRange) throws -> GatePlan {
        let headTree = workspace.tree(range.head)
        let config = try ConfigParser.load(from: headTree)
        let gate = try config.gate(named: gateName)
        Trace.mark("range and config")
        let changes = try workspace.changes(range, config: config)
        Trace.mark("changes")
        let baseTree = range.base.map { workspace.tree($0) }
        let facts = FactsFile(gitDirectory: workspace.repository.commonDirectory)
        let selection = try Selector(config: config, head: headTree, base: baseTree, facts: facts).select(gate: gate, changes: changes)
        facts.save()
        Trace.mark("selection")
        return GatePlan(range: range, config: config, changes: changes, selection: selection, head: headTree)
    }
}
