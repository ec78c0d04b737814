import Foundation

/// A JSON value as it appears in a case, a provider answer or a verdict.
///
/// Objects keep their keys in a dictionary; encoding sorts them so that output is stable.
/// Numbers are doubles; integral numbers print without a fraction.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The string inside `.string`, else nil.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The dictionary inside `.object`, else nil.
    public var objectValue: [String: JSONValue]? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The elements inside `.array`, else nil.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The number inside `.number`, else nil.
    public var numberValue: Double? {
        if case .number(let n) = self { return n }
        return nil
    }

    /// The member `key` of an object, else nil.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }

    /// The name of the JSON type, as a person would say it in an error message.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let b = try? container.decode(Bool.self) {
            self = .bool(b)
        } else if let n = try? container.decode(Double.self) {
            self = .number(n)
        } else if let s = try? container.decode(String.self) {
            self = .string(s)
        } else if let a = try? container.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let b): try container.encode(b)
        case .number(let n):
            if n.rounded() == n, abs(n) < 9_007_199_254_740_992 {
                try container.encode(Int64(n))
            } else {
                try container.encode(n)
            }
        case .string(let s): try container.encode(s)
        case .array(let a): try container.encode(a)
        case .object(let o): try container.encode(o)
        }
    }
}

extension JSONValue {
    /// Parses one JSON document.
    ///
    /// Throws ``JSONSyntaxError`` with the line and column of the fault when the text is not JSON.
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        let data = Data(bytes)
        let value: JSONValue
        do {
            // JSONSerialization, not JSONDecoder: decoding an enum through Codable tries each
            // type in turn and throws on every miss, which is several times slower.
            value = JSONValue(foundation: try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
        } catch {
            throw JSONSyntaxError(decodingError: error, text: data)
        }
        if let offset = trailingCommaOffset(data) {
            throw JSONSyntaxError(message: "trailing comma, which JSON does not allow", line: 1, column: offset + 1)
        }
        return value
    }

    init(foundation any: Any) {
        // Objects and arrays before numbers: asking a dictionary whether it is an NSNumber bridges it to an
        // NSDictionary first, which was a third of reading a JSON Lines export.
        switch any {
        case let s as String:
            self = .string(s)
        case let o as [String: Any]:
            self = .object(o.mapValues(JSONValue.init(foundation:)))
        case let a as [Any]:
            self = .array(a.map(JSONValue.init(foundation:)))
        case let n as NSNumber:
            // Booleans come back as NSNumber too; their type code is "c".
            self = n.objCType.pointee == CChar(UInt8(ascii: "c")) ? .bool(n.boolValue) : .number(n.doubleValue)
        default:
            self = .null
        }
    }

    /// Foundation accepts `[1,]` and `{"a":1,}`; JSON does not. The offset of such a comma.
    static func trailingCommaOffset(_ data: Data) -> Int? {
        // Over the raw bytes: Data's own iterator was a seventh of reading a JSON Lines export.
        data.withUnsafeBytes { trailingCommaOffset(in: $0) }
    }

    static func trailingCommaOffset(in bytes: UnsafeRawBufferPointer) -> Int? {
        var inString = false
        var escaped = false
        var lastComma: Int?
        for offset in 0..<bytes.count {
            let byte = bytes[offset]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                lastComma = nil
            case UInt8(ascii: ","): lastComma = offset
            case UInt8(ascii: "}"), UInt8(ascii: "]"): if let comma = lastComma { return comma }
            case 0x20, 0x09, 0x0A, 0x0D: break
            default: lastComma = nil
            }
        }
        return nil
    }

    /// Parses one JSON document held in a string.
    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    /// Compact JSON with sorted keys, as written into reports and to providers.
    ///
    /// Written directly, byte for byte what `JSONEncoder` with `.sortedKeys` and
    /// `.withoutEscapingSlashes` writes (a test compares the two), at a fraction of its cost:
    /// cache keys, eval records and provider requests make thousands of these a run.
    public func compactText() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(128)
        CompactWriter.write(self, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `map` as `JSONValue.object(map.mapValues(JSONValue.string)).compactText()` says it, without
    /// making that object: the prompt maps of eval records, 2,000 a run.
    public static func compactText(strings map: [String: String]) -> String {
        if map.isEmpty { return "{}" }
        var out: [UInt8] = []
        out.reserveCapacity(128)
        CompactWriter.strings(map, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The same with `JSONEncoder`, which `compactText` must agree with.
    public func compactTextByEncoder() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Indented JSON with sorted keys, for diffs a person reads.
    public func prettyText() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        guard let data = try? encoder.encode(self) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Text that is not JSON, with where the parser gave up.
public struct JSONSyntaxError: Error, Sendable, Equatable {
    /// What is wrong, in the parser's words.
    public var message: String
    /// 1-based column of the fault on its line, when the parser said.
    public var column: Int?
    /// 1-based line inside the parsed text, when the parser said.
    public var line: Int?

    public init(message: String, line: Int? = nil, column: Int? = nil) {
        self.message = message
        self.line = line
        self.column = column
    }

    init(decodingError: any Error, text: Data) {
        // JSONDecoder says only that the text is not JSON; JSONSerialization says where.
        var detail = "the text is not valid JSON"
        var line: Int?
        var column: Int?
        do {
            _ = try JSONSerialization.jsonObject(with: text, options: [.fragmentsAllowed])
        } catch {
            let ns = error as NSError
            if let said = ns.userInfo[NSDebugDescriptionErrorKey] as? String {
                detail = said.hasSuffix(".") ? String(said.dropLast()) : said
                // Read without a regular expression: the first NSRegularExpression loads ICU, which
                // took a fuzzing run's first input past its one-second limit on a busy machine.
                if let marker = said.firstRange(of: "character "),
                    let offset = Int(said[marker.upperBound...].prefix(while: { $0.isASCII && $0.isNumber }))
                {
                    let prefix = text.prefix(offset)
                    line = prefix.filter { $0 == 0x0A }.count + 1
                    let lineStart = prefix.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
                    column = offset - lineStart + 1
                }
            }
        }
        if text.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }) {
            detail = "empty text where a JSON value was expected"
        }
        self.init(message: detail, line: line, column: column)
    }
}
