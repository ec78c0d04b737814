import DeadboltCore
import Foundation

/// Appends one case to a `cases.jsonl` so that concurrent captures neither tear, interleave nor
/// lose a line: an exclusive `flock` around read-check-write, one `write` with `O_APPEND`, fsync.
///
/// Under the lock it refuses a file that is not valid JSONL (rather than make it worse) and a
/// case whose input another case already has, naming the twin; it keeps the existing bytes and
/// adds the missing final newline before its line.
///
/// With an `index` (see ``CasesIndex``), only the bytes appended since the last validated size are
/// read and checked, and twins are looked up by a hash of the canonical input: appending to a
/// dataset of 10,000 cases reads what changed, not the whole file, under the lock.
public enum CasesAppender {
    public static func append(_ draft: CaseDraft, to path: String, displayPath: String, index: String? = nil) throws {
        let fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw InputError(file: displayPath, "cannot be opened for appending: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw InputError(file: displayPath, "cannot be locked: \(String(cString: strerror(errno)))")
            }
        }
        defer { flock(fd, LOCK_UN) }
        var known = try checked(fd, displayPath: displayPath, index: index)
        let input = draft.fields["input"]
        if let twin = known.lookup(CasesIndex.inputHash(input)) {
            throw InputError(
                file: displayPath, line: twin.line,
                "case `\(twin.id)` already has this input; deadbolt capture adds no twin",
                hint:
                    "if the expected output changed, edit that case "
                    + "(and bump the dataset's version with a MIGRATIONS.md note)"
            )
        }
        var text = draft.line + "\n"
        var lastByte: UInt8 = 0x0A
        if known.size > 0, pread(fd, &lastByte, 1, off_t(known.size - 1)) == 1, lastByte != 0x0A {
            text = "\n" + text
            known.lines += 1
        }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            throw InputError(file: displayPath, "could not be appended to: \(String(cString: strerror(errno)))")
        }
        fsync(fd)
        guard let index else { return }
        known.lines += 1
        if let id = draft.fields["id"]?.stringValue {
            known.record(CasesIndex.inputHash(input), line: known.lines, id: id)
        }
        known.size += bytes.count
        known.tail = tailHash(fd, size: known.size)
        known.save(index)
    }

    /// For each of `inputs`, the case that already has it (its line and id), read under a shared
    /// lock through `index` like ``append(_:to:displayPath:index:)``; nil for a file not there yet.
    public static func twins(of inputs: [JSONValue?], in path: String, displayPath: String, index: String?) throws
        -> [(line: Int, id: String)?]
    {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return inputs.map { _ in nil } }
        defer { close(fd) }
        while flock(fd, LOCK_SH) != 0 {
            guard errno == EINTR else {
                throw InputError(file: displayPath, "cannot be locked: \(String(cString: strerror(errno)))")
            }
        }
        defer { flock(fd, LOCK_UN) }
        let known = try checked(fd, displayPath: displayPath, index: index)
        return inputs.map { known.lookup(CasesIndex.inputHash($0)) }
    }

    /// The file's cases as far as they are valid, through `index` when it still describes the
    /// file's beginning, else read whole. Throws on the first bad line.
    static func checked(_ fd: Int32, displayPath: String, index: String?) throws -> CasesIndex {
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            throw InputError(file: displayPath, "cannot be read: \(String(cString: strerror(errno)))")
        }
        let size = Int(status.st_size)
        let inode = UInt64(status.st_ino)
        if let index, var known = CasesIndex.load(index), known.inode == inode, known.size <= size,
            tailHash(fd, size: known.size) == known.tail
        {
            let added = try read(fd, from: known.size, displayPath)
            try add(added, to: &known, displayPath: displayPath)
            known.size = size
            return known
        }
        var fresh = CasesIndex(size: 0, lines: 0, inode: inode, tail: "")
        try add(try read(fd, from: 0, displayPath), to: &fresh, displayPath: displayPath)
        fresh.size = size
        return fresh
    }

    /// Parses `bytes` (the lines after `known.lines`) into `known`.
    static func add(_ bytes: [UInt8], to known: inout CasesIndex, displayPath: String) throws {
        let cases = try CaseParser.parse(bytes, path: displayPath, firstLine: known.lines + 1)
        for one in cases { known.record(CasesIndex.inputHash(one.input), line: one.line, id: one.id) }
        known.lines += bytes.lazy.filter { $0 == 0x0A }.count
    }

    /// SHA-256 of the up to ``CasesIndex/tailBytes`` bytes before `size`.
    static func tailHash(_ fd: Int32, size: Int) -> String {
        let start = max(0, size - CasesIndex.tailBytes)
        var buffer = [UInt8](repeating: 0, count: size - start)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(start)) }
        return count == buffer.count ? ContentHash.sha256(buffer) : ""
    }

    private static func read(_ fd: Int32, from start: Int, _ displayPath: String) throws -> [UInt8] {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        var offset = off_t(start)
        while true {
            let count = pread(fd, &buffer, buffer.count, offset)
            if count < 0 {
                if errno == EINTR { continue }
                throw InputError(file: displayPath, "cannot be read: \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            result.append(contentsOf: buffer[0..<count])
            offset += off_t(count)
        }
        return result
    }
}
