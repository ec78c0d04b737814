import DeadboltCore
import DeadboltGate
import Foundation
import TestSupport
import Testing

/// Appending a captured case to `cases.jsonl`: whole lines only, never a twin, never onto garbage.
@Suite struct CasesAppenderTests {
    static let dataset = Dataset(
        name: "refund_policy_regressions", folder: "evals/regression/refund_policy_regressions",
        owners: ["prompts/refund.md"])

    func draft(_ question: String, suffix: String = "abc123") throws -> CaseDraft {
        let record = TraceRecord(format: "plain", input: .object(["question": .string(question)]))
        return try CaseDraft.make(
            record: record, dataset: Self.dataset, keep: [], expected: "pro-rata", bugLink: "BUG-1",
            category: "prod-bug", tier: nil, tags: [:], capturedBy: nil, capturedAt: "2026-11-21", promptVersion: nil,
            idSuffix: suffix, tracePath: "trace.json")
    }

    func folder() throws -> String {
        try TemporaryFolder.make(prefix: "appender")
    }

    func read(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    static let existing = #"{"id":"reg-old","input":{"question":"Monthly refund?"},"expected_output":"14 days"}"#

    @Test func appendsOneLineToANewFile() throws {
        let path = try folder() + "/cases.jsonl"
        let draft = try draft("Annual refund?")
        try CasesAppender.append(draft, to: path, displayPath: "cases.jsonl")
        #expect(try read(path) == draft.line + "\n")
        let parsed = try CaseParser.parse(Array(try read(path).utf8), path: "cases.jsonl")
        #expect(parsed.map(\.id) == ["reg-2026-11-21-abc123"])
        #expect(parsed.first?.bugLink == "BUG-1")
    }

    @Test func keepsTheExistingBytesAndAddsTheMissingFinalNewline() throws {
        let path = try folder() + "/cases.jsonl"
        try Data(Self.existing.utf8).write(to: URL(fileURLWithPath: path))
        let draft = try draft("Annual refund?")
        try CasesAppender.append(draft, to: path, displayPath: "cases.jsonl")
        #expect(try read(path) == Self.existing + "\n" + draft.line + "\n")
    }

    @Test func caseWithTheInputOfAnExistingOneIsRefusedNamingIt() throws {
        let path = try folder() + "/cases.jsonl"
        let twin = #"{"id":"reg-twin","input":{"question":"Annual refund?"},"expected_output":"x"}"#
        let before = Self.existing + "\n" + twin + "\n"
        try Data(before.utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: InputError.self) {
            try CasesAppender.append(try draft("Annual refund?"), to: path, displayPath: "evals/x/cases.jsonl")
        }
        #expect(error?.file == "evals/x/cases.jsonl")
        #expect(error?.line == 2)
        #expect(error?.message == "case `reg-twin` already has this input; deadbolt capture adds no twin")
        #expect(try read(path) == before)
    }

    @Test func fileThatIsNotValidJSONLIsRefusedAndLeftAsItWas() throws {
        let path = try folder() + "/cases.jsonl"
        let before = Self.existing + "\n{\"id\": \"torn\", \"inp\n"
        try Data(before.utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: InputError.self) {
            try CasesAppender.append(try draft("Annual refund?"), to: path, displayPath: "cases.jsonl")
        }
        #expect(error?.file == "cases.jsonl")
        #expect(error?.line == 2)
        #expect(try read(path) == before)
    }

    @Test func fileThatCannotBeOpenedSaysSo() throws {
        let path = try folder() + "/missing-folder/cases.jsonl"
        let error = #expect(throws: InputError.self) {
            try CasesAppender.append(try draft("Annual refund?"), to: path, displayPath: "x/cases.jsonl")
        }
        #expect(error?.file == "x/cases.jsonl")
        #expect(error?.message.hasPrefix("cannot be opened for appending") == true)
    }

    @Test func concurrentAppendsEachLandAsOneWholeLine() async throws {
        let path = try folder() + "/cases.jsonl"
        try Data((Self.existing + "\n").utf8).write(to: URL(fileURLWithPath: path))
        let drafts = try (0..<24).map { try draft("Question \($0)?", suffix: String(format: "c%05d", $0)) }
        await withTaskGroup(of: Void.self) { group in
            for draft in drafts {
                group.addTask { try? CasesAppender.append(draft, to: path, displayPath: "cases.jsonl") }
            }
        }
        let parsed = try CaseParser.parse(Array(try read(path).utf8), path: "cases.jsonl")
        #expect(parsed.count == 25)
        let expected = ["reg-old"] + (0..<24).map { String(format: "reg-2026-11-21-c%05d", $0) }
        #expect(Set(parsed.map(\.id)) == Set(expected))
        #expect(parsed.first?.id == "reg-old", "the existing line stays first")
    }
}

