import DeadboltCore
import DeadboltGit

// RevisionTree lives in the git floor, FileTree in the core; only this floor sees both.

/// A commit's files, as the core reads them.
extension RevisionTree: FileTree {
    public func folders(in path: String) throws -> [String]? {
        try entries(of: path)?.filter { $0.kind == .folder }.map(\.name)
    }

    public func contentID(_ path: String) throws -> String? {
        try blobID(path)?.hex
    }
}

extension RevisionTree {
    public func entryIDs(in path: String) throws -> [String: String]? {
        guard let entries = try entries(of: path) else { return [:] }
        var ids: [String: String] = [:]
        ids.reserveCapacity(entries.count)
        for entry in entries { ids[entry.name] = entry.id.hex }
        return ids
    }
}

extension RevisionTree {
    public func fileIDs(under path: String) throws -> [(path: String, id: String?)] {
        try filesWithIDs(under: path).map { ($0.path, $0.id.hex) }
    }
}
