import DeadboltGit
import TestSupport
import Testing

/// libgit2 1.8 reads `.git/shallow` and gives a shallow clone's boundary commit no parents; 1.5 gives the
/// recorded ones. Either way deadbolt sees the recorded parent, missing, and not a root commit.
@Suite struct ShallowBoundaryTests {
    @Test func theBoundaryCommitKeepsItsRecordedParent() throws {
        let origin = try GitFixture()
        try origin.write("a.txt", "one\n")
        let first = try origin.commit("first")
        try origin.write("a.txt", "two\n")
        let second = try origin.commit("second")
        let parent = try TemporaryFolder.make(prefix: "shallow-boundary")
        try origin.git(["clone", "-q", "--depth", "1", "file://" + origin.root, parent + "/clone"])

        let clone = try Repository(discoveringFrom: parent + "/clone")
        #expect(clone.isShallow)
        let tip = try clone.resolve("HEAD")
        #expect(tip.hex == second)
        #expect(try clone.parents(of: tip).map(\.hex) == [first])
        #expect(!clone.hasCommit(first))
        let walked = try? clone.commits(from: nil, to: tip)
        if let walked { #expect(walked.map(\.parents) == [[ObjectID(hex: first)]]) }
    }
}
