import DeadboltCore
import DeadboltGit

/// What the commit-msg hook decides: whether the message names a bug when the staged change needs one.
public struct CommitMessageGate {
    public let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }

    /// Checks `message` against the staged change and deadbolt.yml in the work tree.
    public func check(_ message: String) throws -> CommitMessageCheck.Outcome {
        let repository = workspace.repository
        let config = try ConfigParser.load(from: try workspace.workTreeFiles())
        var commentChar: Character = "#"
        if let setting = repository.configValue("core.commentChar"), setting != "auto", let first = setting.first {
            commentChar = first
        }
        let check = CommitMessageCheck(config: config, commentChar: commentChar)
        let staged =
            config.commitMessage.requireBugLink == .promptChanges ? try workspace.stagedChanges(config: config) : []
        return check.check(message, staged: staged, origin: workspace.originRepository)
    }
}
