/// One line git writes to a pre-push hook: `<local ref> <local sha> <remote ref> <remote sha>`.
public struct PushUpdate: Sendable, Equatable {
    public var localRef: String
    public var localSHA: String
    public var remoteRef: String
    public var remoteSHA: String

    public init(localRef: String, localSHA: String, remoteRef: String, remoteSHA: String) {
        self.localRef = localRef
        self.localSHA = localSHA
        self.remoteRef = remoteRef
        self.remoteSHA = remoteSHA
    }

    /// The remote ref is being deleted (`git push origin :branch`): nothing to check.
    public var isDeletion: Bool { Self.isZero(localSHA) }
    /// The remote does not have the ref yet (a new branch or tag).
    public var isNewRef: Bool { Self.isZero(remoteSHA) }

    /// Whether `sha` is git's all-zero id (40 digits, or 64 in a SHA-256 repository).
    public static func isZero(_ sha: String) -> Bool {
        let bytes = sha.utf8
        return (bytes.count == 40 || bytes.count == 64) && bytes.allSatisfy { $0 == UInt8(ascii: "0") }
    }

    /// Whether `field` is a whole object id as git writes one: 40 ASCII hex digits, or 64.
    static func isObjectID(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard bytes.count == 40 || bytes.count == 64 else { return false }
        return bytes.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
        }
    }

    /// The updates of a pre-push hook's standard input; blank lines are skipped.
    ///
    /// Lines end in `\n` or `\r\n` and fields are separated by spaces. The text is split as
    /// UTF-8 bytes, not characters: a hook runs on every push, and grapheme breaking would be
    /// most of the work of reading one short line.
    public static func parse(_ text: String) throws(InputError) -> [PushUpdate] {
        var updates: [PushUpdate] = []
        let bytes = Array(text.utf8)
        var lineNumber = 0
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == 0x0A {
            lineNumber += 1
            var end = index
            if index < bytes.count, end > start, bytes[end - 1] == 0x0D { end -= 1 }
            let line = bytes[start..<end]
            start = index + 1
            let fields = line.split(separator: 0x20, omittingEmptySubsequences: true)
            if fields.isEmpty { continue }
            func text(_ field: ArraySlice<UInt8>) -> String { String(decoding: field, as: UTF8.self) }
            guard fields.count == 4, isObjectID(fields[1]), isObjectID(fields[3]) else {
                throw InputError(
                    file: "standard input", line: lineNumber,
                    "is not a pre-push line: \(text(line).prefix(120))",
                    hint:
                        "git writes `<local ref> <local sha> <remote ref> <remote sha>`; "
                        + "run this only from the pre-push hook"
                )
            }
            updates.append(
                PushUpdate(
                    localRef: text(fields[0]), localSHA: text(fields[1]), remoteRef: text(fields[2]),
                    remoteSHA: text(fields[3])))
        }
        return updates
    }
}
