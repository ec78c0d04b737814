import Crypto

/// SHA-256 in lowercase hex: the content id of what is not a git blob (a case, an answer).
public enum ContentHash {
    public static func sha256(_ text: String) -> String {
        // A native string's bytes are hashed where they are, without a copy.
        text.utf8.withContiguousStorageIfAvailable { bytes in
            var hasher = SHA256()
            hasher.update(bufferPointer: UnsafeRawBufferPointer(bytes))
            return hex(hasher.finalize())
        } ?? sha256(Array(text.utf8))
    }

    public static func sha256(_ bytes: [UInt8]) -> String { hex(SHA256.hash(data: bytes)) }

    /// Written straight into the string's storage: a run hashes every case and answer, and the
    /// digest's own iterator and a table array per call cost as much as the hash.
    static func hex(_ hash: SHA256.Digest) -> String {
        hash.withUnsafeBytes { digest in
            String(unsafeUninitializedCapacity: digest.count * 2) { out in
                for (offset, byte) in digest.enumerated() {
                    out[2 * offset] = hexDigit(byte >> 4)
                    out[2 * offset + 1] = hexDigit(byte & 0x0F)
                }
                return digest.count * 2
            }
        }
    }

    @inline(__always) static func hexDigit(_ value: UInt8) -> UInt8 { value < 10 ? 0x30 + value : 0x57 + value }
}
