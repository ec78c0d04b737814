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
        (sha.count == 40 || sha.count == 64) && sha.allSatisfy { $0 == "0" }
    }

    /// Whether `field` is a whole object id as git writes one: 40 ASCII hex digits, or 64.
    static func isObjectID(_ field: Substring) -> Bool {
        let bytes = field.utf8
        guard bytes.count == 40 || bytes.count == 64 else { return false }
        return bytes.allSatisfy { $0 < 0x80 && Character(Unicode.Scalar($0)).isHexDigit }
    }

    /// The updates of a pre-push hook's standard input; blank lines are skipped.
    public static func parse(_ text: String) throws(InputError) -> [PushUpdate] {
        var updates: [PushUpdate] = []
        for (index, line) in text.split(
            omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }
        ).enumerated() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.isEmpty { continue }
            guard fields.count == 4, isObjectID(fields[1]), isObjectID(fields[3]) else {
                throw InputError(
                    file: "standard input", line: index + 1,
                    "is not a pre-push line: \(line.prefix(120))",
                    hint:
                        "git writes `<local ref> <local sha> <remote ref> <remote sha>`; "
                        + "run this only from the pre-push hook"
                )
            }
            updates.append(
                PushUpdate(
                    localRef: String(fields[0]), localSHA: String(fields[1]), remoteRef: String(fields[2]),
                    remoteSHA: String(fields[3])))
        }
        return updates
    }
}
