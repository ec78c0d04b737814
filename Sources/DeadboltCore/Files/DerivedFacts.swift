/// Facts derived from file contents, remembered across runs by content id.
///
/// A prompt's includes and a dataset's owners depend only on the bytes of one blob or one
/// folder, so once read they need not be read again while the content id stays the same. The
/// hook then touches only what changed since it last ran. Keys name what they describe and the
/// content id; values are short lists of paths.
public protocol DerivedFacts: AnyObject {
    /// The values remembered for `key`, or nil.
    func facts(for key: String) -> [String]?
    /// Remembers `values` for `key`.
    func remember(_ values: [String], for key: String)
}

extension FileTree {
    /// No cheap ids.
    public func entryIDs(in path: String) throws -> [String: String]? { nil }

    /// The files without ids.
    public func fileIDs(under path: String) throws -> [(path: String, id: String?)] {
        try files(under: path).map { ($0, nil) }
    }
}

/// A short stable fingerprint of a configuration value, for keys that depend on it.
public enum Fingerprint {
    /// FNV-1a over the UTF-8 of `parts`, as 16 hex digits.
    public static func of(_ parts: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in parts {
            for byte in part.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
            hash ^= 0xFF
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
