import CPattern

/// A regular expression from `deadbolt.yml` (include and bug-link patterns).
///
/// PCRE2, the engine libgit2 already links: it compiles in microseconds (a hook runs on every push),
/// matches raw bytes, UTF-8 or not, and calls back before every step it takes, so that a scan is
/// given a budget of steps and stops, the same way on every machine, when a pattern backtracks
/// without end (`(.+?.+?)\)` over a long line).
public struct Pattern: Sendable {
    /// The pattern as written.
    public let source: String
    let compiled: Compiled

    /// Compiles `source`; nil when it is not a valid regular expression.
    public init?(_ source: String) {
        guard case .success(let compiled) = Compiled.make(source) else { return nil }
        self.source = source
        self.compiled = compiled
    }

    /// Why `source` is not a valid regular expression (`missing closing parenthesis at offset 3`),
    /// or nil when it is one.
    public static func error(in source: String) -> String? {
        guard case .failure(let reason) = Compiled.make(source) else { return nil }
        return reason.text
    }

    /// Whether the pattern has a capturing group (numbered or named).
    public var hasCaptureGroup: Bool {
        let structure = PatternStructure(source)
        for (offset, character) in structure where character == "(" {
            guard structure[offset + 1] == "?" else { return true }
            let after = structure[offset + 2]
            let third = structure[offset + 3]
            if after == "P" || after == "'" || (after == "<" && third != "=" && third != "!") { return true }
        }
        return false
    }

    /// The literal text every match starts with (`{{>` for `\\{\\{>\\s*(...)`), or "" when the
    /// pattern starts with anything but a plain or escaped literal character, or has alternatives
    /// at its top level (a match of `a|b` may start with either).
    public var leadingLiteral: String {
        guard !hasTopLevelAlternation else { return "" }
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

    /// Whether a `|` outside every group and character class splits the whole pattern.
    var hasTopLevelAlternation: Bool {
        var depth = 0
        for (_, character) in PatternStructure(source) {
            switch character {
            case "(": depth += 1
            case ")": depth = max(0, depth - 1)
            case "|" where depth == 0: return true
            default: break
            }
        }
        return false
    }

    /// The text of group 1 of every match in `text`.
    public func firstGroups(in text: String) -> [String] {
        var steps = UInt64(ScanLimits.standard.steps)
        return compiled.matches(in: Array(text.utf8), steps: &steps).matches.compactMap(\.group)
    }

    /// How much work scanning one file may take. A backtracking regex can take minutes on a
    /// hostile line (`{{>` a hundred thousand times over), so matches are looked for only where
    /// they can start, each within a bounded window, and a file needing too many is refused.
    public struct ScanLimits: Sendable, Equatable {
        /// The longest text one match may span (from its leading literal on).
        public var window: Int
        /// The most places per file where a match may start (occurrences of the leading literal,
        /// or lines for a pattern without one).
        public var starts: Int
        /// The longest line searched by a pattern with no leading literal.
        public var line: Int
        /// The most steps the pattern may take over one file (each item it tries, backtracking
        /// included). A scan of a prompt takes thousands; one that backtracks without end is
        /// refused here, in tens of milliseconds, rather than after minutes.
        public var steps: Int

        public init(window: Int = 1024, starts: Int = 10_000, line: Int = 4096, steps: Int = 2_000_000) {
            self.window = window
            self.starts = starts
            self.line = line
            self.steps = steps
        }

        public static let standard = ScanLimits()
    }

    /// A file the scan refused, and why.
    public struct TooCostly: Error, Sendable, Equatable {
        public var reason: String
        public var hint: String
    }

    /// Group 1 of every match in `bytes`, bounded by `limits`.
    ///
    /// With a leading literal (`{{>`), a match is tried at each occurrence of it, over at most
    /// `limits.window` bytes; without one, each line is searched, and a line may be at most
    /// `limits.line` bytes long.
    public func firstGroups(in bytes: [UInt8], limits: ScanLimits) throws(TooCostly) -> [String] {
        try spans(in: bytes, limits: limits).map(\.group)
    }

    /// One match in a file: the bytes it spans and its group 1.
    public struct Span: Sendable, Equatable {
        public var range: Range<Int>
        public var group: String
    }

    /// Every match in `bytes` that has a group 1, in order, found as ``firstGroups(in:limits:)``
    /// finds them (so within the same bounds).
    public func spans(in bytes: [UInt8], limits: ScanLimits) throws(TooCostly) -> [Span] {
        let literal = Array(leadingLiteral.utf8)
        guard !literal.isEmpty else { return try spansByLine(in: bytes, limits: limits) }
        var starts: [Int] = []
        var index = 0
        while let found = Self.index(of: literal, in: bytes, from: index) {
            starts.append(found)
            if starts.count > limits.starts {
                throw TooCostly(
                    reason: "holds more than \(limits.starts) occurrences of `\(leadingLiteral)`",
                    hint: "a prompt with that many includes is likely generated or corrupt; split it, or leave it "
                        + "out of `prompts:`")
            }
            index = found + literal.count
        }
        var spans: [Span] = []
        var consumed = 0
        var steps = UInt64(max(0, limits.steps))
        for start in starts where start >= consumed {
            let end = min(bytes.count, start + limits.window)
            let window = Array(bytes[start..<end])
            let outcome = compiled.match(in: window, from: 0, anchored: true, steps: &steps)
            guard case .found(let match) = outcome else {
                if case .overBudget = outcome { throw overBudget(limits) }
                continue
            }
            consumed = start + match.whole.upperBound
            if let group = match.group {
                spans.append(Span(range: start..<consumed, group: group))
            }
        }
        return spans
    }

    func overBudget(_ limits: ScanLimits) -> TooCostly {
        TooCostly(
            reason: "takes the pattern more than \(limits.steps) steps",
            hint: "the pattern can match the same text in many ways and backtracks through them all (as "
                + "`.+?.+?` or `\\s*\\s*` do): make its repetitions exclude each other, such as `[^)]+` "
                + "instead of `.+?`, and start it with literal text")
    }

    func spansByLine(in bytes: [UInt8], limits: ScanLimits) throws(TooCostly) -> [Span] {
        var spans: [Span] = []
        var lineNumber = 0
        var lineStart = 0
        var steps = UInt64(max(0, limits.steps))
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            if lineNumber > limits.starts {
                throw TooCostly(reason: "has more than \(limits.starts) lines", hint: Self.literalHint)
            }
            guard line.count <= limits.line else {
                throw TooCostly(
                    reason: "line \(lineNumber) is longer than \(limits.line) bytes", hint: Self.literalHint)
            }
            let found = compiled.matches(in: Array(line), steps: &steps)
            for match in found.matches {
                guard let group = match.group else { continue }
                spans.append(
                    Span(
                        range: (lineStart + match.whole.lowerBound)..<(lineStart + match.whole.upperBound), group: group
                    ))
            }
            if found.overBudget { throw overBudget(limits) }
            lineStart += line.count + 1
        }
        return spans
    }

