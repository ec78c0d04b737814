import Foundation

/// Compiles the regular expressions of `regex` assertions and schema `pattern`s, with a readable
/// reason when one is invalid.
enum RegularExpression {
    /// A pattern that does not compile, and why.
    struct InvalidPattern: Error {
        var pattern: String
        var reason: String

        /// `invalid regular expression /(/: expected ')'`.
        var message: String {
            "invalid regular expression /\(MessageText.truncated(pattern, limit: 100))/: \(reason)"
        }
    }

    /// The compiled pattern (ICU syntax, as NSRegularExpression reads it).
    static func compile(_ pattern: String) throws(InvalidPattern) -> NSRegularExpression {
        do {
            return try NSRegularExpression(pattern: pattern)
        } catch {
            throw InvalidPattern(pattern: pattern, reason: reason(for: pattern))
        }
    }

    /// Why `pattern` is invalid. Foundation gives no reason, so Swift's own regex parser,
    /// whose syntax is close to ICU's, is asked for one.
    private static func reason(for pattern: String) -> String {
        do {
            _ = try Regex(pattern)
        } catch {
            return "\(error)"
        }
        return "the pattern does not compile"
    }

    /// The first match of `expression` in `text`, as text; nil when there is none.
    static func firstMatch(of expression: NSRegularExpression, in text: String) -> String? {
        let range = NSRange(text.startIndex..<text.endIndex, in: text)
        guard let match = expression.firstMatch(in: text, range: range),
            let matched = Range(match.range, in: text)
        else { return nil }
        return String(text[matched])
    }
}
