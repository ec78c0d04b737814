import CLibgit2

/// An open git repository.
///
/// Not thread-safe: use one per thread. It owns every libgit2 object it hands out indirectly
/// (trees are cached and freed with it), and gives callers only value snapshots.
public final class Repository {
    let pointer: OpaquePointer
    private var trees: [String: OpaquePointer] = [:]
    /// Subtrees already looked up, by commit and folder path: reading many files of one
    /// folder (2,000 `dataset.yml` below one `evals/regression`) must not inflate the same
    /// large tree again for each.
    private var folders: [FolderKey: OpaquePointer?] = [:]

    struct FolderKey: Hashable {
        var commit: String
        var path: String
    }

    /// Opens the repository that holds `path`, searching upward as git does.
    ///
    /// With `path` nil it honours `GIT_DIR`, `GIT_WORK_TREE`, `GIT_INDEX_FILE` and the other
    /// variables git sets when it runs a hook, then searches from the current folder.
    public init(discoveringFrom path: String?) throws(GitError) {
        _ = Libgit2.initialized
        var repo: OpaquePointer?
        let code: Int32
        if let path {
            code = git_repository_open_ext(&repo, path, 0, nil)
        } else {
            code = git_repository_open_ext(&repo, nil, GIT_REPOSITORY_OPEN_FROM_ENV.rawValue, nil)
        }
        if code == GIT_ENOTFOUND.rawValue {
            git_error_clear()
            throw GitError.notARepository(path: path ?? "the current folder")
        }
        try Libgit2.check(code, "git_repository_open_ext")
        pointer = repo!
    }

    deinit {
        for tree in trees.values { git_tree_free(tree) }
        for case let tree? in folders.values { git_tree_free(tree) }
        git_repository_free(pointer)
    }

    /// The work tree's root without a trailing slash, or nil for a bare repository.
    public var workTree: String? {
        guard let path = git_repository_workdir(pointer) else { return nil }
        var text = String(cString: path)
        while text.count > 1, text.hasSuffix("/") { text.removeLast() }
        return text
    }

    /// The git directory (`.git`, or the worktree's own folder for a linked worktree).
    public var gitDirectory: String {
        var text = String(cString: git_repository_path(pointer))
        while text.count > 1, text.hasSuffix("/") { text.removeLast() }
        return text
    }

    /// The common git directory shared by every linked worktree.
    public var commonDirectory: String {
        var text = String(cString: git_repository_commondir(pointer))
        while text.count > 1, text.hasSuffix("/") { text.removeLast() }
        return text
    }

    /// Whether this is a shallow clone.
    public var isShallow: Bool { git_repository_is_shallow(pointer) == 1 }

    /// Whether HEAD points at a branch with no commit yet.
    public var isEmpty: Bool { git_repository_head_unborn(pointer) == 1 }

    /// The commit `revision` names: a sha, a short sha, a branch, a tag, `HEAD~2`, `origin/main`.
    public func resolve(_ revision: String) throws(GitError) -> ObjectID {
        var object: OpaquePointer?
        let code = git_revparse_single(&object, pointer, revision)
        if code < 0 {
            let message = Libgit2.lastMessage()
            if isEmpty
                && (revision == "HEAD" || revision.hasPrefix("HEAD~") || revision.hasPrefix("HEAD^") || revision == "@")
            {
                throw GitError.emptyRepository(revision: revision)
            }
            if code == GIT_ENOTFOUND.rawValue || code == GIT_EINVALIDSPEC.rawValue || code == GIT_EAMBIGUOUS.rawValue {
                if isShallow && (ObjectID.looksLikeID(revision) || revision.contains("~") || revision.contains("^")) {
                    throw GitError.missingInShallowClone(revision: revision)
                }
                throw GitError.unknownRevision(revision)
            }
            throw GitError.libgit2(operation: "git_revparse_single(\(revision))", code: code, message: message)
        }
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        let peeled = git_object_peel(&commit, object, GIT_OBJECT_COMMIT)
        if peeled < 0 {
            git_error_clear()
            throw GitError.unknownRevision(revision)
        }
        defer { git_object_free(commit) }
        return ObjectID(git_object_id(commit))
    }

    /// Whether `revision` resolves to a commit.
    public func exists(_ revision: String) -> Bool {
        (try? resolve(revision)) != nil
    }

