import DeadboltCore
import DeadboltGate
import DeadboltGit
import Foundation
import TestSupport
import Testing

/// Which commit a change is compared with when nobody names a base.
@Suite struct RangeResolutionTests {
    func range(_ fixture: GitFixture, base: String? = nil, head: String? = nil) throws -> RevisionRange {
        try Workspace(path: fixture.root).range(base: base, head: head)
    }

    /// A repository whose `trunk` has two commits, with a branch `topic` off the first.
    func forked(_ branch: String) throws -> (GitFixture, fork: String, trunk: String) {
        let fixture = try GitFixture(initialBranch: branch)
        try fixture.write("a.txt", "one\n")
        let fork = try fixture.commit("first")
        try fixture.write("a.txt", "two\n")
        let trunk = try fixture.commit("second")
        try fixture.git(["checkout", "-q", "-b", "topic", fork])
        try fixture.write("b.txt", "topic\n")
        try fixture.commit("topic work")
        return (fixture, fork, trunk)
    }

    @Test func withoutARemoteTheBaseIsTheMergeBaseWithMain() throws {
        let (fixture, fork, _) = try forked("main")
        let range = try range(fixture)
        #expect(range.base?.hex == fork)
        #expect(range.baseName == "main")
        #expect(range.headName == "HEAD")
    }

    @Test func withoutMainTheBaseIsTheMergeBaseWithMaster() throws {
        let (fixture, fork, _) = try forked("master")
        let range = try range(fixture)
        #expect(range.base?.hex == fork)
        #expect(range.baseName == "master")
    }

    @Test func theRemotesDefaultBranchComesBeforeALocalMain() throws {
        // The remote's HEAD is `develop`, which is ahead of its main.
        let (remote, _, _) = try forked("main")
        try remote.git(["checkout", "-q", "-b", "develop", "main"])
        try remote.write("c.txt", "develop\n")
        let develop = try remote.commit("develop work")
        let parent = try TemporaryFolder.make(prefix: "range-clone")
        try remote.git(["clone", "-q", remote.root, parent + "/clone"])
        let clone = GitFixture(existing: parent + "/clone")
        #expect(try clone.git(["symbolic-ref", "refs/remotes/origin/HEAD"]) == "refs/remotes/origin/develop")
        try clone.git(["branch", "--no-track", "main", "origin/main"])
        try clone.git(["checkout", "-q", "--no-track", "-b", "feature", "origin/develop"])
        try clone.write("d.txt", "feature\n")
        try clone.commit("feature work")
        let range = try range(clone)
        #expect(range.base?.hex == develop)
        #expect(range.baseName == "refs/remotes/origin/HEAD")
    }

    @Test func theUpstreamBranchComesFirst() throws {
        // The remote's HEAD is `topic`; the branch tracks main, which is what it is compared with.
        let (remote, fork, trunk) = try forked("main")
        let parent = try TemporaryFolder.make(prefix: "range-clone")
        try remote.git(["clone", "-q", remote.root, parent + "/clone"])
        let clone = GitFixture(existing: parent + "/clone")
        try clone.git(["checkout", "-q", "-b", "feature", "--track", "origin/main"])
        try clone.write("d.txt", "feature\n")
        try clone.commit("feature work")
        let range = try range(clone)
        #expect(range.base?.hex == trunk)
        #expect(range.base?.hex != fork, "origin/HEAD (topic) would give the fork point")
        #expect(range.baseName == "@{upstream}")
    }

    @Test func onMainItselfTheBaseIsTheFirstParent() throws {
        let (fixture, fork, trunk) = try forked("main")
        try fixture.git(["checkout", "-q", "main"])
        let range = try range(fixture)
        #expect(range.head.hex == trunk)
        #expect(range.base?.hex == fork)
        #expect(range.baseName == "HEAD~1")
    }

