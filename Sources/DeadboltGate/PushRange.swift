import DeadboltCore
import DeadboltGit

/// What one pushed ref is compared with.
public struct PushRange: Sendable {
    public var range: RevisionRange
    /// Said when the comparison is not the obvious one.
    public var note: String?

    /// The range for `update`, or nil when it pushes nothing new.
    ///
    /// An existing ref is compared with what the remote has (its merge base, after a force
    /// push). A new ref, or one whose remote commit is not here (someone else pushed), is
    /// compared with its merge base with the remote's default branch (`REMOTE/HEAD`, else
    /// main, else master), else with the commits of no ref of that remote.
    public static func resolve(_ update: PushUpdate, remote: String, repository: Repository) throws -> PushRange? {
        let head = try repository.resolve(update.localSHA)
        func range(_ base: ObjectID?, note: String?) -> PushRange {
            PushRange(
                range: RevisionRange(
                    base: base, head: head, baseName: base?.hex ?? "(empty tree)", headName: update.localRef),
                note: note)
        }
        var note: String?
        if !update.isNewRef {
            if repository.hasCommit(update.remoteSHA) {
                let remoteCommit = try repository.resolve(update.remoteSHA)
                let base = try repository.mergeBase(remoteCommit, head)
                if base == head { return nil }
                if base != remoteCommit {
                    note =
                        "not a fast-forward of \(remoteCommit.short) (a force push): "
                        + "comparing with their merge base \(base.short)"
                }
                return range(base, note: note)
            }
            note =
                "the remote's \(update.remoteRef) is at \(update.remoteSHA.prefix(7)), "
                + "which is not in this repository (fetch to compare with it)"
        }
        if let found = DefaultBranch.mergeBase(
            in: repository, candidates: DefaultBranch.candidates(remote: remote), head: head)
        {
            if found.base == head { return nil }
            let said = "comparing with the merge base of \(found.name.dropPrefix("refs/remotes/")), \(found.base.short)"
            return range(found.base, note: note.map { "\($0); \(said)" } ?? (update.isNewRef ? nil : said))
        }
        let known = try repository.commits(ofRefsMatching: "refs/remotes/\(remote)/*")
        if known.contains(head) { return nil }
        let base = try repository.boundaryParents(of: head, hiding: known).first
        let said =
            base.map { "comparing with \($0.short), where the commits no ref of \(remote) has begin" }
            ?? "\(remote) has none of this history: comparing with the empty tree"
        return range(base, note: note.map { "\($0); \(said)" } ?? said)
    }
}

extension String {
    fileprivate func dropPrefix(_ prefix: String) -> Substring {
        hasPrefix(prefix) ? dropFirst(prefix.count) : self[...]
    }
}
