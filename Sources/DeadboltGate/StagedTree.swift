import DeadboltCore
import DeadboltGit

/// What the next commit will hold, for the files it changes: each staged path reads its blob in the
/// index, every other path reads as at HEAD (as nothing, in a repository with no commits yet).
struct StagedTree: FileTree {
    let repository: Repository
    let head: RevisionTree?
    /// The staged blob of each changed path; nil for a path the index deletes.
    let staged: [String: ObjectID?]

    init(repository: Repository, head: RevisionTree?, changes: [FileChange]) {
        self.repository = repository
        self.head = head
        var staged: [String: ObjectID?] = [:]
        for change in changes {
            if let old = change.oldPath, change.status == .renamed { staged[old] = .some(nil) }
            staged[change.path] = change.status == .deleted ? .some(nil) : change.newID
        }
        self.staged = staged
    }

    func read(_ path: String) throws -> [UInt8]? {
        if let id = staged[path] { return try id.map { try repository.blob($0) } }
        return try head?.read(path)
    }

    func exists(_ path: String) throws -> Bool {
        if let id = staged[path] { return id != nil }
        return try head?.exists(path) ?? false
    }

    func folders(in path: String) throws -> [String]? { try head?.folders(in: path) }

    func files(under path: String) throws -> [String] {
        let prefix = path.isEmpty ? "" : path + "/"
        var files = Set(try head?.files(under: path) ?? [])
        for (file, id) in staged where file.hasPrefix(prefix) {
            if id == nil { files.remove(file) } else { files.insert(file) }
        }
        return files.sorted()
    }

    func contentID(_ path: String) throws -> String? {
        if let id = staged[path] { return id?.hex }
        return try head?.contentID(path)
    }
}
