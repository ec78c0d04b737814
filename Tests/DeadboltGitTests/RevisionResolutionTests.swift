import DeadboltGit
import TestSupport
import Testing

@Suite struct RevisionResolutionTests {
    @Test func resolvesShaShortShaBranchTagAndAncestry() throws {
        let fixture = try GitFixture()
        try fixture.write("a.txt", "one\n")
        let first = try fixture.commit("first")
        try fixture.write("a.txt", "two\n")
        let second = try fixture.commit("second")
        try fixture.git(["tag", "v1", first])
        try fixture.git(["tag", "-a", "v2", "-m", "annotated", second])
        try fixture.write("a.txt", "three\n")
        let third = try fixture.commit("third")

        let repository = try Repository(discoveringFrom: fixture.root)
        #expect(try repository.resolve(first).hex == first)
        #expect(try repository.resolve(String(first.prefix(7))).hex == first)
        #expect(try repository.resolve("main").hex == third)
        #expect(try repository.resolve("v1").hex == first)
        #expect(try repository.resolve("v2").hex == second)
        #expect(try repository.resolve("HEAD~2").hex == first)
        #expect(try repository.resolve("HEAD^").hex == second)
    }

    @Test func resolvesRemoteTrackingBranch() throws {
        let remote = try GitFixture()
        try remote.write("a.txt", "one\n")
        let tip = try remote.commit("first")
        let clone = try GitFixture()
        try clone.git(["remote", "add", "origin", remote.root])
        try clone.git(["fetch", "-q", "origin"])
        let repository = try Repository(discoveringFrom: clone.root)
        #expect(try repository.resolve("origin/main").hex == tip)
    }

    @Test func unknownRevisionNamesIt() throws {
        let fixture = try GitFixture()
        try fixture.write("a.txt", "one\n")
        try fixture.commit("first")
        let repository = try Repository(discoveringFrom: fixture.root)
        #expect(throws: GitError.unknownRevision("no-such-branch")) { try repository.resolve("no-such-branch") }
        #expect(throws: GitError.unknownRevision("HEAD~5")) { try repository.resolve("HEAD~5") }
        let message = GitError.unknownRevision("no-such-branch").description
        #expect(message.contains("'no-such-branch'"))
    }

    @Test func emptyRepositorySaysItHasNoCommits() throws {
        let fixture = try GitFixture()
        let repository = try Repository(discoveringFrom: fixture.root)
        #expect(repository.isEmpty)
        #expect(throws: GitError.emptyRepository(revision: "HEAD")) { try repository.resolve("HEAD") }
    }

    @Test func notARepositorySaysSo() throws {
        let folder = try TemporaryFolder.make(prefix: "not-a-repo")
        #expect(throws: GitError.notARepository(path: folder)) { try Repository(discoveringFrom: folder) }
    }

    @Test func unrelatedHistoriesHaveNoMergeBase() throws {
        let fixture = try GitFixture()
        try fixture.write("a.txt", "one\n")
        let first = try fixture.commit("first")
        try fixture.git(["checkout", "-q", "--orphan", "other"])
        try fixture.write("b.txt", "other\n")
        let other = try fixture.commit("unrelated root")
        let repository = try Repository(discoveringFrom: fixture.root)
        #expect(
            throws: GitError.noMergeBase(base: String(first.prefix(7)), head: String(other.prefix(7)), shallow: false)
        ) {
            try repository.mergeBase(ObjectID(hex: first), ObjectID(hex: other))
        }
        #expect(GitError.noMergeBase(base: "a", head: "b", shallow: false).description.contains("unrelated histories"))
    }

    @Test func mergeBaseOfDivergedBranches() throws {
        let fixture = try GitFixture()
        try fixture.write("a.txt", "one\n")
        let fork = try fixture.commit("fork point")
        try fixture.git(["checkout", "-q", "-b", "topic"])
        try fixture.write("b.txt", "topic\n")
        let topic = try fixture.commit("topic work")
        try fixture.git(["checkout", "-q", "main"])
        try fixture.write("c.txt", "main\n")
        let main = try fixture.commit("main work")
        let repository = try Repository(discoveringFrom: fixture.root)
        #expect(try repository.mergeBase(ObjectID(hex: main), ObjectID(hex: topic)).hex == fork)
    }

    @Test func shallowCloneMissingBaseSaysHowToFetch() throws {
        let origin = try GitFixture()
        for n in 1...4 {
            try origin.write("a.txt", "\(n)\n")
            try origin.commit("commit \(n)")
        }
        let oldest = try origin.sha("HEAD~3")
        let parent = try TemporaryFolder.make(prefix: "shallow")
        try origin.git(["clone", "-q", "--depth", "1", "file://" + origin.root, parent + "/clone"])
        let repository = try Repository(discoveringFrom: parent + "/clone")
        #expect(repository.isShallow)
        #expect(throws: GitError.missingInShallowClone(revision: oldest)) { try repository.resolve(oldest) }
        #expect(throws: GitError.missingInShallowClone(revision: "HEAD~1")) { try repository.resolve("HEAD~1") }
        let message = GitError.missingInShallowClone(revision: oldest).description
        #expect(message.contains("fetch-depth: 0"))
        #expect(message.contains("git fetch --deepen"))
    }
}
