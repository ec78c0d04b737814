import DeadboltCore
import DeadboltGit

/// The lock check of a range: its commits, the cases it added, and each commit's status.
enum LockEvaluation {
    static func locks(workspace: Workspace, range: RevisionRange, config: Config, changes: [PathChange]) throws -> (LockCheck, [CommitLock]) {
        let (check, locks, _) = try evaluate(workspace: workspace, range: range, config: config, changes: changes)
        return (check, locks)
    }

    /// The check, each commit's status, and the cases the range added.
    static func evaluate(workspace: Workspace, range: RevisionRange, config: Config, changes: [PathChange]) throws -> (LockCheck, [CommitLock], [AddedCase]) {
        let repository = workspace.repository
        let origin = repository.configValue("remote.origin.url").flatMap(BugLink.githubRepository(fromRemote:))
        let check = LockCheck(config: config, origin: origin)
        let commits = try repository.commits(from: range.base, to: range.head).map {
            CommitMessage(sha: $0.id.hex, subject: $0.subject, message: $0.message)
        }
        let added = check.addedCases(changes: changes, base: range.base.map { workspace.tree($0) }, head: workspace.tree(range.head))
        return (check, check.check(commits, added: added), added)
    }
}
