import DeadboltCore
import DeadboltGate
import DeadboltGit
import Foundation
import TestSupport
import Testing

/// What each pushed ref is compared with, on real repositories with a bare `origin`.
@Suite struct PushRangeTests {
    /// The gate repository with a bare remote `origin` that has nothing yet.
    func withRemote() throws -> GateRepository {
        let repository = try GateRepository()
        let remote = try GitFixture(bare: true)
        repository.fixture.companions.append(remote)
        try repository.fixture.git(["remote", "add", "origin", remote.root])
        return repository
    }

    func resolve(_ update: PushUpdate, in repository: GateRepository) throws -> PushRange? {
        try PushRange.resolve(update, remote: "origin", repository: try repository.workspace().repository)
    }

    @Test func firstPushOfAHistoryTheRemoteLacksIsComparedWithTheEmptyTree() throws {
        let repository = try withRemote()
        let fixture = repository.fixture
        try fixture.write("README.md", "docs\n")
        let head = try fixture.commit("Docs")
        let push = try #require(try resolve(try pushUpdate(fixture, local: "refs/heads/main"), in: repository))
        #expect(push.range.base == nil)
        #expect(push.range.head.hex == head)
        #expect(push.range.headName == "refs/heads/main")
        #expect(push.note == "origin has none of this history: comparing with the empty tree")
    }

    @Test func firstPushOfANewBranchIsComparedWithItsMergeBaseWithTheRemoteMain() throws {
        let repository = try withRemote()
        let fixture = repository.fixture
        let fork = try fixture.sha("HEAD")
        try fixture.git(["push", "-q", "origin", "main"])
        try fixture.git(["checkout", "-q", "-b", "topic"])
        try repository.breakRefundPrompt()
        let head = try fixture.commit("Shorter refunds")
        // main moves on after the fork: the merge base, not main's tip, is the base.
        try fixture.git(["checkout", "-q", "main"])
        try fixture.write("README.md", "docs\n")
        try fixture.commit("Docs")
        try fixture.git(["push", "-q", "origin", "main"])
        let push = try #require(try resolve(try pushUpdate(fixture, local: "refs/heads/topic"), in: repository))
        #expect(push.range.base?.hex == fork)
        #expect(push.range.head.hex == head)
        #expect(push.note == nil, "a new branch off the default branch is the obvious comparison")
    }

    @Test func newBranchWhenTheRemoteHasNoDefaultBranchStartsWhereItsUnknownCommitsBegin() throws {
        let repository = try withRemote()
        let fixture = repository.fixture
        try fixture.git(["checkout", "-q", "-b", "release"])
        let known = try fixture.sha("HEAD")
        try fixture.git(["push", "-q", "origin", "release"])
        try fixture.git(["checkout", "-q", "-b", "topic"])
        try repository.breakRefundPrompt()
        try fixture.commit("Shorter refunds")
        let push = try #require(try resolve(try pushUpdate(fixture, local: "refs/heads/topic"), in: repository))
        #expect(push.range.base?.hex == known)
        #expect(push.note == "comparing with \(known.prefix(7)), where the commits no ref of origin has begin")
    }

    @Test func fastForwardPushIsComparedWithWhatTheRemoteHadWithoutANote() throws {
        let repository = try withRemote()
        let fixture = repository.fixture
        let before = try fixture.sha("HEAD")
        try fixture.git(["push", "-q", "origin", "main"])
        try repository.breakRefundPrompt()
        try fixture.commit("Shorter refunds")
        try fixture.write("README.md", "docs\n")
        let head = try fixture.commit("Docs")
        let update = try pushUpdate(fixture, local: "refs/heads/main", remoteSHA: before)
        let push = try #require(try resolve(update, in: repository))
        #expect(push.range.base?.hex == before)
        #expect(push.range.head.hex == head)
        #expect(push.note == nil)
    }

