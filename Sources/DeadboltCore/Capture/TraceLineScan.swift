import Foundation

/// Looks into a JSON Lines line without parsing it, so that lines that cannot matter are skipped:
/// a big export's lines are parsed only when they name a trace wanted or hold a filter's value.
///
/// Parsing is most of the cost of reading an export; a byte scan is a small part of it.
enum TraceLineScan {
    static let traceIDKey = Array(#""traceId""#.utf8)

    /// Calls `body` with the value of every `"traceId": "..."` in `line`.
    static func traceIDs(in line: ArraySlice<UInt8>, _ body: (ArraySlice<UInt8>) -> Void) {
        var start = line.startIndex
        while let found = find(traceIDKey, in: line[start...]) {
            var index = found + traceIDKey.count
            while index < line.endIndex, line[index] == 0x20 || line[index] == 0x3A || line[index] == 0x09 {
                index += 1
            }
            start = index
            guard index < line.endIndex, line[index] == 0x22 else { continue }
            let valueStart = index + 1
            guard let valueEnd = line[valueStart...].firstIndex(of: 0x22) else { return }
            body(line[valueStart..<valueEnd])
            start = valueEnd + 1
        }
    }

    /// Whether `line` holds `needle`'s bytes.
    static func contains(_ needle: [UInt8], in line: ArraySlice<UInt8>) -> Bool { find(needle, in: line) != nil }

    /// The index in `line` where `needle` starts.
    static func find(_ needle: [UInt8], in line: ArraySlice<UInt8>) -> Int? {
        guard !needle.isEmpty, line.count >= needle.count else { return nil }
        return line.withUnsafeBytes { haystack -> Int? in
            needle.withUnsafeBytes { pattern -> Int? in
                // memchr for the first byte, memcmp for the rest (Glibc's memmem is not imported).
                guard let base = haystack.baseAddress, let first = pattern.first else { return nil }
                var offset = 0
                let last = haystack.count - pattern.count
                while offset <= last {
                    guard let hit = memchr(base + offset, Int32(first), last - offset + 1) else { return nil }
                    let at = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + at, pattern.baseAddress!, pattern.count) == 0 { return line.startIndex + at }
                    offset = at + 1
                }
                return nil
            }
        }
    }

    /// The bytes a filter's value is written with in OTLP JSON, when they are sure: plain ASCII
    /// text without quotes or backslashes, and not a fractional number (a number may be written
    /// another way). Nil when the value cannot be looked for as bytes.
    static func needle(_ value: String) -> [UInt8]? {
        let bytes = Array(value.utf8)
        guard !bytes.isEmpty, bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) else {
            return nil
        }
        if Double(value) != nil, value.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { return nil }
        return bytes
    }

    /// A 64-bit FNV-1a hash, to count traces without keeping their ids.
    static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}
