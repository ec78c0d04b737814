import DeadboltCore
import DeadboltFuzz
import Foundation
import Testing

/// The commit-message target's differential oracle: for every committed message (and, with
/// DEADBOLT_FUZZ_TRAILER_CORPUS=DIR, every message a fuzzing run grew), deadbolt's trailers are
/// the ones `git interpret-trailers --parse` prints. Messages that are not UTF-8 text, or hold a
/// NUL or a carriage return, are left out: git and deadbolt read those bytes differently by design
/// (deadbolt decodes text; git keeps bytes), so there is no one answer to compare.
@Suite struct TrailerDifferentialTests {
    static func gitTrailers(_ message: [UInt8]) throws -> String {
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        git.arguments = ["git", "-c", "core.commentChar=#", "interpret-trailers", "--parse"]
        let input = Pipe()
        let output = Pipe()
        git.standardInput = input
        git.standardOutput = output
        git.standardError = FileHandle.nullDevice
        try git.run()
        input.fileHandleForWriting.write(Data(message))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        git.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    static func comparable(_ bytes: [UInt8]) -> String? {
        guard let text = String(validating: bytes, as: UTF8.self), !bytes.contains(0), !bytes.contains(0x0D) else {
            return nil
        }
        return text
    }

    @Test func deadboltFindsTheTrailersGitFinds() throws {
        var folders = [
            FuzzCorpusTests.root + "/Fuzz/corpus/commit-message",
            FuzzCorpusTests.root + "/Fuzz/regressions/commit-message",
        ]
        if let grown = ProcessInfo.processInfo.environment["DEADBOLT_FUZZ_TRAILER_CORPUS"] { folders.append(grown) }
        var compared = 0
        for file in folders.flatMap({ FuzzCorpus.files(at: $0) ?? [] }) {
            let bytes = try #require(FuzzCorpus.read(file))
            guard let message = Self.comparable(bytes) else { continue }
            let ours = Trailers.parse(message).map { "\($0.key): \($0.value)\n" }.joined()
            let theirs = try Self.gitTrailers(bytes)
            #expect(ours == theirs, "\(file)")
            compared += 1
        }
        #expect(compared >= 50, "only \(compared) messages compared")
    }
}
