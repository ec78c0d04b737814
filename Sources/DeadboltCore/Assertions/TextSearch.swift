import Foundation

/// Substring tests that treat canonically equivalent text as equal.
///
/// Both sides are brought to Unicode normalization form C and then compared scalar by scalar,
/// so "é" written precomposed matches "e" plus a combining accent, and "\n" is found inside a
/// CRLF line ending (which Swift treats as one character).
enum TextSearch {
    /// Whether `text` contains `needle`; the empty needle is contained everywhere.
    ///
    /// Compared as UTF-8 bytes, which is the same as scalar by scalar: in UTF-8 a scalar's first
    /// byte is never one of another's continuation bytes, so a byte match starts and ends on scalar
    /// boundaries. Bytes are copied out of a String at once; scalars are decoded one by one (this
    /// was half of a case's cost with a provider that answers at once).
    static func contains(_ text: String, _ needle: String) -> Bool {
        let haystack = Array(normalized(text).utf8)
        let pattern = Array(normalized(needle).utf8)
        return firstIndex(of: pattern, in: haystack) != nil
    }

    /// Whether `text` starts with `prefix`.
    static func hasPrefix(_ text: String, _ prefix: String) -> Bool {
        let haystack = normalized(text).unicodeScalars
        let pattern = normalized(prefix).unicodeScalars
        return haystack.starts(with: pattern)
    }

    /// Whether `text` contains `needle`, ignoring case by Unicode lowercase mapping.
    ///
    /// "Ä" matches "ä"; "STRASSE" does not match "straße", since lowercasing does not fold "ß".
    static func containsIgnoringCase(_ text: String, _ needle: String) -> Bool {
        contains(text.lowercased(), needle.lowercased())
    }

    /// `text` in normalization form C.
    static func normalized(_ text: String) -> String {
        // ASCII text is already in every normalization form.
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        return text.precomposedStringWithCanonicalMapping
    }

    /// The first offset of `pattern` in `haystack` (Knuth–Morris–Pratt, linear in both).
    private static func firstIndex(of pattern: [UInt8], in haystack: [UInt8]) -> Int? {
        if pattern.isEmpty { return 0 }
        guard haystack.count >= pattern.count else { return nil }
        var failure = [Int](repeating: 0, count: pattern.count)
        var length = 0
        var i = 1
        while i < pattern.count {
            while length > 0, pattern[i] != pattern[length] { length = failure[length - 1] }
            if pattern[i] == pattern[length] { length += 1 }
            failure[i] = length
            i += 1
        }
        var matched = 0
        for (i, byte) in haystack.enumerated() {
            while matched > 0, byte != pattern[matched] { matched = failure[matched - 1] }
            if byte == pattern[matched] { matched += 1 }
            if matched == pattern.count { return i - pattern.count + 1 }
        }
        return nil
    }
}