    @Test func aHeadThatMainAlreadyContainsIsComparedWithItsParent() throws {
        let (fixture, fork, _) = try forked("main")
        try fixture.git(["checkout", "-q", "--detach", fork])
        try fixture.write("z.txt", "detached\n")
        let head = try fixture.commit("detached work")
        try fixture.git(["checkout", "-q", "main"])
        try fixture.git(["merge", "-q", "--no-ff", "-m", "Merge detached", head])
        // main descends from `head`: their merge base is the head itself, nothing to compare.
        let range = try range(fixture, head: head)
        #expect(range.base?.hex == fork)
        #expect(range.baseName == "\(head)~1")
    }

    @Test func aRootCommitIsComparedWithTheEmptyTree() throws {
        let fixture = try GitFixture()
        try fixture.write("a.txt", "one\n")
        let root = try fixture.commit("first")
        let range = try range(fixture)
        #expect(range.base == nil)
        #expect(range.head.hex == root)
        #expect(range.baseName == "(empty tree)")
        #expect(range.reproduceFlags == "--base $(git hash-object -t tree /dev/null) --head \(root.prefix(7))")
    }

    @Test func anExplicitBaseIsReplacedByItsMergeBaseWithTheHead() throws {
        let (fixture, fork, trunk) = try forked("main")
        let range = try range(fixture, base: "main")
        #expect(range.base?.hex == fork)
        #expect(range.base?.hex != trunk)
        #expect(range.baseName == "main")
    }

    /// A clone of `origin` with `--depth 1`.
    func shallowClone(_ origin: GitFixture) throws -> GitFixture {
        let parent = try TemporaryFolder.make(prefix: "range-shallow")
        try origin.git(["clone", "-q", "--depth", "1", "file://" + origin.root, parent + "/clone"])
        let clone = GitFixture(existing: parent + "/clone")
        try clone.git(["config", "user.name", "Ana Tester"])
        try clone.git(["config", "user.email", "ana@example.com"])
        return clone
    }

    @Test func shallowCloneWithNewWorkIsComparedWithTheRemoteTip() throws {
        let (origin, _, trunk) = try forked("main")
        try origin.git(["checkout", "-q", "main"])
        let clone = try shallowClone(origin)
        #expect(try Workspace(path: clone.root).repository.isShallow)
        try clone.write("e.txt", "new\n")
        let head = try clone.commit("new work")
        let range = try range(clone)
        #expect(range.base?.hex == trunk)
        #expect(range.head.hex == head)
        #expect(range.baseName == "@{upstream}")
        let changes = try Workspace(path: clone.root).changes(range, config: Config())
        #expect(changes.map(\.path) == ["e.txt"])
    }

    @Test func shallowCloneWithTwoNewCommitsComparesBothWithTheRemoteTip() throws {
        let (origin, _, trunk) = try forked("main")
        try origin.git(["checkout", "-q", "main"])
        let clone = try shallowClone(origin)
        try clone.write("e.txt", "one\n")
        try clone.commit("first new commit")
        try clone.write("f.txt", "two\n")
        try clone.commit("second new commit")
        for base in [nil, "origin/main"] {
            let range = try range(clone, base: base)
            #expect(range.base?.hex == trunk, "base \(base ?? "(default)")")
            let changes = try Workspace(path: clone.root).changes(range, config: Config())
            #expect(changes.map(\.path) == ["e.txt", "f.txt"], "the first new commit is not left out")
        }
    }

    @Test func shallowCloneAtTheRemoteTipSaysItLacksTheParent() throws {
        let (origin, _, _) = try forked("main")
        try origin.git(["checkout", "-q", "main"])
        let clone = try shallowClone(origin)
        // The only commit's parent was cut off: the range cannot be resolved, and says why.
        let error = #expect(throws: GitError.self) {
            let workspace = try Workspace(path: clone.root)
            let range = try workspace.range(base: nil, head: nil)
            _ = try workspace.changes(range, config: Config())
        }
        #expect(error?.description.contains("shallow") == true, "\(String(describing: error))")
        #expect(error?.hint?.contains("git fetch --deepen") == true)
    }
}
