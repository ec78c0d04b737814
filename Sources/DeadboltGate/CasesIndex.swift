import DeadboltCore
import Foundation

/// What `CasesAppender` last validated of a `cases.jsonl`: its size, line count and inode, a hash
/// of the bytes just before that size (a file rewritten in place no longer matches), and a hash of
/// every case's canonical input, for finding twins. Kept in the git directory, never committed; a
/// missing, stale or unreadable index only means the whole file is read again.
///
/// The entries stay as the bytes of the file (`HASH LINE ID` lines) and are scanned for one hash,
/// not parsed into a table: a capture looks up one input, and building a dictionary of 10,000
/// strings cost more than the scan (bench/capture.sh).
struct CasesIndex {
    static let header = "deadbolt-cases-index 1"
    /// How many bytes before `size` the tail hash covers.
    static let tailBytes = 4096

    var size: Int
    var lines: Int
    var inode: UInt64
    var tail: String
    /// `HASH LINE ID\n` lines as read.
    var entries: [UInt8] = []
    /// Entries added since it was read.
    var added: [String: (line: Int, id: String)] = [:]

    /// The hash twins are found by: the input's compact JSON with sorted keys.
    static func inputHash(_ input: JSONValue?) -> String { ContentHash.sha256((input ?? .null).compactText()) }

    /// The case that has the input of `hash`, if any.
    func lookup(_ hash: String) -> (line: Int, id: String)? {
        if let entry = added[hash] { return entry }
        let key = Array(hash.utf8) + [0x20]
        var start = 0
        while start < entries.count {
            let end = entries[start...].firstIndex(of: 0x0A) ?? entries.count
            if end - start > key.count, entries[start..<start + key.count].elementsEqual(key) {
                let rest = entries[(start + key.count)..<end]
                guard let space = rest.firstIndex(of: 0x20),
                    let line = Int(String(decoding: rest[rest.startIndex..<space], as: UTF8.self))
                else { return nil }
                return (line, String(decoding: rest[(space + 1)...], as: UTF8.self))
            }
            start = end + 1
        }
        return nil
    }

    /// Notes that line `line`, case `id`, has the input of `hash`, unless an earlier case has it.
    mutating func record(_ hash: String, line: Int, id: String) {
        if lookup(hash) == nil { added[hash] = (line, id) }
    }

    /// The index at `path`, or nil when there is none or it cannot be read.
    static func load(_ path: String) -> CasesIndex? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let bytes = [UInt8](data)
        guard let first = bytes.firstIndex(of: 0x0A),
            let second = bytes[(first + 1)...].firstIndex(of: 0x0A),
            String(decoding: bytes[..<first], as: UTF8.self) == header
        else { return nil }
        let facts = String(decoding: bytes[(first + 1)..<second], as: UTF8.self).split(separator: " ")
        guard facts.count == 8, facts[0] == "size", facts[2] == "lines", facts[4] == "inode", facts[6] == "tail",
            let size = Int(facts[1]), size >= 0, let count = Int(facts[3]), count >= 0,
            let inode = UInt64(facts[5])
        else { return nil }
        return CasesIndex(
            size: size, lines: count, inode: inode, tail: String(facts[7]), entries: Array(bytes[(second + 1)...]))
    }

    /// Writes the index to `path` through a temporary file and a rename; a failure is ignored
    /// (the next append reads the whole file).
    func save(_ path: String) {
        var bytes = Array((Self.header + "\n" + "size \(size) lines \(lines) inode \(inode) tail \(tail)\n").utf8)
        bytes += entries
        if let last = entries.last, last != 0x0A { bytes.append(0x0A) }
        for (hash, entry) in added { bytes += Array("\(hash) \(entry.line) \(entry.id)\n".utf8) }
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = path + ".\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else { return }
        if rename(temporary, path) != 0 { unlink(temporary) }
    }
}
