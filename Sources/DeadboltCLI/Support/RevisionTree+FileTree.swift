import DeadboltCore
import DeadboltGit

/// A commit's files, as the core reads them.
extension RevisionTree: FileTree {
    public func folders(in path: String) throws -> [String]? {
        try entries(of: path)?.filter { $0.kind == .folder }.map(\.name)
    }

    public func contentID(_ path: String) throws -> String? {
        try blobID(path)?.hex
    }
}
