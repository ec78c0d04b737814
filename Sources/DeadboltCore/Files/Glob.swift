/// A path pattern from `deadbolt.yml`: `*` within a folder name, `**` across folders, `?`, `[abc]`.
///
/// Patterns match paths from the repository root with `/` separators, as git and
/// `.gitignore` write them. A pattern without a slash still matches from the root.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written.
    public let pattern: String
    private let segments: [Segment]

    private enum Segment: Sendable, Hashable {
        case anyDepth
        case literal(String)
        case wildcard([UInt8])
    }

    public init(_ pattern: String) {
        self.pattern = pattern
        var trimmed = pattern
        while trimmed.hasPrefix("./") { trimmed.removeFirst(2) }
        if trimmed.hasPrefix("/") { trimmed.removeFirst() }
        var parts = trimmed.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        // `prompts/` means everything below prompts, as in .gitignore.
        if pattern.hasSuffix("/") { parts.append("**") }
        segments = parts.map { part in
            if part == "**" { return .anyDepth }
            if part.contains(where: { "*?[".contains($0) }) { return .wildcard(Array(part.utf8)) }
            return .literal(part)
        }
    }

    public var description: String { pattern }

    /// The folder below which every match lies (`prompts/area` for `prompts/area/**/*.md`), or "".
    public var literalPrefix: String {
        var parts: [String] = []
        for segment in segments.dropLast() {
            guard case .literal(let name) = segment else { break }
            parts.append(name)
        }
        return parts.joined(separator: "/")
    }

    /// Whether every file below ``literalPrefix`` matches (`prompts/**`), so a listing of that
    /// folder needs no matching.
    public var coversEverythingBelowPrefix: Bool {
        guard case .anyDepth? = segments.last, !literalPrefix.isEmpty else { return false }
        return segments.dropLast().allSatisfy { if case .literal = $0 { return true } else { return false } }
    }

    /// Whether `path` matches.
    ///
    /// Dynamic programming over (segment, name) pairs, not recursion: a pattern such as
    /// `**/*/**/*/**/...` made the recursive matcher try every way to split the path among its `**`s,
    /// which a fuzzer found taking minutes on a 135-byte input. This is segments × names steps.
    public func matches(_ path: String) -> Bool {
        let names = path.split(separator: "/", omittingEmptySubsequences: true)
        let count = names.count
        let width = count + 1
        // matched[i * width + j]: segments[i...] match names[j...]; row `segments.count` is the end.
        var matched = [Bool](repeating: false, count: (segments.count + 1) * width)
        matched[segments.count * width + count] = true
        for i in stride(from: segments.count - 1, through: 0, by: -1) {
            let row = i * width
            let next = row + width
            switch segments[i] {
            case .anyDepth where i == segments.count - 1:
                // A trailing `**` matches everything below, not the folder itself.
                for j in 0..<count { matched[row + j] = true }
            case .anyDepth:
                // Zero or more names, then the rest: the rest from here or from any later name.
                matched[row + count] = matched[next + count]
                for j in stride(from: count - 1, through: 0, by: -1) {
                    matched[row + j] = matched[next + j] || matched[row + j + 1]
                }
            case .literal(let literal):
                for j in 0..<count where matched[next + j + 1] && names[j] == literal { matched[row + j] = true }
            case .wildcard(let pattern):
                for j in 0..<count where matched[next + j + 1] && Self.wildcard(pattern[...], Array(names[j].utf8)[...])
                {
                    matched[row + j] = true
                }
            }
        }
        return matched[0]
    }

    /// fnmatch within one folder name: `*`, `?`, `[...]` with ranges and `!`/`^` negation.
    private static func wildcard(_ pattern: ArraySlice<UInt8>, _ name: ArraySlice<UInt8>) -> Bool {
        var p = pattern.startIndex
        var n = name.startIndex
        var starP: Int? = nil
        var starN = name.startIndex
        while n < name.endIndex {
            if p < pattern.endIndex {
                let c = pattern[p]
                if c == UInt8(ascii: "*") {
                    starP = p
                    starN = n
                    p += 1
                    continue
                }
                if c == UInt8(ascii: "?") {
                    p += 1
                    n += 1
                    continue
                }
                if c == UInt8(ascii: "["), let (matched, next) = bracket(pattern, p, name[n]) {
                    if matched {
                        p = next
                        n += 1
                        continue
                    }
                } else if c == name[n] {
                    p += 1
                    n += 1
                    continue
                }
            }
            guard let star = starP else { return false }
            p = star + 1
            starN += 1
            n = starN
        }
        while p < pattern.endIndex, pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.endIndex
    }

    /// Matches one byte against the bracket expression at `start`; nil when it is not closed.
    private static func bracket(_ pattern: ArraySlice<UInt8>, _ start: Int, _ byte: UInt8) -> (Bool, Int)? {
        var i = start + 1
        var negate = false
        if i < pattern.endIndex, pattern[i] == UInt8(ascii: "!") || pattern[i] == UInt8(ascii: "^") {
            negate = true
            i += 1
        }
        var matched = false
        var first = true
        while i < pattern.endIndex {
            let c = pattern[i]
            if c == UInt8(ascii: "]") && !first { return (matched != negate, i + 1) }
            first = false
            if i + 2 < pattern.endIndex, pattern[i + 1] == UInt8(ascii: "-"), pattern[i + 2] != UInt8(ascii: "]") {
                if byte >= c && byte <= pattern[i + 2] { matched = true }
                i += 3
            } else {
                if byte == c { matched = true }
                i += 1
            }
        }
        return nil
    }
}
