/// Small conversions every trace format needs.
enum TraceValues {
    /// A non-empty string, else nil.
    static func string(_ value: JSONValue?) -> String? {
        guard case .string(let text)? = value, !text.isEmpty else { return nil }
        return text
    }

    /// A scalar as tag text: strings as they are, integral numbers without a fraction, booleans as
    /// `true`/`false`. Nil for null, arrays, objects and empty strings.
    static func scalarText(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?:
            return text.isEmpty ? nil : text
        case .number(let number)?:
            if number.rounded() == number, abs(number) < 9_007_199_254_740_992 {
                return String(Int64(number))
            }
            return String(number)
        case .bool(let flag)?:
            return flag ? "true" : "false"
        default:
            return nil
        }
    }

    /// The JSON inside a string, when the string holds an array or object; else the value itself.
    ///
    /// Trace formats often carry structured content as JSON text (OpenTelemetry attributes can
    /// only hold strings, so `gen_ai.input.messages` usually arrives that way).
    static func decodingEmbeddedJSON(_ value: JSONValue) -> JSONValue {
        guard case .string(let text) = value else { return value }
        let trimmed = text.trimmingWhitespace()
        guard trimmed.hasPrefix("[") || trimmed.hasPrefix("{") else { return value }
        guard let parsed = try? JSONValue.parse(trimmed) else { return value }
        switch parsed {
        case .array, .object: return parsed
        default: return value
        }
    }
}
