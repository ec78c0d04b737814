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
    /// The mode of the entry at `path` as git and `lstat` write it (`0o100644` a file,
    /// `0o040000` a folder, `0o120000` a symbolic link, not followed), or nil when there is
    /// none. Defaults to telling a file from a folder by reading.
    func fileMode(_ path: String) throws -> UInt32?
}

/// The kinds of entry ``FileTree/fileMode(_:)`` tells apart.
public enum FileMode {
    public static let typeMask: UInt32 = 0o170000
    public static let folder: UInt32 = 0o040000
    public static let regular: UInt32 = 0o100000
    public static let symlink: UInt32 = 0o120000
}

extension FileTree {
    public func fileMode(_ path: String) throws -> UInt32? {
        if try read(path) != nil { return 0o100644 }
        return try exists(path) ? FileMode.folder : nil
    }

    /// The content of the regular file at `path` for the core to parse; nil when nothing is
    /// there. A folder or a symbolic link there is refused by name: a link could point outside
    /// the repository, and a folder is not a missing file.
    public func regularFile(_ path: String) throws(InputError) -> [UInt8]? {
        do {
            guard let mode = try fileMode(path) else { return nil }
            switch mode & FileMode.typeMask {
            case FileMode.folder:
                throw InputError(
                    file: path, "is a folder, not a file",
                    hint: "deadbolt reads \(RepoPath.name(of: path)) as a file here")
            case FileMode.symlink:
                throw InputError(
                    file: path, "is a symbolic link; deadbolt reads only regular files of the repository",
                    hint: "replace the link with the file itself")
            case FileMode.regular:
                return try read(path)
            default:
                throw InputError(file: path, "is not a regular file")
            }
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(file: path, "cannot be read: \(error)")
        }
    }
}

extension FileTree {
    /// The file as UTF-8 text, or nil when absent.
    public func text(_ path: String) throws -> String? {
        try read(path).map { String(decoding: $0, as: UTF8.self) }
    }
}
