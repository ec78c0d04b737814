import DeadboltCore
import DeadboltGate
import DeadboltGit
import Foundation
import TestSupport
import Testing

/// Whether a fix carries the case that locks its bug, and whether that case bites.
@Suite struct LockEvaluationTests {
    /// The gate repository with a GitHub origin, so that `#12` names acme/support-bot's issue 12.
    func githubRepository() throws -> GateRepository {
        let repository = try GateRepository()
        try repository.fixture.git(["remote", "add", "origin", "https://github.com/acme/support-bot.git"])
        return repository
    }

    func evaluation(_ repository: GateRepository, base: String) throws -> LockEvaluation {
        let workspace = try repository.workspace()
        let plan = try GatePlan.make(workspace: workspace, gate: "pre-push", base: base, head: nil)
        let range = try #require(plan.range)
        return try LockEvaluation(workspace: workspace, range: range, config: plan.config, changes: plan.changes)
    }

    static let lockLine =
        #"{"id":"reg-refund-rounding","input":{"q":"Refund for 7 of 12 months?"},"expected_output":"pro-rata","#
        + #""bug_link":"https://github.com/acme/support-bot/issues/12"}"#

    @Test func fixThatAddsACaseLinkingItsIssueIsLocked() throws {
        let repository = try githubRepository()
        try repository.addCases([Self.lockLine])
        let sha = try repository.fixture.commit("fix: round refunds per day. Fixes #12")
        let evaluation = try evaluation(repository, base: "HEAD~1")
        #expect(
            evaluation.added == [
                AddedCase(
                    dataset: "refund_policy_regressions", caseID: "reg-refund-rounding",
                    bugLink: "https://github.com/acme/support-bot/issues/12",
                    file: "evals/regression/refund_policy_regressions/cases.jsonl", line: 4)
            ])
        let lock = try #require(evaluation.locks.first)
        #expect(evaluation.locks.count == 1)
        #expect(lock.sha == sha)
        #expect(lock.status == .locked)
        #expect(lock.bugLinks.map(\.text) == ["#12"])
        #expect(lock.cases == ["reg-refund-rounding"])
        #expect(evaluation.check.missingLocks(evaluation.locks, datasets: ["refund_policy_regressions"]).warnings == [])
    }

    @Test func fixThatAddsNoCaseIsAFixWithoutLock() throws {
        let repository = try githubRepository()
        try repository.fixture.write("prompts/refund.md", "Annual plans are refunded pro-rata, per day.\n")
        let sha = try repository.fixture.commit("fix: round refunds per day. Fixes #12")
        let evaluation = try evaluation(repository, base: "HEAD~1")
        #expect(evaluation.added.isEmpty)
        #expect(evaluation.locks.map(\.status) == [.unlocked])
        let missing = evaluation.check.missingLocks(evaluation.locks, datasets: ["refund_policy_regressions"])
        #expect(missing.strict.isEmpty, "locks.missing is warn by default")
        let warning = try #require(missing.warnings.first)
        #expect(warning.kind == .fixWithoutLock)
        #expect(warning.commit == sha)
        #expect(warning.message.hasPrefix("fix without lock: \(sha.prefix(7)) \"fix: round refunds per day."))
        #expect(warning.message.contains("evals/regression/refund_policy_regressions/cases.jsonl"))
    }

    @Test func caseLinkingAnotherIssueDoesNotLockTheFix() throws {
        let repository = try githubRepository()
        try repository.addCases([Self.lockLine.replacingOccurrences(of: "issues/12", with: "issues/13")])
        try repository.fixture.commit("fix: round refunds per day. Fixes #12")
        let evaluation = try evaluation(repository, base: "HEAD~1")
        #expect(evaluation.added.map(\.caseID) == ["reg-refund-rounding"])
        #expect(evaluation.locks.map(\.status) == [.unlocked])
    }

    @Test func waiverAndCommitsWithoutABugAreNotAskedForALock() throws {
        let repository = try githubRepository()
        try repository.fixture.write("README.md", "docs\n")
        try repository.fixture.commit("Docs")
        try repository.fixture.write("prompts/refund.md", "Annual plans are refunded pro-rata.\n")
        try repository.fixture.commit("fix: wording. Fixes #14\n\nNo-Lock: the wording has no behaviour to lock")
        let evaluation = try evaluation(repository, base: "HEAD~2")
        #expect(evaluation.locks.map(\.status) == [.noBug, .waived])
        #expect(evaluation.locks.last?.waiver == "the wording has no behaviour to lock")
    }

    @Test func gateWarnsOfAFixWithoutLockAndFailsWhenLocksAreStrict() async throws {
        let repository = try githubRepository()
        try repository.fixture.write("prompts/shipping.md", "Parcels ship in 3 days, or 5 abroad.\n")
        try repository.fixture.commit("fix: abroad shipping. Fixes #20")
        let warned = try await repository.verdict(base: "HEAD~1")
        #expect(warned.outcome == .pass)
        #expect(warned.warnings.map(\.kind) == [.fixWithoutLock])
        #expect(warned.warnings.first?.message.contains("shipping_time_regressions/cases.jsonl") == true)

        let config = try repository.fixture.read("deadbolt.yml")
        try repository.fixture.write("deadbolt.yml", config + "locks:\n  missing: fail\n")
        try repository.fixture.commit("Strict locks")
        let strict = try await repository.verdict(base: "HEAD~2")
        #expect(strict.outcome == .fail)
        #expect(strict.strictWarnings.map(\.kind) == [.fixWithoutLock])
    }

    @Test func newLockFailsAtTheBaseAndPassesAtTheHead() async throws {
        let repository = try githubRepository()
        try repository.fixture.write(
            "prompts/refund.md", "Annual plans are not refundable.\n{{> prompts/partials/tone.md}}\n")
        try repository.fixture.commit("Regress refunds")
        try repository.fixture.write(
            "prompts/refund.md", "Annual plans are refunded pro-rata.\n{{> prompts/partials/tone.md}}\n")
        let softLine =
            #"{"id":"reg-refund-soft","input":{"q":"Sign-off again?"},"expected_output":"Happy to help","#
            + ##""bug_link":"#12"}"##
        try repository.addCases([Self.lockLine, softLine])
        let sha = try repository.fixture.commit("fix: refunds are pro-rata again. Fixes #12")

        let verdict = try await repository.verdict(base: "HEAD~1")
        let lock = try #require(verdict.locks.first { $0.sha == sha })
        #expect(lock.status == .locked)
        #expect(lock.cases == ["reg-refund-rounding", "reg-refund-soft"])
        let proofs = Dictionary(uniqueKeysWithValues: lock.proofs.map { ($0.caseID, $0) })
        let bite = try #require(proofs["reg-refund-rounding"])
        #expect(bite.atBase == .failed)
        #expect(bite.atHead == .passed)
        #expect(bite.finding == .proven)
        // The sign-off never broke: that case would not have caught the bug.
        #expect(proofs["reg-refund-soft"]?.finding == .doesNotBite)
        let notBiting = try #require(verdict.warnings.first { $0.kind == .lockDoesNotBite })
        #expect(notBiting.commit == sha)
        #expect(notBiting.message.contains("reg-refund-soft (refund_policy_regressions) passes before the fix too"))
        #expect(!verdict.warnings.contains { $0.kind == .lockUnproven })
    }

    @Test func lockInARangeFromTheRootCannotBeProvenAndSaysWhy() async throws {
        let repository = try githubRepository()
        try repository.addCases([Self.lockLine])
        try repository.fixture.commit("fix: round refunds per day. Fixes #12")
        let workspace = try repository.workspace()
        let head = try #require(try workspace.headCommit())
        let range = RevisionRange(base: nil, head: head, baseName: "(empty tree)", headName: "HEAD")
        let plan = try GatePlan.make(workspace: workspace, gate: "pre-push", range: range)
        let verdict = try await GateRun(workspace: workspace, execution: CaseExecution()).verdict(plan)
        #expect(verdict.locks.first { $0.status == .locked }?.cases == ["reg-refund-rounding"])
        let unproven = try #require(verdict.warnings.first { $0.kind == .lockUnproven })
        #expect(unproven.message.contains("starts at a root commit"))
    }
}
