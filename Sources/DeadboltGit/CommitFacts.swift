import CLibgit2

/// Who made a commit, and when.
public struct CommitAuthor: Sendable, Equatable {
    /// `Name <email>`.
    public var author: String
    /// Seconds since 1970 of the commit (the committer's time).
    public var time: Int64
}

extension Repository {
    /// The branch HEAD is on, or nil for a detached HEAD or an unborn branch.
    public var currentBranch: String? {
        var head: OpaquePointer?
        guard git_repository_head(&head, pointer) == 0, let head else {
            git_error_clear()
            return nil
        }
        defer { git_reference_free(head) }
        guard git_reference_is_branch(head) == 1, let name = git_reference_shorthand(head) else { return nil }
        return String(cString: name)
    }

    /// The author and time of `commit`.
    public func author(of commit: ObjectID) throws(GitError) -> CommitAuthor {
        let pointer = try lookupCommit(commit)
        defer { git_commit_free(pointer) }
        var author = ""
        if let signature = git_commit_author(pointer) {
            let name = signature.pointee.name.map { String(cString: $0) } ?? ""
            let email = signature.pointee.email.map { String(cString: $0) } ?? ""
            author = email.isEmpty ? name : "\(name) <\(email)>"
        }
        return CommitAuthor(author: author, time: Int64(git_commit_time(pointer)))
    }

    /// Up to `limit` commits reachable from `start`, `start` first, then nearest first (by commit
    /// time, parents after children): where to look for a case's last record.
    public func ancestors(of start: ObjectID, limit: Int) throws(GitError) -> [ObjectID] {
        var walk: OpaquePointer?
        try Libgit2.check(git_revwalk_new(&walk, pointer), "git_revwalk_new")
        defer { git_revwalk_free(walk) }
        try Libgit2.check(
            git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue), "git_revwalk_sorting")
        var oid = start.raw
        try Libgit2.check(git_revwalk_push(walk, &oid), "git_revwalk_push")
        var result: [ObjectID] = []
        var next = git_oid()
        while result.count < limit {
            let code = git_revwalk_next(&next, walk)
            if code == GIT_ITEROVER.rawValue { break }
            // A shallow clone ends where its history does.
            if code != 0 {
                git_error_clear()
                break
            }
            result.append(ObjectID(next))
        }
        return result
    }

    /// Whether the work tree or the index differs from HEAD (untracked files count, ignored ones
    /// do not). False for a bare repository.
    public func hasUncommittedChanges() -> Bool {
        guard workTree != nil else { return false }
        var options = git_status_options()
        guard git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION)) == 0 else { return false }
        options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR
        options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue | GIT_STATUS_OPT_EXCLUDE_SUBMODULES.rawValue
        var list: OpaquePointer?
        guard git_status_list_new(&list, pointer, &options) == 0, let list else {
            git_error_clear()
            return false
        }
        defer { git_status_list_free(list) }
        return git_status_list_entrycount(list) > 0
    }
}
