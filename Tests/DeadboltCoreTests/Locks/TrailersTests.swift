import DeadboltCore
import Foundation
import TestSupport
import Testing

@Suite struct TrailersTests {
    /// What `git interpret-trailers --parse` finds, as `Key: value` lines.
    static func gitTrailers(_ message: String) throws -> [String] {
        let folder = try TemporaryFolder.make(prefix: "trailers")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var env = ProcessInfo.processInfo.environment
        env["GIT_CONFIG_GLOBAL"] = "/dev/null"
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        let result = try ProcessResult.run(
            ["git", "interpret-trailers", "--parse"], in: folder, environment: env, input: Array(message.utf8))
        #expect(result.status == 0)
        return result.stdout.split(separator: "\n").map(String.init)
    }

    @Test(arguments: TrailerCorpus.messages.indices)
    func matchesGitInterpretTrailers(_ index: Int) throws {
        let message = TrailerCorpus.messages[index]
        let ours = Trailers.parse(message).map { "\($0.key): \($0.value)" }
        #expect(ours == (try Self.gitTrailers(message)), "message \(index): \(message.debugDescription)")
    }

    @Test func aVerticalTabOrFormFeedIsNotWhiteSpaceToGit() {
        // Found by the trailer differential over a fuzzed corpus (Fuzz/regressions/commit-message).
        let trailers = Trailers.parse("Fix\n\nBug:\u{0B}#-4\nB: x \u{0B}\n")
        #expect(trailers.map(\.value) == ["\u{0B}#-4", "x \u{0B}"])
        // A line of only a form feed is not blank, so it is not where the trailers start.
        #expect(Trailers.parse("Fix\n\u{0C}\nBug: BUG-1\n").map(\.key) == [])
    }

    @Test func dashesInTheBodyDoNotHideTrailers() {
        let trailers = Trailers.parse("Refactor\n\n----\nart\n----\n\nBug: BUG-9\n")
        #expect(trailers == [Trailers.Trailer(key: "Bug", value: "BUG-9")])
    }

    @Test func continuationLinesAreUnfolded() {
        let trailers = Trailers.parse("T\n\nB.\n\nBug: https://tracker.example.com/\n  BUG-77\n")
        #expect(trailers == [Trailers.Trailer(key: "Bug", value: "https://tracker.example.com/ BUG-77")])
    }
}
