import DeadboltCore

/// A tree of files held in memory that records which files were read, so tests can check that
/// selection leaves unselected datasets unread.
final class MemoryTree: FileTree, @unchecked Sendable {
    var files: [String: String]
    private(set) var reads: [String] = []

    init(_ files: [String: String]) { self.files = files }

    func read(_ path: String) throws -> [UInt8]? {
        reads.append(path)
        return files[path].map { Array($0.utf8) }
    }

    func exists(_ path: String) throws -> Bool {
        files[path] != nil || files.keys.contains { $0.hasPrefix(path + "/") }
    }

    func folders(in path: String) throws -> [String]? {
        let prefix = path.isEmpty ? "" : path + "/"
        let names = files.keys.filter { $0.hasPrefix(prefix) }.compactMap { key -> String? in
            let rest = key.dropFirst(prefix.count)
            guard let slash = rest.firstIndex(of: "/") else { return nil }
            return String(rest[..<slash])
        }
        return names.isEmpty ? nil : Array(Set(names)).sorted()
    }

    func files(under path: String) throws -> [String] {
        let prefix = path.isEmpty ? "" : path + "/"
        return files.keys.filter { $0.hasPrefix(prefix) }.sorted()
    }

    func contentID(_ path: String) throws -> String? {
        files[path].map { "id-\($0.count)" }
    }
}
