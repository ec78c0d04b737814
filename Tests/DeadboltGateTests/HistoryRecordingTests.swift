import DeadboltCore
import DeadboltGate
import DeadboltGit
import DeadboltHistory
import Foundation
import GRDB
import TestSupport
import Testing

/// History on real repositories and commits: what `check` and `run` record, how each result
/// compares with its last record before the change, flakes found from earlier runs, and stores
/// that cannot be reached.
@Suite struct HistoryRecordingTests {
    /// Runs the smoke cases of the work tree, as `deadbolt run` does, recording them at HEAD.
    func runWorkTree(_ repository: GateRepository, execution: CaseExecution = CaseExecution()) async throws -> Verdict {
        try await WorkTreeRun(workspace: try repository.workspace(), execution: execution)
            .verdict(datasets: [], tiers: [.smoke])
    }

    func records(_ repository: GateRepository) async throws -> [EvalRecord] {
        let store = try SQLiteHistory(path: repository.fixture.root + "/.git/deadbolt/history.sqlite")
        let all = try await store.records(RecordFilter())
        await store.close()
        return all
    }

    func changes(_ verdict: Verdict) -> [String: CaseChange] {
        Dictionary(
            uniqueKeysWithValues: verdict.results.compactMap { result in result.change.map { (result.caseID, $0) } })
    }

