import CLibgit2

extension Repository {
    /// The commits the refs matching `glob` (`refs/remotes/origin/*`) point at, peeled.
    public func commits(ofRefsMatching glob: String) throws(GitError) -> [ObjectID] {
        var iterator: OpaquePointer?
        try Libgit2.check(
            git_reference_iterator_glob_new(&iterator, pointer, glob), "git_reference_iterator_glob_new(\(glob))")
        defer { git_reference_iterator_free(iterator) }
        var result: [ObjectID] = []
        var reference: OpaquePointer?
        while git_reference_next(&reference, iterator) == 0 {
            defer { git_reference_free(reference) }
            var object: OpaquePointer?
            if git_reference_peel(&object, reference, GIT_OBJECT_COMMIT) == 0 {
                result.append(ObjectID(git_object_id(object)))
                git_object_free(object)
            } else {
                git_error_clear()
            }
        }
        git_error_clear()
        return result
    }

    /// Whether the object `sha` is in this repository and is, or peels to, a commit (a push may
    /// name one that is not here; a tag's remote value is an annotated tag object).
    public func hasCommit(_ sha: String) -> Bool {
        guard ObjectID.looksLikeID(sha) else { return false }
        var oid = git_oid()
        guard git_oid_fromstr(&oid, sha) == 0 else {
            git_error_clear()
            return false
        }
        var object: OpaquePointer?
        guard git_object_lookup(&object, pointer, &oid, GIT_OBJECT_ANY) == 0 else {
            git_error_clear()
            return false
        }
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        guard git_object_peel(&commit, object, GIT_OBJECT_COMMIT) == 0 else {
            git_error_clear()
            return false
        }
        git_object_free(commit)
        return true
    }

    /// The oldest commits reachable from `head` and from none of `hidden`, and their parents
    /// outside that set: where the new history meets the known one.
    public func boundaryParents(of head: ObjectID, hiding hidden: [ObjectID]) throws(GitError) -> [ObjectID] {
        var walk: OpaquePointer?
        try Libgit2.check(git_revwalk_new(&walk, pointer), "git_revwalk_new")
        defer { git_revwalk_free(walk) }
        var headOID = head.raw
        try Libgit2.check(git_revwalk_push(walk, &headOID), "git_revwalk_push")
        for id in hidden {
            var oid = id.raw
            if git_revwalk_hide(walk, &oid) < 0 { git_error_clear() }
        }
        var fresh = Set<ObjectID>()
        var order: [ObjectID] = []
        var oid = git_oid()
        while git_revwalk_next(&oid, walk) == 0 {
            let id = ObjectID(oid)
            fresh.insert(id)
            order.append(id)
        }
        git_error_clear()
        var boundary: [ObjectID] = []
        for id in order {
            for parent in try parents(of: id) where !fresh.contains(parent) && !boundary.contains(parent) {
                boundary.append(parent)
            }
        }
        return boundary
    }
}
