/// A regular expression from `deadbolt.yml` (include and bug-link patterns).
///
/// Swift's own regex engine, not NSRegularExpression: the latter loads ICU, which costs about
/// 5 ms at start, and a hook runs on every push.
public struct Pattern: @unchecked Sendable {
    /// The pattern as written.
    public let source: String
    let regex: Regex<AnyRegexOutput>

    /// Compiles `source`; nil when it is not a valid regular expression.
    public init?(_ source: String) {
        guard let regex = try? Regex(source) else { return nil }
        self.source = source
        self.regex = regex
    }

    /// Whether the pattern has a capturing group (numbered or named).
    public var hasCaptureGroup: Bool {
        let chars = Array(source)
        var index = 0
        var inClass = false
        while index < chars.count {
            let c = chars[index]
            if c == "\\" { index += 2; continue }
            if inClass {
                if c == "]" { inClass = false }
            } else if c == "[" {
                inClass = true
            } else if c == "(" {
                let next = index + 1 < chars.count ? chars[index + 1] : " "
                if next != "?" { return true }
                let after = index + 2 < chars.count ? chars[index + 2] : " "
                let third = index + 3 < chars.count ? chars[index + 3] : " "
                if after == "P" || (after == "<" && third != "=" && third != "!") || after == "'" { return true }
            }
            index += 1
        }
        return false
    }

    /// The literal text every match starts with (`{{>` for `\\{\\{>\\s*(...)`), or "" when the
    /// pattern starts with anything but a plain or escaped literal character.
    public var leadingLiteral: String {
        var result = ""
        var chars = source[...]
        while let c = chars.first {
            if c == "\\" {
                chars = chars.dropFirst()
                guard let escaped = chars.first, "{}[]()^$.|*+?\\/-<>=!@#%&~`'\":;,".contains(escaped) else { break }
                result.append(escaped)
                chars = chars.dropFirst()
            } else if c.isLetter || c.isNumber || " <>=!@#%&~`'\":;,/_".contains(c) {
                result.append(c)
                chars = chars.dropFirst()
            } else {
                break
            }
            // A quantifier after the last literal makes it optional: drop it and stop.
            if let next = chars.first, "*?{".contains(next) {
                result.removeLast()
                break
            }
        }
        return result
    }

    /// The text of group 1 of every match in `text`.
    public func firstGroups(in text: String) -> [String] {
        text.matches(of: regex).compactMap { match in
            guard match.output.count > 1, let group = match.output[1].substring else { return nil }
            return String(group)
        }
    }

    /// The whole text of every match in `text`.
    public func matches(in text: String) -> [String] {
        text.matches(of: regex).map { String(text[$0.range]) }
    }
}
