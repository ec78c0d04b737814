/// Searches raw file bytes without decoding them: cheap tests run before any parsing.
public enum ByteSearch {
    /// Every offset at which `needle` starts in `haystack`.
    public static func offsets(of needle: [UInt8], in haystack: [UInt8]) -> [Int] {
        guard let first = needle.first, haystack.count >= needle.count else { return [] }
        var found: [Int] = []
        haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { nee in
                let last = hay.count - nee.count
                var i = 0
                while i <= last {
                    if hay[i] == first {
                        var j = 1
                        while j < nee.count && hay[i + j] == nee[j] { j += 1 }
                        if j == nee.count { found.append(i) }
                    }
                    i += 1
                }
            }
        }
        return found
    }

    /// Whether `needle` occurs in `haystack`.
    public static func contains(_ needle: [UInt8], in haystack: [UInt8]) -> Bool {
        !offsets(of: needle, in: haystack).isEmpty
    }

    /// Whether `path` occurs in `text` as a whole path: not inside a longer name, possibly
    /// followed by a slash (`owners: [prompts/refund/]`).
    public static func mentionsPath(_ path: String, in text: [UInt8]) -> Bool {
        let needle = Array(path.utf8)
        for offset in offsets(of: needle, in: text) {
            if offset > 0 && isPathByte(text[offset - 1]) { continue }
            var end = offset + needle.count
            if end < text.count && text[end] == UInt8(ascii: "/") { end += 1 }
            if end >= text.count || !isPathByte(text[end]) { return true }
        }
        return false
    }

    static func isPathByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "/"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "+"),
            UInt8(ascii: "@"):
            return true
        default:
            return byte >= 0x80
        }
    }
}
