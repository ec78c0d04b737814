import DeadboltCore
import Foundation

/// Derived facts kept in the repository's git folder (`deadbolt/facts`), one per line:
/// `KEY<TAB>VALUE<TAB>VALUE...`.
///
/// Read in full on first use, appended to at the end of a command. Lines that do not parse are
/// skipped, so a torn write costs a re-read, never a wrong answer: every key holds a content id,
/// and only a line that ends in a newline and holds no NUL is read (a write cut short leaves one
/// without its newline, which the next save closes with a NUL).
public final class FactsFile: DerivedFacts {
    public let path: String
    private var loaded: [String: [String]]?
    private var added: [(String, [String])] = []
    /// Past this size the file is started afresh rather than read.
    static let sizeLimit = 32 * 1024 * 1024

    public init(gitDirectory: String) {
        path = gitDirectory + "/deadbolt/facts"
    }

    public func facts(for key: String) -> [String]? {
        if loaded == nil { loaded = load() }
        return loaded?[key]
    }

    public func remember(_ values: [String], for key: String) {
        func breaksTheLine(_ text: String) -> Bool {
            text.utf8.contains { $0 == 0x09 || $0 == 0x0A || $0 == 0 }
        }
        guard !breaksTheLine(key), !values.contains(where: breaksTheLine) else { return }
        if loaded == nil { loaded = load() }
        loaded?[key] = values
        added.append((key, values))
    }

    private func load() -> [String: [String]] {
        guard let data = FileManager.default.contents(atPath: path), data.count < Self.sizeLimit else { return [:] }
        var result: [String: [String]] = [:]
        result.reserveCapacity(data.count / 60)
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            var fields: [String] = []
            var fieldStart = 0
            var marked = false
            // What follows the last newline is a line cut short: it is never read.
            for index in 0..<bytes.count {
                let byte = bytes[index]
                if byte == 0 { marked = true }
                guard byte == 0x09 || byte == 0x0A else { continue }
                fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[fieldStart..<index]), as: UTF8.self))
                fieldStart = index + 1
                if byte == 0x0A {
                    if !marked, index > start, let key = fields.first, key.utf8.contains(UInt8(ascii: ":")) {
                        result[key] = Array(fields.dropFirst())
                    }
                    fields.removeAll(keepingCapacity: true)
                    marked = false
                    start = index + 1
                }
            }
        }
        return result
    }

    /// Appends what was learned; failures are ignored (a read-only repository just stays cold).
    public func save() {
        guard !added.isEmpty else { return }
        var text = ""
        for (key, values) in added { text += ([key] + values).joined(separator: "\t") + "\n" }
        added.removeAll()
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > Self.sizeLimit {
            try? FileManager.default.removeItem(atPath: path)
        }
        let fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        // A line an earlier write cut short is closed and marked, so that it is neither read as a
        // fact nor glued to the first line written here.
        var info = stat()
        var last: UInt8 = 0x0A
        if fstat(fd, &info) == 0, info.st_size > 0, pread(fd, &last, 1, info.st_size - 1) == 1, last != 0x0A {
            text = "\u{0}\n" + text
        }
        // One write with O_APPEND: concurrent hooks interleave whole chunks, not bytes.
        _ = Array(text.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }
}