    @Test func forcePushIsComparedWithTheMergeBaseAndSaysItIsNotAFastForward() throws {
        let repository = try withRemote()
        let fixture = repository.fixture
        let fork = try fixture.sha("HEAD")
        try fixture.write("README.md", "docs\n")
        let pushed = try fixture.commit("Docs")
        try fixture.git(["push", "-q", "origin", "main"])
        try repository.breakRefundPrompt()
        try fixture.git(["add", "-A"])
        try fixture.git(["commit", "-q", "--amend", "-m", "Docs and shorter refunds"])
        let update = try pushUpdate(fixture, local: "refs/heads/main", remoteSHA: pushed)
        let push = try #require(try resolve(update, in: repository))
        #expect(push.range.base?.hex == fork)
        #expect(
            push.note
                == "not a fast-forward of \(pushed.prefix(7)) (a force push): comparing with their merge base "
                + fork.prefix(7))
    }

    @Test func pushOfCommitsTheRemoteAlreadyHasNeedsNoRange() throws {
        let repository = try withRemote()
        let fixture = repository.fixture
        try fixture.write("README.md", "docs\n")
        let tip = try fixture.commit("Docs")
        try fixture.git(["push", "-q", "origin", "main"])
        let same = try pushUpdate(fixture, local: "refs/heads/main", remoteSHA: tip)
        #expect(try resolve(same, in: repository) == nil)
        // A new branch at a commit the remote's main has: nothing new either.
        try fixture.git(["branch", "copy", "main~1"])
        #expect(try resolve(try pushUpdate(fixture, local: "refs/heads/copy"), in: repository) == nil)
    }

    @Test func remoteCommitThatIsNotHereFallsBackToTheDefaultBranchAndSaysSo() throws {
        let repository = try withRemote()
        let fixture = repository.fixture
        let fork = try fixture.sha("HEAD")
        try fixture.git(["push", "-q", "origin", "main"])
        try repository.breakRefundPrompt()
        try fixture.commit("Shorter refunds")
        let stranger = String(repeating: "ab", count: 20)
        let update = try pushUpdate(fixture, local: "refs/heads/main", remoteSHA: stranger)
        let push = try #require(try resolve(update, in: repository))
        #expect(push.range.base?.hex == fork)
        #expect(
            push.note
                == "the remote's refs/heads/main is at abababa, which is not in this repository (fetch to compare "
                + "with it); comparing with the merge base of origin/main, \(fork.prefix(7))")
    }

    @Test func tagOfAPushedCommitNeedsNoRangeAndATagOfNewWorkIsCompared() throws {
        let repository = try withRemote()
        let fixture = repository.fixture
        let pushed = try fixture.sha("HEAD")
        try fixture.git(["push", "-q", "origin", "main"])
        try fixture.git(["tag", "-a", "v1", "-m", "release one"])
        let v1 = try pushUpdate(fixture, local: "refs/tags/v1")
        #expect(v1.localSHA != pushed, "an annotated tag pushes the tag object, not the commit")
        #expect(try resolve(v1, in: repository) == nil)

        try repository.breakRefundPrompt()
        let unpushed = try fixture.commit("Shorter refunds")
        try fixture.git(["tag", "v2"])
        let push = try #require(try resolve(try pushUpdate(fixture, local: "refs/tags/v2"), in: repository))
        #expect(push.range.base?.hex == pushed)
        #expect(push.range.head.hex == unpushed)
    }

    @Test func movedAnnotatedTagIsComparedWithTheCommitTheRemoteTagNamed() throws {
        let repository = try withRemote()
        let fixture = repository.fixture
        let first = try fixture.sha("HEAD")
        try fixture.git(["tag", "-a", "v1", "-m", "release one"])
        try fixture.git(["push", "-q", "origin", "main", "v1"])
        let oldTag = try fixture.sha("refs/tags/v1")
        try repository.breakRefundPrompt()
        try fixture.commit("Shorter refunds")
        try fixture.git(["tag", "-f", "-a", "v1", "-m", "release one, again"])
        // git hands the hook the remote's value of the ref: the old tag object.
        let update = try pushUpdate(fixture, local: "refs/tags/v1", remoteSHA: oldTag)
        let push = try #require(try resolve(update, in: repository))
        #expect(push.range.base?.hex == first)
        #expect(push.note == nil, "the old tag's commit is here: \(push.note ?? "")")
    }
}

