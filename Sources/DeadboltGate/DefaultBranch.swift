import DeadboltGit

/// The branch a change is compared with when nobody named one.
enum DefaultBranch {
    /// The names to try for `remote`'s default branch, best first: what `REMOTE/HEAD` points
    /// at, then main, then master.
    static func candidates(remote: String) -> [String] {
        ["refs/remotes/\(remote)/HEAD", "refs/remotes/\(remote)/main", "refs/remotes/\(remote)/master"]
    }

    /// The first candidate that exists and shares history with `head`, with their merge base.
    static func mergeBase(
        in repository: Repository, candidates: [String], head: ObjectID
    ) -> (name: String, base: ObjectID)? {
        for candidate in candidates {
            guard let target = try? repository.resolve(candidate), target != head,
                let base = try? repository.mergeBase(target, head)
            else { continue }
            return (candidate, base)
        }
        return nil
    }
}
