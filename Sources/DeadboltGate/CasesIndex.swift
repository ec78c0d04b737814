import DeadboltCore
import Foundation

/// What `CasesAppender` last validated of a `cases.jsonl`: its size, line count and inode, a hash
/// of the bytes just before that size (a file rewritten in place no longer matches), and a hash of
/// every case's canonical input, for finding twins. Kept in the git directory, never committed; a
/// missing, stale or unreadable index only means the whole file is read again.
struct CasesIndex: Equatable {
    static let header = "deadbolt-cases-index 1"
    /// How many bytes before `size` the tail hash covers.
    static let tailBytes = 4096

    var size: Int
    var lines: Int
    var inode: UInt64
    var tail: String
    /// Canonical input hash → (line, case id).
    var inputs: [String: (line: Int, id: String)]

    static func == (left: CasesIndex, right: CasesIndex) -> Bool {
        left.size == right.size && left.lines == right.lines && left.inode == right.inode && left.tail == right.tail
            && left.inputs.mapValues { "\($0.line) \($0.id)" } == right.inputs.mapValues { "\($0.line) \($0.id)" }
    }

    /// The hash twins are found by: the input's compact JSON with sorted keys.
    static func inputHash(_ input: JSONValue?) -> String { ContentHash.sha256((input ?? .null).compactText()) }

    /// The index at `path`, or nil when there is none or it cannot be read.
    static func load(_ path: String) -> CasesIndex? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 2, lines[0] == header else { return nil }
        let facts = lines[1].split(separator: " ")
        guard facts.count == 8, facts[0] == "size", facts[2] == "lines", facts[4] == "inode", facts[6] == "tail",
            let size = Int(facts[1]), size >= 0, let count = Int(facts[3]), count >= 0,
            let inode = UInt64(facts[5])
        else { return nil }
        var inputs: [String: (line: Int, id: String)] = [:]
        inputs.reserveCapacity(lines.count)
        for entry in lines.dropFirst(2) where !entry.isEmpty {
            let parts = entry.split(separator: " ", maxSplits: 2)
            guard parts.count == 3, let line = Int(parts[1]), line > 0 else { return nil }
            inputs[String(parts[0])] = (line, String(parts[2]))
        }
        return CasesIndex(size: size, lines: count, inode: inode, tail: String(facts[7]), inputs: inputs)
    }

    /// Writes the index to `path` through a temporary file and a rename; a failure is ignored
    /// (the next append reads the whole file).
    func save(_ path: String) {
        var text = Self.header + "\n" + "size \(size) lines \(lines) inode \(inode) tail \(tail)\n"
        for (hash, entry) in inputs { text += "\(hash) \(entry.line) \(entry.id)\n" }
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = path + ".\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else { return }
        if rename(temporary, path) != 0 { unlink(temporary) }
    }
}
