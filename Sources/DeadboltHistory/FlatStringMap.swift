/// Reads back a `{"key":"value",...}` map as `compactText` writes it, without a JSON parser:
/// `history --case` decodes thousands of them. Nil for anything else, which then goes to the parser.
enum FlatStringMap {
    static func parse(_ text: String) -> [String: String]? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 2, bytes.first == 0x7B, bytes.last == 0x7D else { return nil }
        var result: [String: String] = [:]
        var index = 1
        if bytes.count == 2 { return result }
        while index < bytes.count - 1 {
            guard let key = string(bytes, &index), index < bytes.count, bytes[index] == 0x3A else { return nil }
            index += 1
            guard let value = string(bytes, &index), index < bytes.count else { return nil }
            result[key] = value
            if bytes[index] == 0x2C {
                index += 1
            } else if bytes[index] == 0x7D, index == bytes.count - 1 {
                return result
            } else {
                return nil
            }
        }
        return nil
    }

    /// A string starting at `index` (its opening quote) with no escapes; nil if it has one.
    static func string(_ bytes: [UInt8], _ index: inout Int) -> String? {
        guard index < bytes.count, bytes[index] == 0x22 else { return nil }
        let start = index + 1
        var end = start
        while end < bytes.count, bytes[end] != 0x22 {
            if bytes[end] == 0x5C { return nil }
            end += 1
        }
        guard end < bytes.count else { return nil }
        index = end + 1
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