/// The pre-push gate over every pushed ref, run in process.
@Suite struct PrePushCheckTests {
    func check(_ repository: GateRepository, _ updates: [PushUpdate]) async throws -> (
        [PrePushCheck.Checked], [String]
    ) {
        let check = PrePushCheck(workspace: try repository.workspace(), execution: CaseExecution())
        var notes: [String] = []
        let checked = try await check.run(updates, remote: "origin") { notes.append($0) }
        return (checked, notes)
    }

    func pushedRepository() throws -> GateRepository {
        let repository = try GateRepository()
        let remote = try GitFixture(bare: true)
        repository.fixture.companions.append(remote)
        try repository.fixture.git(["remote", "add", "origin", remote.root])
        try repository.fixture.git(["push", "-q", "origin", "main"])
        return repository
    }

    @Test func branchDeletionIsSkippedAndTheOtherRefsAreChecked() async throws {
        let repository = try pushedRepository()
        let fixture = repository.fixture
        try fixture.git(["checkout", "-q", "-b", "topic"])
        try repository.breakRefundPrompt()
        let head = try fixture.commit("Shorter refunds\n\nBug: BUG-1")
        let deletion = PushUpdate(
            localRef: "(delete)", localSHA: zeroSHA, remoteRef: "refs/heads/old",
            remoteSHA: try fixture.sha("main"))
        let (onlyDeletion, _) = try await check(repository, [deletion])
        #expect(onlyDeletion.isEmpty)
        #expect(repository.providerCalls() == 0)

        let (checked, notes) = try await check(
            repository, [deletion, try pushUpdate(fixture, local: "refs/heads/topic")])
        let topic = try #require(checked.first)
        #expect(checked.count == 1)
        #expect(topic.update.localRef == "refs/heads/topic")
        #expect(topic.range.head.hex == head)
        #expect(topic.verdict.outcome == .fail)
        #expect(topic.verdict.results.filter { $0.status == .failed }.map(\.caseID) == ["reg-refund-prorata"])
        #expect(notes.isEmpty)
    }

    @Test func twoRefsPushingTheSameCommitsAreCheckedOnce() async throws {
        let repository = try pushedRepository()
        let fixture = repository.fixture
        try fixture.git(["checkout", "-q", "-b", "one"])
        try repository.breakRefundPrompt()
        try fixture.commit("Shorter refunds\n\nBug: BUG-1")
        try fixture.git(["branch", "two"])
        let (checked, _) = try await check(
            repository,
            [try pushUpdate(fixture, local: "refs/heads/one"), try pushUpdate(fixture, local: "refs/heads/two")])
        #expect(checked.map(\.update.localRef) == ["refs/heads/one"])
        #expect(repository.providerCalls() == 2, "the two smoke cases of the refund dataset, once")
    }

    @Test func forcePushIsNotedWithTheRefItConcerns() async throws {
        let repository = try pushedRepository()
        let fixture = repository.fixture
        try fixture.write("README.md", "docs\n")
        let pushed = try fixture.commit("Docs")
        try fixture.git(["push", "-q", "origin", "main"])
        try fixture.write("README.md", "better docs\n")
        try fixture.git(["commit", "-q", "-a", "--amend", "-m", "Better docs"])
        let update = try pushUpdate(fixture, local: "refs/heads/main", remoteSHA: pushed)
        let (checked, notes) = try await check(repository, [update])
        #expect(checked.count == 1)
        #expect(checked.first?.verdict.results.isEmpty == true, "a README change selects no case")
        #expect(notes.count == 1)
        #expect(notes.first?.hasPrefix("deadbolt: refs/heads/main: not a fast-forward of \(pushed.prefix(7))") == true)
    }
}
