/// How values appear inside one-line assertion messages: quoted, escaped and bounded.
enum MessageText {
    /// Values longer than this many characters are cut with "…".
    static let valueLimit = 200

    /// A string as a double-quoted literal with escapes, cut after `limit` characters.
    static func quoted(_ text: String, limit: Int = valueLimit) -> String {
        // Short printable ASCII without quotes or backslashes is its own escape: no need to walk
        // it character by character (grapheme breaking made this a sixth of a passing case).
        if text.utf8.count <= limit,
            text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") })
        {
            return "\"" + text + "\""
        }
        var body = ""
        var count = 0
        for character in text {
            if count == limit {
                body += "…"
                break
            }
            body += escaped(character)
            count += 1
        }
        return "\"" + body + "\""
    }

    /// Compact JSON text of a value, cut after `limit` characters.
    static func json(_ value: JSONValue, limit: Int = valueLimit) -> String {
        if case .string(let s) = value { return quoted(s, limit: limit) }
        return truncated(value.compactText(), limit: limit)
    }

    /// `text` cut after `limit` characters, with "…" when something was cut.
    static func truncated(_ text: String, limit: Int = valueLimit) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit)) + "…"
    }

    /// A number as a person writes it: integral values without a fraction.
    static func number(_ value: Double) -> String {
        if value.isFinite, value.rounded() == value, abs(value) < 1e15 {
            return String(Int64(value))
        }
        return "\(value)"
    }

    /// A list of strings as `"a", "b", "c"`, bounded in total length.
    static func quotedList(_ items: [String], limit: Int = valueLimit) -> String {
        var result = ""
        for (index, item) in items.enumerated() {
            let next = (index == 0 ? "" : ", ") + quoted(item, limit: 60)
            if result.count + next.count > limit {
                return result + ", … (\(items.count - index) more)"
            }
            result += next
        }
        return result
    }

    /// "1 item", "2 items".
    static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        Plural.count(n, singular, plural: plural)
    }

    /// "1 item", "2 items", for a count read from JSON, which may be too large for an `Int`.
    static func count(_ n: Double, _ singular: String, _ plural: String? = nil) -> String {
        number(n) + " " + (n == 1 ? singular : Plural.noun(2, singular, plural: plural))
    }

    private static func escaped(_ character: Character) -> String {
        switch character {
        case "\"": return "\\\""
        case "\\": return "\\\\"
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\r\n": return "\\r\\n"
        case "\t": return "\\t"
        default:
            if character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first,
                scalar.value < 0x20 || scalar.value == 0x7F
            {
                return "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            }
            return String(character)
        }
    }
}