    @Test func resultsAreRegressedStillFailingFixedAndNewAgainstTheBase() async throws {
        let repository = try GateRepository()
        let first = try repository.fixture.sha("HEAD")
        // The baseline: every smoke case recorded at the first commit.
        _ = try await runWorkTree(repository)

        try repository.fixture.write("prompts/partials/tone.md", "Sign off with: Bye.\n")
        try repository.fixture.commit("Curt sign-off")
        let broken = try await repository.verdict(base: "HEAD~1")
        #expect(changes(broken) == ["reg-refund-prorata": .unchanged, "reg-refund-signoff": .regressed])
        let regressed = try #require(broken.results.first { $0.caseID == "reg-refund-signoff" })
        #expect(regressed.baseline == Baseline(commit: first, status: .passed))
        #expect(broken.changeHeadline == "1 regressed")

        try repository.fixture.write("prompts/partials/tone.md", "Sign off with: Ciao.\n")
        try repository.fixture.commit("Another curt sign-off")
        let still = try await repository.verdict(base: "HEAD~1")
        #expect(changes(still)["reg-refund-signoff"] == .stillFailing)
        #expect(still.changeHeadline == "1 still failing")

        try repository.fixture.write("prompts/partials/tone.md", "Sign off with: Happy to help.\n")
        try repository.addCases([#"{"id":"reg-refund-new","input":{"q":"New?"},"expected_output":"pro-rata"}"#])
        try repository.fixture.commit("Restore the sign-off, and lock pro-rata")
        let fixed = try await repository.verdict(base: "HEAD~1")
        #expect(
            changes(fixed) == [
                "reg-refund-prorata": .unchanged, "reg-refund-signoff": .fixed, "reg-refund-new": .new,
            ])
        #expect(fixed.changeHeadline == "1 fixed")
    }

    @Test func aBaselineIsFoundAtTheNearestRecordedAncestorOfTheBase() async throws {
        let repository = try GateRepository()
        let recorded = try repository.fixture.sha("HEAD")
        _ = try await runWorkTree(repository)
        // Two commits nobody ran the cases at.
        try repository.fixture.write("README.md", "one\n")
        try repository.fixture.commit("Docs")
        try repository.fixture.write("README.md", "two\n")
        try repository.fixture.commit("More docs")
        try repository.breakRefundPrompt()
        try repository.fixture.commit("No refunds")
        let verdict = try await repository.verdict(base: "HEAD~1")
        let prorata = try #require(verdict.results.first { $0.caseID == "reg-refund-prorata" })
        #expect(prorata.change == .regressed)
        #expect(prorata.baseline?.commit == recorded)
    }

    @Test func everyRepetitionIsOneRecordWithTheSharedKeys() async throws {
        let repository = try GateRepository()
        let line =
            #"{"id":"reg-tagged","input":{"q":"Tagged"},"expected_output":"pro-rata","category":"prod-bug","#
            + #""bug_link":"BUG-7","trace_id":"t-1","tags":{"feature":"refunds","customer_tier":"enterprise"}}"#
        try repository.addCases([line])
        try repository.fixture.commit("A tagged case")
        var execution = CaseExecution(repeatCount: 2)
        execution.useCache = false
        let verdict = try await runWorkTree(repository, execution: execution)
        let all = try await records(repository)
        #expect(all.count == verdict.results.count * 2)
        let tagged = all.filter { $0.caseID == "reg-tagged" }
        #expect(tagged.map(\.repetition).sorted() == [0, 1])
        let record = try #require(tagged.first)
        #expect(record.gate == "run")
        #expect(record.dataset == "refund_policy_regressions")
        #expect(record.datasetVersion == 1)
        #expect(record.category == "prod-bug")
        #expect(record.bugLink == "BUG-7")
        #expect(record.traceID == "t-1")
        #expect(record.tag("feature") == "refunds")
        #expect(record.tag("customer_tier") == "enterprise")
        #expect(record.commit == (try repository.fixture.sha("HEAD")))
        #expect(record.branch == "main")
        #expect(record.author == "Ana Tester <ana@example.com>")
        #expect(record.commitTime != nil)
        #expect(record.dirty == false)
        #expect(record.status == .passed)
        // The answer is kept once a case: on the run the result shows (the last, when all passed).
        let answered = try #require(tagged.first { $0.output != nil })
        #expect(tagged.filter { $0.output != nil }.count == 1)
        #expect(answered.repetition == 1)
        #expect(answered.outputHash?.count == 64)
        #expect(answered.output?.contains("pro-rata") == true)
        #expect(Set(record.prompts.keys) == ["prompts/refund.md", "prompts/partials/tone.md"])
        #expect(record.prompts["prompts/refund.md"]?.count == 40, "a git blob id")
        #expect(record.provider.contains("bin/answer"))
        #expect(Set(all.map(\.runID)).count == 1, "one run id for the whole run")
        // The case's content hash: SHA-256 of its canonical JSON (this line has no tier).
        let fields = try #require(try JSONValue.parse(Array(line.utf8)).objectValue)
        #expect(record.caseHash == ContentHash.sha256(JSONValue.object(fields).compactText()))
        #expect(tagged.allSatisfy { $0.caseHash == record.caseHash })
        // A check computes the same hash (while it plans, as a run does).
        _ = try await repository.verdict(base: "HEAD~1")
        let checked = try await records(repository).filter { $0.caseID == "reg-tagged" && $0.gate == "pre-push" }
        #expect(!checked.isEmpty)
        #expect(checked.allSatisfy { $0.caseHash == record.caseHash })
    }

    @Test func theSameInputsPassingAndFailingAreFlakyFromHistory() async throws {
        let repository = try GateRepository()
        // The provider fails the sign-off case while .git/flip exists: same inputs, another answer.
        try repository.fixture.write(
            "bin/answer",
            """
            #!/bin/sh
            cat > /dev/null
            if [ -e '\(repository.fixture.root)/.git/flip' ]; then echo "no"; exit 0; fi
            cat prompts/refund.md prompts/partials/tone.md prompts/shipping.md

            """)
        try repository.fixture.commit("A provider that can flip")
        var execution = CaseExecution()
        execution.useCache = false
        let first = try await runWorkTree(repository, execution: execution)
        #expect(first.outcome == .pass)
        try "".write(toFile: repository.fixture.root + "/.git/flip", atomically: true, encoding: .utf8)
        let second = try await runWorkTree(repository, execution: execution)
        let statuses = Set(second.results.map(\.status))
        #expect(statuses == [.flaky])
        let one = try #require(second.results.first)
        #expect(one.flakeHistory == Outcomes(passed: 1, failed: 1))
        #expect(one.notes.contains { $0.contains("flaky from history") })
        #expect(second.outcome == .fail)
        // A record is one run: it says how that run ended; the flake is what history makes of them.
        #expect(try await records(repository).filter { $0.status == .failed }.count == second.results.count)
    }

    @Test func aStoreThatCannotBeReachedIsAWarningAndTheVerdictStands() async throws {
        let repository = try GateRepository()
        try repository.fixture.write(
            "deadbolt.yml",
            try repository.fixture.read("deadbolt.yml") + "history: {url: \"postgres://ana:pw@127.0.0.1:1/evals\"}\n")
        try repository.fixture.commit("History on a server that is down")
        let verdict = try await runWorkTree(repository)
        #expect(verdict.outcome == .pass)
        let warning = try #require(verdict.warnings.first { $0.kind == .historyUnavailable })
        #expect(warning.message.contains("cannot be reached"))
        #expect(warning.message.contains("the verdict stands"))
        #expect(!warning.message.contains(":pw@"))
        #expect(verdict.results.allSatisfy { $0.change == nil })
    }

    @Test func aStoreThatRefusesTheWriteIsAWarningAfterTheComparison() async throws {
        let repository = try GateRepository()
        _ = try await runWorkTree(repository)
        let recorded = try await records(repository).count
        // The store opens and reads, and refuses every insert: the write fails part-way through
        // the batch, while its records are still being made on another thread.
        let queue = try DatabaseQueue(path: repository.fixture.root + "/.git/deadbolt/history.sqlite")
        try await queue.write { db in
            try db.execute(
                sql: "CREATE TRIGGER refuse BEFORE INSERT ON eval_records BEGIN SELECT RAISE(ABORT, 'refused'); END")
        }
        try queue.close()
        let verdict = try await runWorkTree(repository)
        #expect(verdict.outcome == .pass)
        let warning = try #require(verdict.warnings.first { $0.kind == .historyUnavailable })
        #expect(warning.message.contains("cannot be written: refused"))
        #expect(warning.message.contains("compared with history but not recorded"))
        #expect(try await records(repository).count == recorded, "all of the run's records or none")

        try repository.fixture.write(
            "deadbolt.yml", try repository.fixture.read("deadbolt.yml") + "history: {required: true}\n")
        try repository.fixture.commit("History required")
        let strict = try await runWorkTree(repository)
        #expect(strict.results.allSatisfy { $0.status == .passed })
        #expect(strict.strictWarnings.map(\.kind) == [.historyUnavailable])
        #expect(strict.outcome == .fail)
    }

    @Test func aRequiredStoreThatCannotBeReachedFailsTheGate() async throws {
        let repository = try GateRepository()
        try repository.fixture.write(
            "deadbolt.yml",
            try repository.fixture.read("deadbolt.yml")
                + "history: {url: \"postgres://ana@127.0.0.1:1/evals\", required: true}\n")
        try repository.fixture.commit("Required history on a server that is down")
        let verdict = try await runWorkTree(repository)
        #expect(verdict.results.allSatisfy { $0.status == .passed })
        #expect(verdict.strictWarnings.map(\.kind) == [.historyUnavailable])
        #expect(verdict.outcome == .fail)
    }

    @Test func historyOffAndNoHistoryRecordNothing() async throws {
        let repository = try GateRepository()
        var execution = CaseExecution()
        execution.recordHistory = false
        _ = try await runWorkTree(repository, execution: execution)
        let file = repository.fixture.root + "/.git/deadbolt/history.sqlite"
        #expect(!FileManager.default.fileExists(atPath: file))
        try repository.fixture.write("deadbolt.yml", try repository.fixture.read("deadbolt.yml") + "history: off\n")
        try repository.fixture.commit("No history")
        _ = try await runWorkTree(repository)
        #expect(!FileManager.default.fileExists(atPath: file))
    }

    @Test func aGateThatRunsNothingOpensNoDatabase() async throws {
        let repository = try GateRepository()
        try repository.fixture.write("README.md", "docs\n")
        try repository.fixture.commit("Docs")
        let verdict = try await repository.verdict(base: "HEAD~1")
        #expect(verdict.results.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: repository.fixture.root + "/.git/deadbolt/history.sqlite"))
    }
}