/// Appending through the index in the git directory: only what was appended since is read, and a
/// file changed any other way is read whole again.
@Suite struct CasesIndexTests {
    let helper = CasesAppenderTests()

    func setUp() throws -> (cases: String, index: String) {
        let folder = try TemporaryFolder.make(prefix: "appender-index")
        return (folder + "/cases.jsonl", folder + "/git/deadbolt/cases-index/x")
    }

    @Test func twinsAreFoundThroughTheIndexWithTheirLines() throws {
        let (cases, index) = try setUp()
        for (number, question) in ["One?", "Two?", "Three?"].enumerated() {
            try CasesAppender.append(
                try helper.draft(question, suffix: "s\(number)"), to: cases, displayPath: "cases.jsonl", index: index)
        }
        #expect(FileManager.default.fileExists(atPath: index))
        let error = #expect(throws: InputError.self) {
            try CasesAppender.append(
                try helper.draft("Two?", suffix: "zz"), to: cases, displayPath: "cases.jsonl", index: index)
        }
        #expect(error?.line == 2)
        #expect(error?.message.contains("reg-2026-11-21-s1") == true)
    }

    @Test func linesAppendedByHandSinceTheIndexAreCheckedToo() throws {
        let (cases, index) = try setUp()
        try CasesAppender.append(
            try helper.draft("One?", suffix: "s1"), to: cases, displayPath: "cases.jsonl", index: index)
        // Someone appends a case (without a final newline) and a broken line with an editor's `>>`.
        let handle = try #require(FileHandle(forWritingAtPath: cases))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"id":"reg-hand","input":{"question":"Hand?"},"expected_output":"x"}"#.utf8))
        try handle.close()
        let twin = #expect(throws: InputError.self) {
            try CasesAppender.append(
                try helper.draft("Hand?", suffix: "s2"), to: cases, displayPath: "cases.jsonl", index: index)
        }
        #expect(twin?.line == 2)
        try CasesAppender.append(
            try helper.draft("Fresh?", suffix: "s3"), to: cases, displayPath: "cases.jsonl", index: index)
        let lines = try String(contentsOfFile: cases, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3, "the hand-written line got its newline before the new one")
        let appendBroken = try #require(FileHandle(forWritingAtPath: cases))
        appendBroken.seekToEndOfFile()
        appendBroken.write(Data("{broken\n".utf8))
        try appendBroken.close()
        let broken = #expect(throws: InputError.self) {
            try CasesAppender.append(
                try helper.draft("Later?", suffix: "s4"), to: cases, displayPath: "cases.jsonl", index: index)
        }
        #expect(broken?.line == 4)
    }

    @Test func aFileRewrittenInPlaceIsReadWholeAgain() throws {
        let (cases, index) = try setUp()
        try CasesAppender.append(
            try helper.draft("One?", suffix: "s1"), to: cases, displayPath: "cases.jsonl", index: index)
        try CasesAppender.append(
            try helper.draft("Two?", suffix: "s2"), to: cases, displayPath: "cases.jsonl", index: index)
        // An editor rewrites the file: the first case's input changes; same size is not enough to trust it.
        let text = try String(contentsOfFile: cases, encoding: .utf8).replacingOccurrences(of: "One?", with: "Uno?")
        try Data(text.utf8).write(to: URL(fileURLWithPath: cases))
        let error = #expect(throws: InputError.self) {
            try CasesAppender.append(
                try helper.draft("Uno?", suffix: "s3"), to: cases, displayPath: "cases.jsonl", index: index)
        }
        #expect(error?.line == 1)
        try CasesAppender.append(
            try helper.draft("One?", suffix: "s4"), to: cases, displayPath: "cases.jsonl", index: index)
    }

    @Test func aBrokenIndexIsIgnored() throws {
        let (cases, index) = try setUp()
        try CasesAppender.append(
            try helper.draft("One?", suffix: "s1"), to: cases, displayPath: "cases.jsonl", index: index)
        try Data("deadbolt-cases-index 1\nsize -5 lines x\n".utf8).write(to: URL(fileURLWithPath: index))
        let error = #expect(throws: InputError.self) {
            try CasesAppender.append(
                try helper.draft("One?", suffix: "s2"), to: cases, displayPath: "cases.jsonl", index: index)
        }
        #expect(error?.line == 1)
    }
}
