import DeadboltGit
import TestSupport
import Testing

@Suite struct RevisionTreeTests {
    @Test func readsFilesAtARevisionNotTheWorkTree() throws {
        let fixture = try GitFixture()
        try fixture.write("prompts/refund.md", "version one\n")
        let first = try fixture.commit("one")
        try fixture.write("prompts/refund.md", "version two\n")
        try fixture.commit("two")
        try fixture.write("prompts/refund.md", "uncommitted\n")
        let repository = try Repository(discoveringFrom: fixture.root)
        let tree = RevisionTree(repository: repository, commit: ObjectID(hex: first))
        #expect(try tree.read("prompts/refund.md").map { String(decoding: $0, as: UTF8.self) } == "version one\n")
        #expect(try tree.read("prompts/missing.md") == nil)
        #expect(try tree.read("prompts") == nil)
        #expect(try tree.exists("prompts"))
        #expect(
            try tree.blobID("prompts/refund.md")?.hex == (try fixture.git(["rev-parse", "\(first):prompts/refund.md"])))
    }

    @Test func listsFoldersAndFilesBelowAPath() throws {
        let fixture = try GitFixture()
        try fixture.write("evals/regression/a/dataset.yml", "owners: [x]\n")
        try fixture.write("evals/regression/b/cases.jsonl", "\n")
        try fixture.write("evals/regression/readme.md", "hi\n")
        let head = try fixture.commit("datasets")
        let tree = RevisionTree(repository: try Repository(discoveringFrom: fixture.root), commit: ObjectID(hex: head))
        let entries = try #require(try tree.entries(of: "evals/regression"))
        #expect(entries.filter { $0.kind == .folder }.map(\.name) == ["a", "b"])
        #expect(
            try tree.files(under: "evals") == [
                "evals/regression/a/dataset.yml", "evals/regression/b/cases.jsonl", "evals/regression/readme.md",
            ])
        #expect(try tree.entries(of: "nowhere") == nil)
    }

    @Test func blobHashMatchesGitHashObject() throws {
        let fixture = try GitFixture()
        try fixture.write("x.txt", "hello deadbolt\n")
        let expected = try fixture.git(["hash-object", "x.txt"])
        #expect(ObjectID.blob(hashing: Array("hello deadbolt\n".utf8)).hex == expected)
    }
}
