import DeadboltCore
import DeadboltGate
import DeadboltGit
import Foundation
import TestSupport
import Testing

/// Planning and running a gate in process: what is selected, what runs, and how shards split it.
@Suite struct GateRunTests {
    @Test func changeToNothingRelevantSelectsNothingAndRunsNoProvider() async throws {
        let repository = try GateRepository()
        try repository.fixture.write("README.md", "docs\n")
        try repository.fixture.commit("Docs")
        let workspace = try repository.workspace()
        let plan = try GatePlan.make(workspace: workspace, gate: "pre-push", base: "HEAD~1", head: nil)
        #expect(plan.changes.map(\.path) == ["README.md"])
        #expect(plan.selection.datasets.isEmpty)
        #expect(plan.selection.caseCount == 0)
        #expect(plan.selection.emptyReason?.contains("none of the 1 changed path") == true)

        let verdict = try await GateRun(workspace: workspace, execution: CaseExecution()).verdict(plan)
        #expect(verdict.results.isEmpty)
        #expect(verdict.outcome == .pass)
        #expect(verdict.emptyReason == plan.selection.emptyReason)
        #expect(repository.providerCalls() == 0)
    }

    @Test func brokenPromptFailsItsCaseThroughTheIncludeOwner() async throws {
        let repository = try GateRepository()
        try repository.fixture.write("prompts/partials/tone.md", "Sign off with: Bye.\n")
        try repository.fixture.commit("Curt sign-off")
        let verdict = try await repository.verdict(base: "HEAD~1")
        #expect(verdict.outcome == .fail)
        let statuses = Dictionary(uniqueKeysWithValues: verdict.results.map { ($0.caseID, $0.status) })
        #expect(statuses == ["reg-refund-prorata": .passed, "reg-refund-signoff": .failed])
        #expect(repository.providerCalls() == 2, "only the smoke cases of the one affected dataset ran")
    }

    @Test func everySelectedCaseRunsInExactlyOneShard() async throws {
        let repository = try GateRepository()
        try repository.addCases(
            (1...6).map { #"{"id":"reg-extra-\#($0)","input":{"q":"extra \#($0)"},"expected_output":"pro-rata"}"# })
        try repository.fixture.commit("More refund cases")
        let workspace = try repository.workspace()
        let plan = try GatePlan.make(workspace: workspace, gate: "weekly", base: "HEAD~1", head: nil)
        let keys = plan.selection.caseKeys
        #expect(keys.count == 11, "the weekly gate runs every case of every dataset")
        for total in [1, 3, 4, 13] {
            var ran: [String] = []
            var sizes: [Int] = []
            for index in 1...total {
                let shard = Shard(index: index, total: total)
                let verdict = try await GateRun(workspace: workspace, execution: CaseExecution())
                    .verdict(plan, shard: shard)
                #expect(verdict.shard == ShardRecord(index: index, total: total, selected: keys))
                let mine = verdict.results.map { Shard.key(dataset: $0.dataset, caseID: $0.caseID) }
                ran += mine
                sizes.append(mine.count)
            }
            #expect(ran.sorted() == keys, "\(total) shards: each case once, none left out")
            #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1, "\(total) shards deal evenly: \(sizes)")
        }
        // Each case was asked once: the result cache answered it in every later sharding.
        #expect(repository.providerCalls() == 11)
    }

    @Test func shareOfASelectionKeepsOnlyItsCasesAndEveryDataset() throws {
        let repository = try GateRepository()
        let workspace = try repository.workspace()
        let plan = try GatePlan.make(workspace: workspace, gate: "weekly", base: nil, head: nil)
        let first = plan.selection.share(for: Shard(index: 1, total: 2))
        let second = plan.selection.share(for: Shard(index: 2, total: 2))
        #expect(first.caseCount + second.caseCount == plan.selection.caseCount)
        #expect(Set(first.caseKeys).isDisjoint(with: second.caseKeys))
        #expect(first.datasets.map(\.dataset.name) == plan.selection.datasets.map(\.dataset.name))
    }

    @Test func emptyRepositoryPlansNothingAndSaysWhy() async throws {
        let fixture = try GitFixture()
        let workspace = try Workspace(path: fixture.root)
        let plan = try GatePlan.make(workspace: workspace, gate: "pre-push", base: nil, head: nil)
        #expect(plan.range == nil)
        #expect(plan.selection.emptyReason == "the repository has no commits yet")
        let verdict = try await GateRun(workspace: workspace, execution: CaseExecution()).verdict(plan)
        #expect(verdict.outcome == .pass)
        #expect(verdict.results.isEmpty)
    }

    @Test func headThatIsNotCheckedOutRunsInACopyOfItsFilesAndSaysSo() async throws {
        let repository = try GateRepository()
        let fixture = repository.fixture
        try fixture.git(["checkout", "-q", "-b", "topic"])
        try repository.breakRefundPrompt()
        let broken = try fixture.commit("Shorter refunds")
        try fixture.git(["checkout", "-q", "main"])
        let verdict = try await repository.verdict(base: "main", head: broken)
        #expect(verdict.results.first { $0.caseID == "reg-refund-prorata" }?.status == .failed)
        let note = try #require(verdict.warnings.first { $0.kind == .materialized })
        #expect(note.message.contains("is not the checked-out commit"))
        // The work tree still holds main's prompt: the copy was made elsewhere.
        #expect(try fixture.read("prompts/refund.md").contains("pro-rata"))
    }

    @Test func uncommittedPromptEditDoesNotLeakIntoTheRunOfTheCommit() async throws {
        let repository = try GateRepository()
        try repository.fixture.write("prompts/partials/tone.md", "Sign off with: Bye.\n")
        try repository.fixture.commit("Curt sign-off")
        // Fixed in the work tree, not committed: the gate judges the commit.
        try repository.fixture.write("prompts/partials/tone.md", "Sign off with: Happy to help.\n")
        let verdict = try await repository.verdict(base: "HEAD~1")
        #expect(verdict.results.first { $0.caseID == "reg-refund-signoff" }?.status == .failed)
        #expect(verdict.warnings.contains { $0.kind == .materialized && $0.message.contains("uncommitted changes") })
    }
}
