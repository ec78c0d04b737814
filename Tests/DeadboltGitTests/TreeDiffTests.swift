import DeadboltGit
import Foundation
import TestSupport
import Testing

@Suite struct TreeDiffTests {
    func changes(_ fixture: GitFixture, _ base: String?, _ head: String) throws -> [FileChange] {
        let repository = try Repository(discoveringFrom: fixture.root)
        return try repository.changes(from: base.map { ObjectID(hex: $0) }, to: ObjectID(hex: head))
    }

    func summary(_ changes: [FileChange]) -> [String] {
        changes.map { change in
            change.oldPath.map { "\(change.status.rawValue) \($0) -> \(change.path)" }
                ?? "\(change.status.rawValue) \(change.path)"
        }
    }

    @Test func modifiedAddedDeletedInNestedFolders() throws {
        let fixture = try GitFixture()
        try fixture.write("prompts/refund.md", "Refunds are pro-rata.\n")
        try fixture.write("prompts/partials/tone.md", "Be polite.\n")
        try fixture.write("src/app/main.txt", "main\n")
        let base = try fixture.commit("base")
        try fixture.write("prompts/partials/tone.md", "Be very polite.\n")
        try fixture.write("prompts/new.md", "New prompt.\n")
        try fixture.remove("src/app/main.txt")
        let head = try fixture.commit("head")
        #expect(
            summary(try changes(fixture, base, head)) == [
                "added prompts/new.md", "modified prompts/partials/tone.md", "deleted src/app/main.txt",
            ])
    }

    @Test func matchesGitDiffNameStatusOnTheSameRange() throws {
        let fixture = try GitFixture()
        for n in 0..<30 { try fixture.write("dir\(n % 3)/sub\(n % 5)/file\(n).txt", "content \(n)\n") }
        let base = try fixture.commit("base")
        try fixture.write("dir1/sub2/file7.txt", "changed\n")
        try fixture.remove("dir2/sub3/file8.txt")
        try fixture.write("dir0/new/file.txt", "new\n")
        try fixture.git(["mv", "dir1/sub1/file16.txt", "dir0/sub0/file16-moved.txt"])
        let head = try fixture.commit("head")
        let git = try fixture.git(["diff", "--name-status", "-M", base, head]).split(separator: "\n").map {
            line -> String in
            let parts = line.split(separator: "\t").map(String.init)
            switch parts[0].prefix(1) {
            case "R": return "renamed \(parts[1]) -> \(parts[2])"
            case "A": return "added \(parts[1])"
            case "D": return "deleted \(parts[1])"
            default: return "modified \(parts[1])"
            }
        }
        #expect(summary(try changes(fixture, base, head)).sorted() == git.sorted())
    }

    @Test func exactAndSimilarRenamesAreDetected() throws {
        let fixture = try GitFixture()
        let body = (1...40).map { "line \($0) of the refund policy" }.joined(separator: "\n") + "\n"
        try fixture.write("prompts/refunds.md", body)
        try fixture.write("prompts/old_shipping.md", "Ships in 3 days.\n")
        let base = try fixture.commit("base")
        try fixture.git(["mv", "prompts/refunds.md", "prompts/refund.md"])
        try fixture.write("prompts/refund.md", body + "one more line\n")
        try fixture.git(["mv", "prompts/old_shipping.md", "prompts/shipping.md"])
        let head = try fixture.commit("renames")
        let result = try changes(fixture, base, head)
        #expect(
            summary(result) == [
                "renamed prompts/refunds.md -> prompts/refund.md",
                "renamed prompts/old_shipping.md -> prompts/shipping.md",
            ])
        #expect(result.allSatisfy { $0.oldID != nil && $0.newID != nil })
    }

    @Test func rootCommitComparesAgainstTheEmptyTree() throws {
        let fixture = try GitFixture()
        try fixture.write("a.txt", "a\n")
        try fixture.write("b/c.txt", "c\n")
        let root = try fixture.commit("root")
        #expect(summary(try changes(fixture, nil, root)) == ["added a.txt", "added b/c.txt"])
    }

    @Test func pathsWithSpacesAndNonASCIIComeBackVerbatim() throws {
        let fixture = try GitFixture()
        try fixture.write("prompts/réponse client.md", "Bonjour\n")
        let base = try fixture.commit("base")
        try fixture.write("prompts/réponse client.md", "Bonjour !\n")
        try fixture.write("prompts/日本語 ファイル.md", "こんにちは\n")
        let head = try fixture.commit("head")
        #expect(
            summary(try changes(fixture, base, head)) == [
                "modified prompts/réponse client.md", "added prompts/日本語 ファイル.md",
            ])
    }

    @Test func symlinkAndTypechangeAndBinary() throws {
        let fixture = try GitFixture()
        try fixture.write("prompts/a.md", "A\n")
        try fixture.write("assets/logo.bin", bytes: [0, 1, 2, 255, 0, 7])
        let base = try fixture.commit("base")
        try fixture.remove("prompts/a.md")
        try FileManager.default.createSymbolicLink(atPath: fixture.root + "/prompts/a.md", withDestinationPath: "b.md")
        try fixture.git(["add", "prompts/a.md"])
        try fixture.write("assets/logo.bin", bytes: [0, 1, 2, 254, 0, 7])
        try fixture.git(["add", "assets/logo.bin"])
        let head = try fixture.commit("typechange", all: false)
        let result = try changes(fixture, base, head)
        #expect(summary(result) == ["modified assets/logo.bin", "typechange prompts/a.md"])
        #expect(result.last?.kind == .symlink)
    }

    @Test func submoduleEntriesAreReportedNotEntered() throws {
        let sub = try GitFixture()
        try sub.write("inside.txt", "x\n")
        let subCommit = try sub.commit("sub")
        let fixture = try GitFixture()
        try fixture.write("a.txt", "a\n")
        let base = try fixture.commit("base")
        try fixture.git(["update-index", "--add", "--cacheinfo", "160000,\(subCommit),vendor/lib"])
        let head = try fixture.commit("add submodule entry", all: false)
        let result = try changes(fixture, base, head)
        #expect(summary(result) == ["added vendor/lib"])
        #expect(result.first?.kind == .submodule)
    }

    @Test func emptyRangeHasNoChanges() throws {
        let fixture = try GitFixture()
        try fixture.write("a.txt", "a\n")
        let only = try fixture.commit("only")
        #expect(try changes(fixture, only, only).isEmpty)
    }

    @Test func stagedChangesCompareIndexWithHead() throws {
        let fixture = try GitFixture()
        try fixture.write("prompts/a.md", "A\n")
        try fixture.commit("base")
        try fixture.write("prompts/a.md", "A2\n")
        try fixture.write("prompts/b.md", "B\n")
        try fixture.git(["add", "prompts/a.md"])
        let repository = try Repository(discoveringFrom: fixture.root)
        #expect(summary(try repository.stagedChanges()) == ["modified prompts/a.md"])
    }

    @Test func stagedChangesInAnEmptyRepository() throws {
        let fixture = try GitFixture()
        try fixture.write("prompts/a.md", "A\n")
        try fixture.git(["add", "prompts/a.md"])
        let repository = try Repository(discoveringFrom: fixture.root)
        #expect(summary(try repository.stagedChanges()) == ["added prompts/a.md"])
    }
}
