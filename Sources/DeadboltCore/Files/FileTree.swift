/// The files of one version of a repository: a commit read through git, or the work tree.
///
/// The core reads everything through this, so it never knows whether it looks at a commit or
/// at a folder, and never spawns a process to find out.
public protocol FileTree {
    /// The content of the file at `path`, or nil when there is no file there.
    func read(_ path: String) throws -> [UInt8]?
    /// Whether a file or folder exists at `path`.
    func exists(_ path: String) throws -> Bool
    /// The names of the folders directly inside `path`, or nil when `path` is not a folder.
    func folders(in path: String) throws -> [String]?
    /// Every file below `path`, recursively, as paths from the root.
    func files(under path: String) throws -> [String]
    /// A stable id of the file's content (the git blob id), or nil when there is no file.
    func contentID(_ path: String) throws -> String?
    /// Ids of the entries of the folder at `path` by name, or nil when this tree has no cheap
    /// ids (a work tree, where an id would cost a full read). Defaults to nil.
    func entryIDs(in path: String) throws -> [String: String]?
    /// Every file below `path` with its content id when the tree has one cheaply. Defaults to
    /// ``files(under:)`` without ids.
    func fileIDs(under path: String) throws -> [(path: String, id: String?)]
}

extension FileTree {
    /// The file as UTF-8 text, or nil when absent.
    public func text(_ path: String) throws -> String? {
        try read(path).map { String(decoding: $0, as: UTF8.self) }
    }
}
