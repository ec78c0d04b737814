import CLibgit2

extension Repository {
    /// Writes every file of `commit` into `directory`, leaving the work tree and index alone.
    ///
    /// Used to run a provider against a revision other than the checked-out one.
    ///
    /// With `previous`, the folder is taken to hold that commit's files: only what differs between
    /// the two is written or removed, as `git checkout` moves a work tree.
    public func materialize(_ commit: ObjectID, into directory: String, over previous: ObjectID? = nil)
        throws(GitError)
    {
        let handle = try lookupCommit(commit)
        defer { git_commit_free(handle) }
        var options = git_checkout_options()
        git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION))
        options.checkout_strategy = GIT_CHECKOUT_FORCE.rawValue | GIT_CHECKOUT_DONT_UPDATE_INDEX.rawValue
        var baseline: OpaquePointer?
        if let previous {
            let before = try lookupCommit(previous)
            defer { git_commit_free(before) }
            try Libgit2.check(git_commit_tree(&baseline, before), "git_commit_tree(\(previous.short))")
            options.baseline = baseline
        }
        defer { if let baseline { git_tree_free(baseline) } }
        let code = directory.withCString { path -> Int32 in
            options.target_directory = path
            return git_checkout_tree(pointer, handle, &options)
        }
        try Libgit2.check(code, "git_checkout_tree(\(commit.short) into \(directory))")
    }
}