    static let literalHint =
        "start the include pattern with literal text (such as `\\{\\{>`), so that deadbolt looks "
        + "for matches only where that text is"

    /// The first index at or after `from` where `needle` starts in `haystack`.
    static func index(of needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var index = from
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// A quantified group that itself holds a quantifier (`(a+)+`, `(x*y)*`): on text that
    /// almost matches, a backtracking engine tries exponentially many ways to split it. Nil when
    /// there is none; otherwise the offending part, for the message.
    public var nestedQuantifier: String? {
        let structure = PatternStructure(source)
        let chars = structure.characters
        var stack: [(start: Int, quantified: Bool)] = []
        func isUnbounded(at position: Int) -> Bool {
            guard let character = structure[position] else { return false }
            if character == "*" || character == "+" { return true }
            guard character == "{", let close = chars[position...].firstIndex(of: "}") else { return false }
            let inside = String(chars[(position + 1)..<close])
            let parts = inside.split(separator: ",", omittingEmptySubsequences: false)
            if parts.count == 2 { return parts[1].isEmpty || (Int(parts[1]) ?? 0) > 1 }
            return (Int(inside) ?? 0) > 1
        }
        for (index, character) in structure {
            if character == "(" {
                stack.append((index, false))
            } else if character == ")" {
                guard let group = stack.popLast() else { return nil }
                if group.quantified && isUnbounded(at: index + 1) {
                    return String(chars[group.start...(index + 1)])
                }
                if !stack.isEmpty && (group.quantified || isUnbounded(at: index + 1)) {
                    stack[stack.count - 1].quantified = true
                }
            } else if isUnbounded(at: index), !stack.isEmpty {
                stack[stack.count - 1].quantified = true
            }
        }
        return nil
    }

    /// The whole text of every match in `text` (a commit message). Within the standard budget of
    /// steps: a message that needs more yields the matches found before.
    public func matches(in text: String) -> [String] {
        var steps = UInt64(ScanLimits.standard.steps)
        let bytes = Array(text.utf8)
        return compiled.matches(in: bytes, steps: &steps).matches.map {
            String(decoding: bytes[$0.whole], as: UTF8.self)
        }
    }
}
