import CLibgit2

/// The files of one commit, read through libgit2 without touching the work tree.
public struct RevisionTree {
    /// The repository the tree belongs to; kept alive while the tree is used.
    public let repository: Repository
    /// The commit whose tree this is.
    public let commit: ObjectID

    public init(repository: Repository, commit: ObjectID) {
        self.repository = repository
        self.commit = commit
    }

    /// The kind of a tree entry, as git records it.
    public enum EntryKind: Sendable, Equatable {
        case file, executable, symlink, folder, submodule
    }

    /// One entry of a folder: its name, kind and object id.
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var kind: EntryKind
        public var id: ObjectID
    }

    /// Looks `path` up, calling `body` with the entry while it is alive; nil when absent.
    ///
    /// The entry is borrowed from its folder's tree, which the repository caches.
    private func withEntry<T>(_ path: String, _ body: (OpaquePointer) throws(GitError) -> T) throws(GitError) -> T? {
        guard let normalized = Self.normalize(path), !normalized.isEmpty else { return nil }
        let slash = normalized.lastIndex(of: "/")
        let folder = slash.map { String(normalized[..<$0]) } ?? ""
        let name = slash.map { String(normalized[normalized.index(after: $0)...]) } ?? normalized
        guard let tree = try repository.folderTree(commit, folder), let entry = git_tree_entry_byname(tree, name) else {
            return nil
        }
        return try body(entry)
    }

    /// `path` without empty, `.` or trailing components; nil when it climbs with `..`.
    static func normalize(_ path: String) -> String? {
        // Most paths are normal already; joining the parts again costs a first-use generic lookup.
        if isNormal(path) { return path }
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) where part != "." {
            if part == ".." { return nil }
            parts.append(part)
        }
        return parts.joined(separator: "/")
    }

    /// True when `path` has no empty, `.` or `..` part, so that normalizing would return it unchanged.
    static func isNormal(_ path: String) -> Bool {
        var length = 0 // bytes in the current part
        var onlyDots = true // the current part holds nothing but dots so far
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") {
                if length == 0 || onlyDots && length <= 2 { return false }
                length = 0
                onlyDots = true
            } else {
                length += 1
                if byte != UInt8(ascii: ".") { onlyDots = false }
            }
        }
        return length > 0 && !(onlyDots && length <= 2)
    }

    /// The content of the file at `path`, or nil when the commit has no file there.
    ///
    /// A symlink reads as its target path, as git stores it; a folder or submodule reads as nil.
    public func read(_ path: String) throws(GitError) -> [UInt8]? {
        let id: ObjectID?? = try withEntry(path) { entry in
            guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else { return nil }
            return ObjectID(git_tree_entry_id(entry))
        }
        guard let found = id, let blobID = found else { return nil }
        return try repository.blob(blobID)
    }

    /// The blob id of the file at `path`, or nil when there is none.
    public func blobID(_ path: String) throws(GitError) -> ObjectID? {
        let id: ObjectID?? = try withEntry(path) { entry in
            guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else { return nil }
            return ObjectID(git_tree_entry_id(entry))
        }
        return id ?? nil
    }

    /// The git mode of the entry at `path` (`0o100644`, `0o100755`, `0o120000` for a symbolic
    /// link, `0o040000` for a folder, `0o160000` for a submodule), or nil when there is none.
    public func fileMode(_ path: String) throws(GitError) -> UInt32? {
        if path.isEmpty || path == "." { return 0o040000 }
        return try withEntry(path) { entry in UInt32(git_tree_entry_filemode(entry).rawValue) }
    }

    /// Whether anything (file, folder, link, submodule) is at `path`.
    public func exists(_ path: String) throws(GitError) -> Bool {
        if path.isEmpty || path == "." { return true }
        return try withEntry(path) { _ in true } ?? false
    }

    /// The entries of the folder at `path` ("" for the root), or nil when it is not a folder.
    public func entries(of path: String) throws(GitError) -> [Entry]? {
        guard let folder = Self.normalize(path), let tree = try repository.folderTree(commit, folder) else {
            return nil
        }
        return Self.entries(of: tree)
    }

    /// Every file below `path` (recursively), as paths from the repository root.
    public func files(under path: String) throws(GitError) -> [String] {
        try filesWithIDs(under: path).map(\.path)
    }

    /// Every file below `path` with its blob id, in one walk of the folder trees.
    public func filesWithIDs(under path: String) throws(GitError) -> [(path: String, id: ObjectID)] {
        var result: [(path: String, id: ObjectID)] = []
        let prefix = path.isEmpty || path == "." ? "" : (path.hasSuffix("/") ? String(path.dropLast()) : path)
        try collect(prefix, into: &result)
        return result
    }

    private func collect(_ folder: String, into result: inout [(path: String, id: ObjectID)]) throws(GitError) {
        guard let entries = try entries(of: folder) else { return }
        for entry in entries {
            let full = folder.isEmpty ? entry.name : folder + "/" + entry.name
            switch entry.kind {
            case .folder: try collect(full, into: &result)
            case .file, .executable, .symlink: result.append((full, entry.id))
            case .submodule: break
            }
        }
    }

    static func entries(of tree: OpaquePointer) -> [Entry] {
        let count = git_tree_entrycount(tree)
        var result: [Entry] = []
        result.reserveCapacity(count)
        for index in 0..<count {
            guard let entry = git_tree_entry_byindex(tree, index) else { continue }
            result.append(
                Entry(
                    name: String(cString: git_tree_entry_name(entry)),
                    kind: kind(of: git_tree_entry_filemode(entry)),
                    id: ObjectID(git_tree_entry_id(entry))))
        }
        return result
    }

    static func kind(of mode: git_filemode_t) -> EntryKind {
        switch mode {
        case GIT_FILEMODE_TREE: return .folder
        case GIT_FILEMODE_BLOB_EXECUTABLE: return .executable
        case GIT_FILEMODE_LINK: return .symlink
        case GIT_FILEMODE_COMMIT: return .submodule
        default: return .file
        }
    }
}
