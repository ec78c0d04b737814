/// Ways a target cuts one input into the pieces its parser takes.
enum FuzzInput {
    /// The bytes as text, as the commands decode files they read (invalid UTF-8 becomes U+FFFD).
    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// The first line and the rest, for targets that take two texts (a pattern and a path).
    static func firstLine(_ bytes: [UInt8]) -> (String, String) {
        guard let newline = bytes.firstIndex(of: 0x0A) else { return (text(bytes), "") }
        return (text(Array(bytes[..<newline])), text(Array(bytes[(newline + 1)...])))
    }

    /// The bytes before the first `separator` and after it (all and none when there is none).
    static func split(_ bytes: [UInt8], at separator: [UInt8]) -> ([UInt8], [UInt8]) {
        guard !separator.isEmpty, bytes.count >= separator.count else { return (bytes, []) }
        for start in 0...(bytes.count - separator.count) where bytes[start] == separator[0] {
            if bytes[start..<(start + separator.count)].elementsEqual(separator) {
                return (Array(bytes[..<start]), Array(bytes[(start + separator.count)...]))
            }
        }
        return (bytes, [])
    }
}
