/// A reference to a bug, and the identity that tells whether two references name the same bug.
///
/// `#12`, `org/repo#12` and `https://github.com/org/repo/issues/12` are one bug when org/repo
/// is the repository's origin; `PROJ-7` and `https://x.atlassian.net/browse/PROJ-7` (or any URL
/// ending in a `KEY-N` id) are one bug.
public struct BugLink: Sendable, Hashable, CustomStringConvertible {
    /// As written in the message or the case.
    public var text: String
    /// What identifies the bug: `github:org/repo#12`, `id:PROJ-7`, or the normalised text.
    public var identity: String

    /// The link as written, identified against `origin` (`org/repo`, or nil when unknown).
    public init(_ text: String, origin: String?) {
        self.text = text
        identity = Self.identity(of: text, origin: origin?.lowercased())
    }

    public var description: String { text }

    /// Whether both name the same bug.
    public func sameBug(as other: BugLink) -> Bool { identity == other.identity }

    static func identity(of raw: String, origin: String?) -> String {
        let text = raw.trimmingWhitespace()
        // GitHub issue or pull request URLs.
        if let range = text.range(
            of: #"^https?://[^/\s]+/([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)/(?:issues|pull)/([0-9]+)"#,
            options: .regularExpression)
        {
            let parts = text[range].split(separator: "/")
            if parts.count >= 6 {
                return "github:\(parts[2].lowercased())/\(parts[3].lowercased())#\(parts[5])"
            }
        }
        // org/repo#12 and #12.
        if let hash = text.firstIndex(of: "#"), Int(text[text.index(after: hash)...]) != nil {
            let repository = text[..<hash]
            let number = text[text.index(after: hash)...]
            if repository.isEmpty { return "github:\(origin ?? "")#\(number)" }
            if repository.split(separator: "/").count == 2 { return "github:\(repository.lowercased())#\(number)" }
        }
        // An issue-tracker id, alone or at the end of a URL: PROJ-7, .../browse/PROJ-7.
        let lastSegment = text.split(separator: "/").last.map(String.init) ?? text
        let candidate =
            lastSegment.split(whereSeparator: { $0 == "?" || $0 == "#" }).first.map(String.init) ?? lastSegment
        if candidate.range(of: #"^[A-Za-z][A-Za-z0-9_]*-[0-9]+$"#, options: .regularExpression) != nil {
            return "id:\(candidate.uppercased())"
        }
        var normalised = text.lowercased()
        while normalised.hasSuffix("/") { normalised.removeLast() }
        return "text:\(normalised)"
    }

    /// `org/repo` of a GitHub remote URL (`git@github.com:org/repo.git`,
    /// `https://github.com/org/repo`), or nil.
    public static func githubRepository(fromRemote url: String) -> String? {
        var path: Substring
        if let range = url.range(of: "github.com:") {
            path = url[range.upperBound...]
        } else if let range = url.range(of: "github.com/") {
            path = url[range.upperBound...]
        } else {
            return nil
        }
        if path.hasSuffix(".git") { path = path.dropLast(4) }
        while path.hasSuffix("/") { path = path.dropLast() }
        let parts = path.split(separator: "/")
        guard parts.count == 2 else { return nil }
        return "\(parts[0])/\(parts[1])"
    }
}