    /// The best common ancestor of two commits.
    public func mergeBase(_ one: ObjectID, _ two: ObjectID) throws(GitError) -> ObjectID {
        var result = git_oid()
        var a = one.raw
        var b = two.raw
        let code = git_merge_base(&result, pointer, &a, &b)
        if code < 0 && isShallow {
            // libgit2 1.5 does not read `.git/shallow`: its walk fails at the first cut-off parent (1.8 stops there).
            git_error_clear()
            guard let base = try mergeBaseWithinHistoryPresent(one, two) else {
                throw GitError.noMergeBase(base: one.short, head: two.short, shallow: true)
            }
            return base
        }
        if code == GIT_ENOTFOUND.rawValue {
            git_error_clear()
            throw GitError.noMergeBase(base: one.short, head: two.short, shallow: isShallow)
        }
        try Libgit2.check(code, "git_merge_base")
        return ObjectID(result)
    }

    /// The parents of a commit, first parent first.
    public func parents(of commit: ObjectID) throws(GitError) -> [ObjectID] {
        let handle = try lookupCommit(commit)
        defer { git_commit_free(handle) }
        return Self.recordedParents(handle)
    }

    /// A commit's parents as the commit records them, first parent first.
    ///
    /// libgit2 1.7 and later read `.git/shallow` and give a shallow clone's boundary commits no parents;
    /// 1.5 gives the ones recorded, which the clone does not have. The recorded ones are answered on
    /// both, so that a cut-off parent is reported missing (`GitError.missingInShallowClone`) instead of
    /// the commit being taken for a root commit, compared with the empty tree.
    static func recordedParents(_ commit: OpaquePointer) -> [ObjectID] {
        let count = git_commit_parentcount(commit)
        if count > 0 {
            return (0..<count).compactMap { index in git_commit_parent_id(commit, index).map { ObjectID($0) } }
        }
        guard let header = git_commit_raw_header(commit) else { return [] }
        var parents: [ObjectID] = []
        for line in String(cString: header).split(separator: "\n") where line.hasPrefix("parent ") {
            let hex = line.dropFirst("parent ".count)
            if ObjectID.isWholeID(hex) { parents.append(ObjectID(hex: String(hex))) }
        }
        return parents
    }

    /// The tree of `commit`, cached for the life of this repository.
    func tree(of commit: ObjectID) throws(GitError) -> OpaquePointer {
        if let cached = trees[commit.hex] { return cached }
        let handle = try lookupCommit(commit)
        defer { git_commit_free(handle) }
        var tree: OpaquePointer?
        try Libgit2.check(git_commit_tree(&tree, handle), "git_commit_tree(\(commit.short))")
        trees[commit.hex] = tree!
        return tree!
    }

    /// The tree of the folder `path` ("" for the root) in `commit`, or nil when there is no
    /// folder there. Cached for the life of this repository.
    func folderTree(_ commit: ObjectID, _ path: String) throws(GitError) -> OpaquePointer? {
        if path.isEmpty { return try tree(of: commit) }
        let key = FolderKey(commit: commit.hex, path: path)
        if let cached = folders[key] { return cached }
        let slash = path.lastIndex(of: "/")
        let parentPath = slash.map { String(path[..<$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var result: OpaquePointer?
        if let parent = try folderTree(commit, parentPath),
            let entry = git_tree_entry_byname(parent, name), git_tree_entry_type(entry) == GIT_OBJECT_TREE
        {
            var tree: OpaquePointer?
            try Libgit2.check(git_tree_lookup(&tree, pointer, git_tree_entry_id(entry)), "git_tree_lookup(\(path))")
            result = tree
        }
        folders[key] = .some(result)
        return result
    }

    func lookupCommit(_ commit: ObjectID) throws(GitError) -> OpaquePointer {
        var oid = commit.raw
        var handle: OpaquePointer?
        let code = git_commit_lookup(&handle, pointer, &oid)
        if code == GIT_ENOTFOUND.rawValue {
            git_error_clear()
            throw isShallow
                ? GitError.missingInShallowClone(revision: commit.hex) : GitError.unknownRevision(commit.hex)
        }
        try Libgit2.check(code, "git_commit_lookup(\(commit.short))")
        return handle!
    }

    /// The content of the blob `id`.
    public func blob(_ id: ObjectID) throws(GitError) -> [UInt8] {
        var oid = id.raw
        var blob: OpaquePointer?
        try Libgit2.check(git_blob_lookup(&blob, pointer, &oid), "git_blob_lookup(\(id.short))")
        defer { git_blob_free(blob) }
        return Self.bytes(of: blob!)
    }

    static func bytes(of blob: OpaquePointer) -> [UInt8] {
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let raw = git_blob_rawcontent(blob) else { return [] }
        return Array(UnsafeRawBufferPointer(start: raw, count: size))
    }
}
