import DeadboltCore
import Foundation

/// A folder on disk seen as a ``FileTree``: the work tree, for commands that do not look at git.
public struct DirectoryTree: FileTree {
    /// The absolute path of the root folder.
    public let root: String
    /// Computes content ids; the work tree has no blob ids of its own.
    let identify: @Sendable ([UInt8]) -> String

    public init(root: String, identify: @escaping @Sendable ([UInt8]) -> String) {
        self.root = root
        self.identify = identify
    }

    func absolute(_ path: String) -> String {
        path.isEmpty || path == "." ? root : root + "/" + path
    }

    public func read(_ path: String) throws -> [UInt8]? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute(path), isDirectory: &isFolder), !isFolder.boolValue else {
            return nil
        }
        return Array(try Data(contentsOf: URL(fileURLWithPath: absolute(path))))
    }

    public func fileMode(_ path: String) throws -> UInt32? {
        var info = stat()
        guard lstat(absolute(path), &info) == 0 else { return nil }
        return UInt32(info.st_mode)
    }

    public func exists(_ path: String) throws -> Bool {
        FileManager.default.fileExists(atPath: absolute(path))
    }

    public func folders(in path: String) throws -> [String]? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute(path), isDirectory: &isFolder), isFolder.boolValue else {
            return nil
        }
        return try FileManager.default.contentsOfDirectory(atPath: absolute(path)).filter { name in
            var inner: ObjCBool = false
            return FileManager.default.fileExists(atPath: absolute(path) + "/" + name, isDirectory: &inner)
                && inner.boolValue
        }.sorted()
    }

    public func files(under path: String) throws -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute(path), isDirectory: &isFolder), isFolder.boolValue else {
            return []
        }
        guard let walker = FileManager.default.enumerator(atPath: absolute(path)) else { return [] }
        var result: [String] = []
        let prefix = path.isEmpty || path == "." ? "" : path + "/"
        while let relative = walker.nextObject() as? String {
            if relative == ".git" || relative.hasPrefix(".git/") {
                walker.skipDescendants()
                continue
            }
            var inner: ObjCBool = false
            if FileManager.default.fileExists(atPath: absolute(path) + "/" + relative, isDirectory: &inner),
                !inner.boolValue
            {
                result.append(prefix + relative)
            }
        }
        return result.sorted()
    }

    public func contentID(_ path: String) throws -> String? {
        try read(path).map(identify)
    }
}
