import DeadboltCore
import DeadboltGit

/// The lock check of a range: its commits, the cases it added, and each commit's status.
public struct LockEvaluation {
    /// The check, configured for the head's deadbolt.yml and origin.
    public let check: LockCheck
    /// Each commit's status.
    public let locks: [CommitLock]
    /// The cases the range added.
    public let added: [AddedCase]
    public let range: RevisionRange

    public init(workspace: Workspace, range: RevisionRange, config: Config, changes: [PathChange]) throws {
        check = LockCheck(config: config, origin: workspace.originRepository)
        let commits = try workspace.repository.commits(from: range.base, to: range.head).map {
            CommitMessage(sha: $0.id.hex, subject: $0.subject, message: $0.message)
        }
        added = check.addedCases(
            changes: changes, base: range.base.map { workspace.tree($0) }, head: workspace.tree(range.head))
        locks = check.check(commits, added: added)
        self.range = range
    }
}
