import DeadboltCore
import Foundation

/// Appends one case to a `cases.jsonl` so that concurrent captures neither tear, interleave nor
/// lose a line: an exclusive `flock` around read-check-write, one `write` with `O_APPEND`, fsync.
///
/// Under the lock it refuses a file that is not valid JSONL (rather than make it worse) and a
/// case whose input another case already has, naming the twin; it keeps the existing bytes and
/// adds the missing final newline before its line.
public enum CasesAppender {
    public static func append(_ draft: CaseDraft, to path: String, displayPath: String) throws {
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
        let existing = try readAll(fd, displayPath)
        let cases = try CaseParser.parse(existing, path: displayPath)
        let input = draft.fields["input"]
        if let twin = cases.first(where: { $0.input == input }) {
            throw InputError(
                file: displayPath, line: twin.line,
                "case `\(twin.id)` already has this input; deadbolt capture adds no twin",
                hint:
                    "if the expected output changed, edit that case "
                    + "(and bump the dataset's version with a MIGRATIONS.md note)"
            )
        }
        var text = draft.line + "\n"
        if let last = existing.last, last != 0x0A { text = "\n" + text }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            throw InputError(file: displayPath, "could not be appended to: \(String(cString: strerror(errno)))")
        }
        fsync(fd)
    }

    private static func readAll(_ fd: Int32, _ displayPath: String) throws -> [UInt8] {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        var offset: off_t = 0
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
