/// Ways a target cuts one input into the pieces its parser takes.
enum FuzzInput {
    /// The bytes as text, as the commands decode files they read (invalid UTF-8 becomes U+FFFD).
    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// The first line and the rest, for targets that take two texts (a pattern and a path).
    static func firstLine(_ bytes: [UInt8]) -> (String, String) {
        guard let newline = bytes.firstIndex(of: 0x0A) else { return (text(bytes), "") }
        return (text(Array(bytes[..<newline])), text(Array(bytes[(newline + 1)...])))
    }
}
