import CLibgit2

/// A git object id (a commit, tree or blob), as its 40 lowercase hex digits.
public struct ObjectID: Hashable, Sendable, CustomStringConvertible {
    /// The full hex form.
    public let hex: String

    public init(hex: String) { self.hex = hex }

    init(_ oid: UnsafePointer<git_oid>) {
        let length = Int(DEADBOLT_GIT_OID_HEXSIZE)
        var buffer = [CChar](repeating: 0, count: length + 1)
        git_oid_tostr(&buffer, buffer.count, oid)
        hex = String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    init(_ oid: git_oid) {
        var copy = oid
        self.init(&copy)
    }

    /// Whether `text` has the shape of an object id or an abbreviation of one: 4 to 64 hex digits.
    public static func looksLikeID(_ text: some StringProtocol) -> Bool {
        text.count >= 4 && text.count <= 64 && text.allSatisfy(\.isHexDigit)
    }

    /// Whether `text` is a whole object id: 40 hex digits, or 64 in a SHA-256 repository.
    public static func isWholeID(_ text: some StringProtocol) -> Bool {
        (text.count == 40 || text.count == 64) && text.allSatisfy(\.isHexDigit)
    }

    /// The seven-digit abbreviation people read in logs.
    public var short: String { String(hex.prefix(7)) }

    public var description: String { hex }

    /// The raw libgit2 form, for calls that take one.
    var raw: git_oid {
        var oid = git_oid()
        _ = hex.withCString { git_oid_fromstr(&oid, $0) }
        return oid
    }
}
