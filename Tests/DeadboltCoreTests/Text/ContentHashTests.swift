import DeadboltCore
import Testing

@Suite("Content hashes")
struct ContentHashTests {
    @Test("SHA-256 in lowercase hex, as FIPS 180-2 gives it")
    func knownDigests() {
        #expect(ContentHash.sha256("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(ContentHash.sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // Two blocks, and bytes that are not text.
        #expect(
            ContentHash.sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(ContentHash.sha256([0x00, 0xFF]).count == 64)
    }
}
