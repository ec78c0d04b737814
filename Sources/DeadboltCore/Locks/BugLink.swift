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
        if let (repository, number) = githubIssue(text) { return "github:\(repository)#\(number)" }
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
        if isTrackerID(candidate) {
            return "id:\(candidate.uppercased())"
        }
        var normalised = text.lowercased()
        while normalised.hasSuffix("/") { normalised.removeLast() }
        return "text:\(normalised)"
    }

    // Matched by hand, not with NSRegularExpression: compiling one per call loaded ICU on every
    // commit-msg hook, and its first use took a fuzzing run's first input past its time limit.

    /// `org/repo` (lower-cased) and the number of `http[s]://HOST/ORG/REPO/issues|pull/N...`.
    static func githubIssue(_ text: String) -> (String, Substring)? {
        let rest: Substring
        if text.hasPrefix("https://") {
            rest = text.dropFirst(8)
        } else if text.hasPrefix("http://") {
            rest = text.dropFirst(7)
        } else {
            return nil
        }
        let parts = rest.split(separator: "/", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5, !parts[0].isEmpty, !parts[0].contains(where: \.isWhitespace) else { return nil }
        let name: (Substring) -> Bool = { part in
            !part.isEmpty
                && part.unicodeScalars.allSatisfy {
                    $0.isASCII
                        && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_.-".unicodeScalars.contains($0))
                }
        }
        guard name(parts[1]), name(parts[2]), parts[3] == "issues" || parts[3] == "pull" else { return nil }
        let number = parts[4].prefix { $0.isASCII && $0.isNumber }
        guard !number.isEmpty else { return nil }
        return ("\(parts[1].lowercased())/\(parts[2].lowercased())", number)
    }

    /// Whether `text` is an issue-tracker id such as `PROJ-7`: a letter, letters, digits and `_`,
    /// one `-`, then digits.
    static func isTrackerID(_ text: String) -> Bool {
        guard let dash = text.firstIndex(of: "-"), let first = text.unicodeScalars.first, first.isASCII,
            first.properties.isAlphabetic
        else { return false }
        let head = text[..<dash]
        let tail = text[text.index(after: dash)...]
        return head.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_")
        }
            && !tail.isEmpty && tail.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }
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
