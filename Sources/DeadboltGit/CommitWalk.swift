import CLibgit2

/// One commit as the lock check reads it.
public struct CommitInfo: Sendable, Equatable {
    public var id: ObjectID
    /// The raw message, as git stores it.
    public var message: String
    /// The first line.
    public var subject: String
    public var parents: [ObjectID]
}

extension Repository {
    /// The commits reachable from `head` but not from `base` (all of head's history when base
    /// is nil), merges included, oldest first.
    public func commits(from base: ObjectID?, to head: ObjectID) throws(GitError) -> [CommitInfo] {
        var walk: OpaquePointer?
        try Libgit2.check(git_revwalk_new(&walk, pointer), "git_revwalk_new")
        defer { git_revwalk_free(walk) }
        try Libgit2.check(
            git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_REVERSE.rawValue), "git_revwalk_sorting")
        var headOID = head.raw
        try Libgit2.check(git_revwalk_push(walk, &headOID), "git_revwalk_push")
        if let base {
            var baseOID = base.raw
            try Libgit2.check(git_revwalk_hide(walk, &baseOID), "git_revwalk_hide")
        }
        var result: [CommitInfo] = []
        var oid = git_oid()
        while true {
            let code = git_revwalk_next(&oid, walk)
            if code == GIT_ITEROVER.rawValue { break }
            try Libgit2.check(code, "git_revwalk_next")
            let id = ObjectID(oid)
            let commit = try lookupCommit(id)
            defer { git_commit_free(commit) }
            let message = git_commit_message_raw(commit).map { String(cString: $0) } ?? ""
            let subject =
                message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)
                ?? ""
            result.append(
                CommitInfo(id: id, message: message, subject: subject, parents: Self.recordedParents(commit)))
        }
        return result
    }

    /// A configuration value (`remote.origin.url`), or nil when unset.
    public func configValue(_ name: String) -> String? {
        var config: OpaquePointer?
        guard git_repository_config_snapshot(&config, pointer) == 0 else {
            git_error_clear()
            return nil
        }
        defer { git_config_free(config) }
        var value: UnsafePointer<CChar>?
        guard git_config_get_string(&value, config, name) == 0, let value else {
            git_error_clear()
            return nil
        }
        return String(cString: value)
    }
}
