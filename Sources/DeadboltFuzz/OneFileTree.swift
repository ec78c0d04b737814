import DeadboltCore

/// A repository of one file, for targets that read through a `FileTree`.
struct OneFileTree: FileTree {
    let path: String
    let bytes: [UInt8]

    func read(_ path: String) throws -> [UInt8]? { path == self.path ? bytes : nil }
    func exists(_ path: String) throws -> Bool { path == self.path || self.path.hasPrefix(path + "/") }
    func folders(in path: String) throws -> [String]? { nil }
    func files(under path: String) throws -> [String] {
        path.isEmpty || self.path.hasPrefix(path + "/") ? [self.path] : []
    }
    func contentID(_ path: String) throws -> String? { nil }
    func entryIDs(in path: String) throws -> [String: String]? { nil }
    func fileIDs(under path: String) throws -> [(path: String, id: String?)] {
        try files(under: path).map { ($0, nil) }
    }
}
