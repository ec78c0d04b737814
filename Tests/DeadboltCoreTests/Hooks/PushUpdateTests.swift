import DeadboltCore
import Testing

/// The lines git writes to a pre-push hook's standard input.
@Suite struct PushUpdateTests {
    static let local = "1111111111111111111111111111111111111111"
    static let remote = "2222222222222222222222222222222222222222"
    static let zero = String(repeating: "0", count: 40)

    @Test func eachLineIsOneUpdateAndBlankLinesAreSkipped() throws {
        let text =
            "refs/heads/main \(Self.local) refs/heads/main \(Self.remote)\n\n"
            + "refs/tags/v1 \(Self.local) refs/tags/v1 \(Self.zero)\r\n"
        let updates = try PushUpdate.parse(text)
        #expect(
            updates == [
                PushUpdate(
                    localRef: "refs/heads/main", localSHA: Self.local, remoteRef: "refs/heads/main",
                    remoteSHA: Self.remote),
                PushUpdate(
                    localRef: "refs/tags/v1", localSHA: Self.local, remoteRef: "refs/tags/v1", remoteSHA: Self.zero),
            ])
        #expect(try PushUpdate.parse("") == [])
        #expect(try PushUpdate.parse("\n\n") == [])
    }

    @Test func newRefsAndDeletionsAreToldByTheirZeroIds() throws {
        let text =
            "refs/heads/new \(Self.local) refs/heads/new \(Self.zero)\n"
            + "(delete) \(Self.zero) refs/heads/old \(Self.remote)\n"
        let updates = try PushUpdate.parse(text)
        #expect(updates.map(\.isNewRef) == [true, false])
        #expect(updates.map(\.isDeletion) == [false, true])
        #expect(PushUpdate.isZero(String(repeating: "0", count: 64)), "a SHA-256 repository's zero id")
        #expect(!PushUpdate.isZero("0000000"))
        #expect(!PushUpdate.isZero(String(repeating: "0", count: 39) + "1"))
    }

    @Test func lineWithTheWrongNumberOfFieldsIsRefusedWithItsLineNumber() {
        for line in [
            "refs/heads/main \(Self.local) refs/heads/main",
            "refs/heads/main \(Self.local) refs/heads/main \(Self.remote) extra",
            "garbage",
        ] {
            let error = #expect(throws: InputError.self) {
                try PushUpdate.parse("refs/heads/ok \(Self.local) refs/heads/ok \(Self.remote)\n" + line + "\n")
            }
            #expect(error?.file == "standard input")
            #expect(error?.line == 2, "\(line)")
            #expect(error?.message == "is not a pre-push line: \(line)")
            #expect(error?.hint?.contains("<local ref> <local sha> <remote ref> <remote sha>") == true)
        }
    }

    @Test func shaThatIsNotAFullHexIdIsRefused() {
        let bad = [
            "xyz" + String(repeating: "1", count: 37), String(Self.local.prefix(7)), Self.local + "1",
            String(repeating: "１", count: 40), String(repeating: "g", count: 40),
        ]
        for sha in bad {
            #expect(throws: InputError.self, "local sha \(sha)") {
                try PushUpdate.parse("refs/heads/main \(sha) refs/heads/main \(Self.remote)\n")
            }
            #expect(throws: InputError.self, "remote sha \(sha)") {
                try PushUpdate.parse("refs/heads/main \(Self.local) refs/heads/main \(sha)\n")
            }
        }
        let sha256 = String(repeating: "a", count: 64)
        #expect(throws: Never.self) { try PushUpdate.parse("refs/heads/main \(sha256) refs/heads/main \(sha256)\n") }
    }

    @Test func tenMegabyteLineIsRefusedWithAShortMessage() {
        let huge = String(repeating: "r", count: 10 * 1024 * 1024)
        let error = #expect(throws: InputError.self) { try PushUpdate.parse(huge + "\n") }
        #expect(error?.line == 1)
        #expect((error?.message.count ?? .max) < 200, "the line is not echoed whole")
        let hugeRef = try? PushUpdate.parse("refs/heads/\(huge) \(Self.local) refs/heads/x \(Self.remote)\n")
        #expect(hugeRef?.first?.localRef.count == huge.count + 11, "a long ref name is still a ref name")
    }

    @Test func oddButValidLinesKeepTheirNamesLineNumbersAndSeparators() throws {
        let upper = Self.local.uppercased().replacingOccurrences(of: "1", with: "A")
        let updates = try PushUpdate.parse(
            "refs/heads/caf\u{E9} \(upper) refs/heads/e\u{301} \(Self.remote)\r\n"
                + "  refs/heads/x  \(Self.local)   refs/heads/x \(Self.remote)  ")
        #expect(updates.map(\.localRef) == ["refs/heads/caf\u{E9}", "refs/heads/x"], "no trailing newline needed")
        #expect(updates.first?.remoteRef == "refs/heads/e\u{301}", "a combining mark stays with its letter")
        #expect(updates.first?.localSHA == upper, "upper-case hex is an id")
        #expect(updates.last?.remoteSHA == Self.remote, "runs of spaces are one separator")

        let loneReturn = #expect(throws: InputError.self) {
            try PushUpdate.parse("\r\n\nrefs/heads/a \(Self.local) refs/heads/a \(Self.remote)\rrefs/heads/b\n")
        }
        #expect(loneReturn?.line == 3, "a lone carriage return does not end a line")
        #expect(throws: InputError.self, "a tab is not a separator") {
            try PushUpdate.parse("refs/heads/a\t\(Self.local) refs/heads/a \(Self.remote)\n")
        }
    }
}
