import DeadboltCore
import Testing

/// Bad traces of a slice grouped by what people wrote, so that one case locks a whole group.
@Suite struct ComplaintGroupsTests {
    func slice(_ rows: [(id: String, outcome: String, text: String?)]) throws -> CoverageSlice {
        var tally = CoverageTally(config: CoverageConfig())
        for (index, row) in rows.enumerated() {
            try tally.add(
                ProductionRow(
                    traceID: row.id, timeMs: 1_000_000 + Int64(index) * 1_000, keys: ["refunds", nil, "enterprise"],
                    outcome: row.outcome, text: row.text, path: "p.csv", line: index + 2))
        }
        let slices = CoverageJoin.slices(
            tally: tally, keys: ["feature", "intent", "customer_tier"], cases: [], records: [], revisions: [:])
        return try #require(slices.first)
    }

    @Test func similarComplaintsGroupAndComplaintGroupsComeFirst() throws {
        let found = try slice([
            ("e1", "error", nil), ("e2", "error", nil), ("e3", "error", nil), ("b1", "bad", nil),
            ("c1", "complaint", "Ignored our enterprise contract terms for the annual refund"),
            ("c2", "thumbs_down", "again: ignored the enterprise contract terms!"),
            ("c3", "complaint", "Answer cut off after the invoice lookup tool returned"),
            ("c4", "complaint", "twice now: ignored our ENTERPRISE contract terms for the refund"),
        ])
        let groups = found.groups.map { $0.members.map(\.traceID) }
        // Complaints before the rest, the newest first within each; the biggest group first.
        #expect(groups == [["c4", "c2", "c1"], ["c3"], ["e3", "e2", "e1"], ["b1"]], "\(groups)")
        #expect(found.groups[0].first.text == "twice now: ignored our ENTERPRISE contract terms for the refund")
        #expect(found.candidates.count == CoverageTally.shownCandidates)
    }

    @Test func aSliceKeepsAtMostTheCandidateLimitBestFirst() throws {
        let rows = (0..<40).map { (id: "t\($0)", outcome: $0 % 10 == 0 ? "complaint" : "bad", text: String?.none) }
        let found = try slice(rows)
        let kept = found.groups.flatMap { $0.members.map(\.traceID) }
        #expect(kept.count == CoverageTally.candidateLimit)
        #expect(Array(kept.prefix(4)) == ["t30", "t20", "t10", "t0"], "the four complaints first: \(kept)")
        #expect(kept.dropFirst(4).first == "t39", "then the newest bad")
    }

    @Test func differentComplaintsStayApart() throws {
        let found = try slice([
            ("a", "complaint", "tracking link pointed at another order"),
            ("b", "complaint", "promised delivery date was wrong"),
            ("c", "complaint", "the the the and for"),
        ])
        #expect(found.groups.map(\.members.count) == [1, 1, 1])
    }
}

/// Slice values differ in case between systems (`Enterprise` from one service, `enterprise` from
/// another): they are one slice, shown as first written.
@Suite struct SliceCaseTests {
    @Test func valuesThatDifferOnlyInCaseAreOneSlice() throws {
        var tally = CoverageTally(config: CoverageConfig())
        for (index, tier) in ["Enterprise", "enterprise", "ENTERPRISE", "pro", "Pro"].enumerated() {
            try tally.add(
                ProductionRow(
                    traceID: "t\(index)", keys: ["Refunds", nil, tier], outcome: "bad", path: "p.csv", line: index + 2))
        }
        let slices = CoverageJoin.slices(
            tally: tally, keys: ["feature", "intent", "customer_tier"],
            cases: [CoverageCase(dataset: "d", caseID: "c", tags: ["feature": "refunds", "customer_tier": "PRO"])],
            records: [], revisions: [:])
        #expect(slices.map(\.traces) == [3, 2])
        #expect(slices.map { $0.keys.map(\.value) } == [["Refunds", nil, "Enterprise"], ["Refunds", nil, "pro"]])
        #expect(slices[1].results.map(\.caseKey) == [], "a key without a value covers nothing")
        #expect(tally.slices.count == 2)
    }
}
