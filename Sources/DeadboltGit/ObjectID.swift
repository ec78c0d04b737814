import CLibgit2

/// A git object id (a commit, tree or blob), as its 40 lowercase hex digits.
public struct ObjectID: Hashable, Sendable, CustomStringConvertible {
    /// The full hex form.
    public let hex: String

    public init(hex: String) { self.hex = hex }

    init(_ oid: UnsafePointer<git_oid>) {
        var buffer = [CChar](repeating: 0, count: Int(GIT_OID_HEXSZ) + 1)
        git_oid_tostr(&buffer, buffer.count, oid)
        hex = String(decoding: buffer.prefix(Int(GIT_OID_HEXSZ)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    init(_ oid: git_oid) {
        var copy = oid
        self.init(&copy)
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
