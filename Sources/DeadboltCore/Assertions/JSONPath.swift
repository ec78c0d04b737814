import Foundation

/// JSON paths (`$.items[2].name`) for values and JSON pointers (`#/properties/name`) for schemas.
enum JSONPath {
    /// The path of the whole value.
    static let root = "$"

    /// `path` extended by an object member: `.name`, or `["first name"]` when not an identifier.
    static func appending(key: String, to path: String) -> String {
        if isIdentifier(key) { return path + "." + key }
        return path + "[" + MessageText.quoted(key, limit: Int.max) + "]"
    }

    /// `path` extended by an array element: `[2]`.
    static func appending(index: Int, to path: String) -> String {
        path + "[\(index)]"
    }

    /// A schema pointer extended by one token, escaped as RFC 6901 says.
    static func pointer(_ pointer: String, _ token: String) -> String {
        pointer + "/" + token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// A schema pointer extended by an array index.
    static func pointer(_ pointer: String, _ index: Int) -> String {
        pointer + "/\(index)"
    }

    private static func isIdentifier(_ key: String) -> Bool {
        guard let first = key.utf8.first else { return false }
        func isLetter(_ byte: UInt8) -> Bool {
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
        }
        guard isLetter(first) else { return false }
        return key.utf8.allSatisfy { isLetter($0) || ($0 >= 0x30 && $0 <= 0x39) }
    }
}
