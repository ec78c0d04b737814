import CLibgit2

extension ObjectID {
    /// The id git would give `content` as a blob, computed without writing anything.
    public static func blob(hashing content: [UInt8]) -> ObjectID {
        _ = Libgit2.initialized
        var oid = git_oid()
        _ = content.withUnsafeBytes { git_odb_hash(&oid, $0.baseAddress, $0.count, GIT_OBJECT_BLOB) }
        return ObjectID(oid)
    }
}
