import Foundation

/// Compact JSON with sorted keys, written without `JSONEncoder`: keys in plain string order,
/// `"`, `\\` and control characters escaped as `JSONEncoder` escapes them (`\\b \\t \\n \\f \\r`, the
/// rest `\\u00xx`), `/` as it is, whole numbers below 2^53 as integers.
enum CompactWriter {
    static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    static func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null: out += [0x6E, 0x75, 0x6C, 0x6C]
        case .bool(let flag): out += flag ? Array("true".utf8) : Array("false".utf8)
        case .number(let value): number(value, into: &out)
        case .string(let text): string(text, into: &out)
        case .array(let items):
            out.append(0x5B)
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(0x2C) }
                write(item, into: &out)
            }
            out.append(0x5D)
        case .object(let object):
            out.append(0x7B)
            // Sorted once as pairs: no second hash lookup of each key for its value.
            for (index, entry) in object.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { out.append(0x2C) }
                string(entry.key, into: &out)
                out.append(0x3A)
                write(entry.value, into: &out)
            }
            out.append(0x7D)
        }
    }

    /// `map` as ``write(_:into:)`` writes `.object(map.mapValues(JSONValue.string))`, without
    /// making that object first.
    static func strings(_ map: [String: String], into out: inout [UInt8]) {
        out.append(0x7B)
        for (index, entry) in map.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { out.append(0x2C) }
            string(entry.key, into: &out)
            out.append(0x3A)
            string(entry.value, into: &out)
        }
        out.append(0x7D)
    }

    static func number(_ number: Double, into out: inout [UInt8]) {
        // As JSONValue encodes them: whole numbers below 2^53 as integers (so -0 is 0).
        if number.rounded() == number, abs(number) < 9_007_199_254_740_992 {
            out += Array(String(Int64(number)).utf8)
            return
        }
        // Fractions and huge numbers as JSONEncoder spells them (1e+300, 0.1).
        let encoder = JSONEncoder()
        guard let data = try? encoder.encode([number]), data.count >= 2 else {
            out += Array("null".utf8)
            return
        }
        out += data.dropFirst().dropLast()
    }

    static func string(_ text: String, into out: inout [UInt8]) {
        out.append(0x22)
        // Most keys and values need no escape: copied whole, not byte by byte.
        let escaped: (UInt8) -> Bool = { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }
        if !(text.utf8.withContiguousStorageIfAvailable { $0.contains(where: escaped) }
            ?? text.utf8.contains(where: escaped))
        {
            out.append(contentsOf: text.utf8)
            out.append(0x22)
            return
        }
        for byte in text.utf8 {
            switch byte {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x08: out += [0x5C, 0x62]
            case 0x09: out += [0x5C, 0x74]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0C: out += [0x5C, 0x66]
            case 0x0D: out += [0x5C, 0x72]
            case 0..<0x20: out += [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: out.append(byte)
            }
        }
        out.append(0x22)
    }
}
