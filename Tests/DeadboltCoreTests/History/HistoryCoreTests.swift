import DeadboltCore
import Testing

@Suite struct CaseChangeTests {
    @Test func eachPairOfBeforeAndNowHasItsLabel() {
        #expect(CaseChange.of(.passed, baseline: nil) == .new)
        #expect(CaseChange.of(.failed, baseline: nil) == .new)
        #expect(CaseChange.of(.passed, baseline: .passed) == .unchanged)
        #expect(CaseChange.of(.failed, baseline: .passed) == .regressed)
        #expect(CaseChange.of(.flaky, baseline: .passed) == .regressed)
        #expect(CaseChange.of(.passed, baseline: .errored) == .fixed)
        #expect(CaseChange.of(.errored, baseline: .failed) == .stillFailing)
    }

    @Test func theNearestCommitWinsAndItsLatestRunDecides() {
        func row(_ commit: String, _ run: String, _ at: Int64, _ status: CaseStatus, case id: String = "a")
            -> BaselineRow
        {
            BaselineRow(dataset: "d", caseID: id, commit: commit, runID: run, recordedAtMs: at, status: status)
        }
        let rows = [
            row("c2", "r1", 1, .failed), row("c1", "r0", 5, .passed), row("c1", "r2", 9, .passed),
            row("c1", "r2", 9, .failed), row("c3", "r9", 1, .failed, case: "b"),
        ]
        let picked = Baselines.pick(rows, commits: ["c1", "c2", "c3"])
        #expect(picked["d/a"] == Baseline(commit: "c1", status: .flaky), "the latest run at c1 passed and failed")
        #expect(picked["d/b"] == Baseline(commit: "c3", status: .failed))
        #expect(Baselines.pick(rows, commits: ["c9"]).isEmpty)
    }
}

@Suite struct TierProposalTests {
    let day: Int64 = 86_400_000
    let now: Int64 = 2_000_000_000_000

    func record(_ id: String, _ daysAgo: Int64, _ status: CaseStatus, prompt: String = "v1") -> EvalRecord {
        var one = EvalRecord(
            runID: "\(id)-\(daysAgo)", recordedAtMs: now - daysAgo * day, gate: "nightly", tier: "full", dataset: "d",
            datasetVersion: 1, caseID: id, caseHash: "h", repetition: 0, status: status, durationMs: 1, provider: "p")
        one.prompts = ["prompts/p.md": prompt]
        return one
    }

    @Test func aRecentCatchPromotesAndAnOldOneDoesNot() {
        let records = [
            record("recent", 50, .passed), record("recent", 40, .failed, prompt: "v2"),
            record("recent", 39, .passed, prompt: "v3"), record("old", 200, .passed),
            record("old", 150, .failed, prompt: "v2"), record("old", 149, .passed, prompt: "v3"),
            // Failing with nothing changed is no catch: the provider flaked.
            record("noise", 30, .passed), record("noise", 20, .failed), record("noise", 19, .passed),
        ]
        let cases = ["recent", "old", "noise"].map { TieredCase(dataset: "d", caseID: $0, tier: .full) }
        let proposals = TierProposals.propose(cases: cases, records: records, policy: TierPolicy(), nowMs: now)
        #expect(proposals.map(\.caseID) == ["recent"])
        #expect(proposals.first?.to == .smoke)
        #expect(proposals.first?.reason.contains("prompts/p.md@v2") == true)
    }

    @Test func aSmokeCaseGreenForAYearWithEnoughRunsDemotes() {
        var policy = TierPolicy()
        policy.minRuns = 5
        // Six runs over 380 days: five inside the last 365.
        let green = (0..<6).map { record("green", 380 - Int64($0) * 60, .passed) }
        let young = (0..<6).map { record("young", 300 - Int64($0) * 40, .passed) }
        let few = (0..<3).map { record("few", 380 - Int64($0) * 100, .passed) }
        let cases = ["green", "young", "few"].map { TieredCase(dataset: "d", caseID: $0, tier: .smoke) }
        let proposals = TierProposals.propose(cases: cases, records: green + young + few, policy: policy, nowMs: now)
        #expect(
            proposals == [
                TierProposal(
                    dataset: "d", caseID: "green", from: .smoke, to: .full,
                    reason: "green in all 5 runs of the last 365 days")
            ])
    }

    @Test func smokeStaysWithinItsBudgetKeepingTheMostRecentlyUseful() {
        var policy = TierPolicy()
        policy.smokeBudget = 1
        let records = [
            record("a", 80, .passed), record("a", 70, .failed, prompt: "v2"), record("a", 69, .passed, prompt: "v3"),
            record("b", 30, .passed), record("b", 20, .failed, prompt: "v2"), record("b", 19, .passed, prompt: "v3"),
        ]
        let cases = [
            TieredCase(dataset: "d", caseID: "a", tier: .smoke), TieredCase(dataset: "d", caseID: "b", tier: .full),
        ]
        let proposals = TierProposals.propose(cases: cases, records: records, policy: policy, nowMs: now)
        #expect(proposals.map { "\($0.caseID):\($0.to)" } == ["a:full", "b:smoke"])
        #expect(proposals.first?.reason.contains("smoke_budget") == true)
    }
}

