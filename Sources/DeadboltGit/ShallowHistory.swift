extension Repository {
    /// The merge base of two commits over the history this repository has, a shallow clone's
    /// cut-off parents left out; nil when they share none of it.
    ///
    /// The common ancestors not a parent of another common ancestor are the best ones; when a
    /// criss-cross merge leaves several, the smallest id is taken, so that the answer is stable.
    func mergeBaseWithinHistoryPresent(_ one: ObjectID, _ two: ObjectID) throws(GitError) -> ObjectID? {
        let common = try ancestorsPresent(of: one).intersection(try ancestorsPresent(of: two))
        var parentsOfCommon = Set<ObjectID>()
        for id in common { parentsOfCommon.formUnion(try parents(of: id)) }
        return common.subtracting(parentsOfCommon).min { $0.hex < $1.hex }
    }

    /// `commit` and every ancestor of it whose commit is in this repository.
    func ancestorsPresent(of commit: ObjectID) throws(GitError) -> Set<ObjectID> {
        var seen: Set<ObjectID> = [commit]
        var pending = [commit]
        while let next = pending.popLast() {
            for parent in try parents(of: next) where !seen.contains(parent) && hasCommit(parent.hex) {
                seen.insert(parent)
                pending.append(parent)
            }
        }
        return seen
    }
}
