import Crypto

/// SHA-256 in lowercase hex: the content id of what is not a git blob (a case, an answer).
public enum ContentHash {
    public static func sha256(_ text: String) -> String { sha256(Array(text.utf8)) }

    public static func sha256(_ bytes: [UInt8]) -> String {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in SHA256.hash(data: bytes) {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