@Suite struct HistoryTextTests {
    @Test func millisecondsBecomeISOTimesInUTC() {
        #expect(TimeText.iso8601(milliseconds: 0) == "1970-01-01T00:00:00.000Z")
        #expect(TimeText.iso8601(milliseconds: 1_795_000_000_123) == "2026-11-18T11:06:40.123Z")
        #expect(TimeText.iso8601(milliseconds: 951_782_400_000) == "2000-02-29T00:00:00.000Z")
        #expect(TimeText.iso8601(milliseconds: -1) == "1969-12-31T23:59:59.999Z")
    }

    @Test func historyURLsAreReadOrRefused() throws {
        #expect(HistoryConfig.location("off") == .off)
        #expect(HistoryConfig.location("sqlite:.git/h.sqlite") == .sqlite(path: ".git/h.sqlite"))
        #expect(HistoryConfig.location("postgresql://a@b/c") == .postgres(url: "postgresql://a@b/c"))
        #expect(HistoryConfig.location("mysql://a@b/c") == nil)
        #expect(HistoryConfig.location("sqlite:") == nil)
        #expect(SecretText.withoutPassword("postgres://u:p@h/d") == "postgres://u:***@h/d")
        let config = try ConfigParser.parse(
            "version: 1\nhistory: {url: \"postgres://x@db/e\", required: true}\n"
                + "tiers: {promote_within: 30d, smoke_budget: 5}\n"
        )
        #expect(config.history.location == .postgres(url: "postgres://x@db/e"))
        #expect(config.history.required)
        #expect(config.tiers.promoteWithinSeconds == 30 * 86_400)
        #expect(config.tiers.smokeBudget == 5)
        #expect(throws: InputError.self) { try ConfigParser.parse("version: 1\ntiers: {demote_after: 0s}\n") }
        #expect(throws: InputError.self) { try ConfigParser.parse("version: 1\ntiers: {smoke_budget: 1e9}\n") }
        #expect(throws: InputError.self) { try HistoryConfig().resolved(environment: ["DEADBOLT_HISTORY_URL": "x"]) }
        #expect(try HistoryConfig().resolved(environment: ["DEADBOLT_HISTORY_URL": "off"]) == .off)
    }

    @Test func aTierRewriteTouchesOnlyTheLinesItMoves() throws {
        let text =
            "{\"id\":\"a\",\"input\":\"x\",\"expected_output\":\"y\"}\n\n"
            + "{ \"id\": \"b\", \"input\": \"z\" , \"expected_output\":\"w\"}\n"
        let result = try TierRewrite.apply(Array(text.utf8), tiers: ["a": .smoke], path: "cases.jsonl")
        let lines = String(decoding: result.bytes, as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false)
        #expect(result.changed == ["a"])
        #expect(lines[0] == #"{"expected_output":"y","id":"a","input":"x","tier":"smoke"}"#)
        #expect(lines[2] == #"{ "id": "b", "input": "z" , "expected_output":"w"}"#)
        #expect(lines.count == 4)
        #expect(throws: InputError.self) { try TierRewrite.apply(Array("{bad\n".utf8), tiers: [:], path: "c.jsonl") }
    }

    @Test func aRecordOutputIsCutOnACharacterBoundaryAndTheHashIsOfTheWhole() {
        #expect(EvalRecords.cut(String(repeating: "é", count: 10), bytes: 5) == "éé")
    }

    @Test func aNULInAnAnswerIsKeptAsItsSymbolAndNothingAfterItIsLost() {
        #expect(EvalRecords.storable("before\u{0}after — ✓") == "before\u{2400}after — ✓")
        #expect(EvalRecords.storable("plain") == "plain")
    }
}
