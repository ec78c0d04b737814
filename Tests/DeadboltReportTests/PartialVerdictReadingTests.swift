import DeadboltCore
import DeadboltReport
import Testing

/// A partial verdict's numbers are read with their bounds, so a hand-edited or hostile one is
/// refused by field, never trapped on.
@Suite struct PartialVerdictReadingTests {
    func partial(index: JSONValue, total: JSONValue, duration: JSONValue = .number(5)) -> JSONValue {
        .object([
            "verdict": .string("pass"), "gate": .string("pull-request"),
            "results": .array([
                .object([
                    "dataset": .string("d"), "case": .string("a"), "status": .string("passed"), "duration_ms": duration,
                ])
            ]),
            "shard": .object(["index": index, "total": total, "selected": .array([.string("d/a")])]),
        ])
    }

    @Test func badShardNumbersAreRefusedNamingTheField() throws {
        let cases: [(JSONValue, JSONValue, String)] = [
            (.number(1), .number(1e300), "shard.total"), (.number(1), .number(0), "shard.total"),
            (.number(1), .number(-2), "shard.total"), (.number(0), .number(1), "shard.index"),
            (.number(3), .number(2), "shard.index"), (.number(-1e300), .number(2), "shard.index"),
            (.string("1"), .number(1), "shard.index"),
        ]
        for (index, total, field) in cases {
            let error = #expect(throws: VerdictJSONReader.NotAVerdict.self) {
                try VerdictJSONReader.read(partial(index: index, total: total))
            }
            #expect(error?.message.contains(field) == true, "\(error?.message ?? "")")
        }
        let read = try VerdictJSONReader.read(partial(index: .number(1), total: .number(1)))
        let merged = try VerdictMerge.merge([("shard-1.json", read)])
        #expect(merged.outcome == .pass)
        #expect(merged.mergedShards == 1)
    }

    @Test func hugeDurationIsRefused() {
        let error = #expect(throws: VerdictJSONReader.NotAVerdict.self) {
            try VerdictJSONReader.read(partial(index: .number(1), total: .number(1), duration: .number(1e300)))
        }
        #expect(error?.message.contains("duration_ms") == true)
    }

    @Test func aMergedVerdictKeepsSelectionAndLockProofsThroughJSON() throws {
        var verdict = Verdict(gate: "pull-request", base: "a", head: "b", results: [])
        verdict.selection = Selection(
            gate: Gate(name: "pull-request", tiers: [.smoke], scope: .affected),
            datasets: [
                SelectedDataset(
                    dataset: Dataset(
                        name: "refunds", folder: "evals/regression/refunds", owners: ["prompts/refund.md"]),
                    reasons: [
                        SelectionReason(kind: .owner, path: "prompts/partials/tone.md", via: ["prompts/refund.md"])
                    ],
                    cases: [], changedCaseIDs: [])
            ],
            cycles: [], emptyReason: nil)
        var lock = CommitLock(
            sha: "abc", subject: "Fix", bugLinks: [BugLink("BUG-1", origin: nil)], status: .locked, cases: ["c1"],
            waiver: nil)
        lock.proofs = [LockProof(dataset: "refunds", caseID: "c1", bugLink: "BUG-1", atBase: .failed, atHead: .passed)]
        verdict.locks = [lock]
        verdict.shard = ShardRecord(index: 1, total: 1, selected: [])
        let read = try VerdictJSONReader.read(VerdictJSON.render(verdict))
        let merged = try VerdictMerge.merge([("p.json", read)])
        let reason = try #require(merged.selection?.datasets.first?.reasons.first)
        #expect(reason.path == "prompts/partials/tone.md" && reason.kind == .owner)
        #expect(merged.locks.first?.proofs.first?.finding == .proven)
        #expect(VerdictJSON.render(merged)["shards"] == .number(1))
    }
}
