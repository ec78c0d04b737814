import DeadboltCore
import DeadboltGate
import Foundation
import TestSupport
import Testing

/// The derived facts kept in `.git/deadbolt/facts`: what is remembered comes back, nothing else.
@Suite struct FactsFileTests {
    func gitDirectory() throws -> String {
        try TemporaryFolder.make(prefix: "facts")
    }

    @Test func rememberedFactsAreReadBackByTheNextCommand() throws {
        let directory = try gitDirectory()
        let first = FactsFile(gitDirectory: directory)
        #expect(first.path == directory + "/deadbolt/facts")
        #expect(first.facts(for: "inc:p:blob1") == nil)
        first.remember(["prompts/partials/tone.md", "prompts/partials/signoff.md"], for: "inc:p:blob1")
        first.remember([], for: "inc:p:blob2")
        #expect(first.facts(for: "inc:p:blob1")?.count == 2, "known at once, before saving")
        first.save()
        let second = FactsFile(gitDirectory: directory)
        #expect(second.facts(for: "inc:p:blob1") == ["prompts/partials/tone.md", "prompts/partials/signoff.md"])
        #expect(second.facts(for: "inc:p:blob2") == [])
        #expect(second.facts(for: "inc:p:blob3") == nil)
    }

    @Test func laterLinesWinAndSavingAppends() throws {
        let directory = try gitDirectory()
        let first = FactsFile(gitDirectory: directory)
        first.remember(["a.md"], for: "own:tree1")
        first.save()
        let second = FactsFile(gitDirectory: directory)
        second.remember(["b.md"], for: "own:tree1")
        second.save()
        second.save()
        let text = try String(contentsOfFile: directory + "/deadbolt/facts", encoding: .utf8)
        #expect(text == "own:tree1\ta.md\nown:tree1\tb.md\n", "a save with nothing new writes nothing")
        #expect(FactsFile(gitDirectory: directory).facts(for: "own:tree1") == ["b.md"])
    }

    @Test func emptyValuesSurviveTheRoundTrip() throws {
        let directory = try gitDirectory()
        let facts = FactsFile(gitDirectory: directory)
        // `owners: [./]` is the repository root, written as the empty path.
        facts.remember([""], for: "own:tree1")
        facts.remember(["a.md", "", "b.md"], for: "own:tree2")
        facts.save()
        let read = FactsFile(gitDirectory: directory)
        #expect(read.facts(for: "own:tree1") == [""])
        #expect(read.facts(for: "own:tree2") == ["a.md", "", "b.md"])
    }

    @Test func keysAndValuesThatWouldBreakTheLineAreNotRemembered() throws {
        let directory = try gitDirectory()
        let facts = FactsFile(gitDirectory: directory)
        facts.remember(["x"], for: "inc:tab\there")
        facts.remember(["x"], for: "inc:line\nbreak")
        facts.remember(["two\tfields"], for: "inc:k1")
        facts.remember(["two\nlines"], for: "inc:k2")
        #expect(facts.facts(for: "inc:k1") == nil)
        facts.save()
        #expect(!FileManager.default.fileExists(atPath: facts.path), "nothing was worth writing")
    }

    @Test func linesThatDoNotParseAreSkipped() throws {
        let directory = try gitDirectory()
        try FileManager.default.createDirectory(atPath: directory + "/deadbolt", withIntermediateDirectories: true)
        let text = "no-colon-key\tvalue\n\n\tno key\ninc:good\tp.md\n\u{1}\u{2}\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/deadbolt/facts"))
        let facts = FactsFile(gitDirectory: directory)
        #expect(facts.facts(for: "inc:good") == ["p.md"])
        #expect(facts.facts(for: "no-colon-key") == nil)
    }

    @Test func tornLastLineIsNotTakenForAFact() throws {
        let directory = try gitDirectory()
        let path = directory + "/deadbolt/facts"
        try FileManager.default.createDirectory(atPath: directory + "/deadbolt", withIntermediateDirectories: true)
        // A write cut short (a full disk, a crash) leaves a line without its newline.
        try Data("inc:p:blob1\tprompts/partials/tone.md\ninc:p:blob2\tprompts/par".utf8).write(
            to: URL(fileURLWithPath: path))
        let cold = FactsFile(gitDirectory: directory)
        #expect(cold.facts(for: "inc:p:blob1") == ["prompts/partials/tone.md"])
        #expect(cold.facts(for: "inc:p:blob2") == nil, "a cut line is read again, not trusted")
        // Nor does the next save glue its first line onto the cut one, or complete it.
        cold.remember(["prompts/partials/signoff.md"], for: "inc:p:blob3")
        cold.save()
        let warm = FactsFile(gitDirectory: directory)
        #expect(warm.facts(for: "inc:p:blob2") == nil)
        #expect(warm.facts(for: "inc:p:blob3") == ["prompts/partials/signoff.md"])
        #expect(warm.facts(for: "inc:p:blob1") == ["prompts/partials/tone.md"])
    }

    @Test func oversizedFileIsIgnoredAndStartedAfresh() throws {
        let directory = try gitDirectory()
        let path = directory + "/deadbolt/facts"
        try FileManager.default.createDirectory(atPath: directory + "/deadbolt", withIntermediateDirectories: true)
        var big = Data("inc:p:old\told.md\n".utf8)
        big.append(Data(repeating: UInt8(ascii: "x"), count: 33 * 1024 * 1024))
        big.append(Data("\n".utf8))
        try big.write(to: URL(fileURLWithPath: path))
        let facts = FactsFile(gitDirectory: directory)
        #expect(facts.facts(for: "inc:p:old") == nil, "past the size limit the file is not read")
        facts.remember(["new.md"], for: "inc:p:new")
        facts.save()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "inc:p:new\tnew.md\n")
    }

    @Test func unwritableGitDirectoryStaysColdWithoutFailing() throws {
        let directory = try gitDirectory()
        try Data("a file, not a folder".utf8).write(to: URL(fileURLWithPath: directory + "/deadbolt"))
        let facts = FactsFile(gitDirectory: directory)
        facts.remember(["x.md"], for: "inc:p:k")
        facts.save()
        #expect(FactsFile(gitDirectory: directory).facts(for: "inc:p:k") == nil)
    }
}
