import DeadboltCore
import DeadboltGit

/// What a gate will run for a range: the range, its configuration, changes and selection.
public struct GatePlan {
    public var range: RevisionRange?
    public var config: Config
    public var changes: [PathChange]
    public var selection: Selection
    /// The tree the selection was read from.
    public var head: (any FileTree)?

    /// Resolves the range, reads the configuration at head, classifies and selects.
    ///
    /// An empty repository selects nothing: there is nothing to check yet.
    public static func make(workspace: Workspace, gate gateName: String, base: String?, head: String?) throws
        -> GatePlan
    {
        if workspace.repository.isEmpty && head == nil {
            let config = try ConfigParser.load(from: try workspace.workTreeFiles())
            let gate = try config.gate(named: gateName)
            let selection = Selection(
                gate: gate, datasets: [], cycles: [], emptyReason: "the repository has no commits yet")
            return GatePlan(range: nil, config: config, changes: [], selection: selection, head: nil)
        }
        return try make(workspace: workspace, gate: gateName, range: try workspace.range(base: base, head: head))
    }

    /// The plan for an already resolved range (a hook knows its commits).
    public static func make(workspace: Workspace, gate gateName: String, range: RevisionRange) throws -> GatePlan {
        let headTree = workspace.tree(range.head)
        let config = try ConfigParser.load(from: headTree)
        let gate = try config.gate(named: gateName)
        PhaseTrace.mark("range and config")
        let changes = try workspace.changes(range, config: config)
        PhaseTrace.mark("changes")
        let baseTree = range.base.map { workspace.tree($0) }
        let facts = FactsFile(gitDirectory: workspace.repository.commonDirectory)
        let selector = Selector(config: config, head: headTree, base: baseTree, facts: facts)
        let selection = try selector.select(gate: gate, changes: changes)
        facts.save()
        PhaseTrace.mark("selection")
        return GatePlan(range: range, config: config, changes: changes, selection: selection, head: headTree)
    }
}
