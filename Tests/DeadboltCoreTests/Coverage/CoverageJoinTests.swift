import DeadboltCore
import Foundation
import Testing

/// The coverage join in memory: timestamps, the `coverage:` settings, the row readers, the tally and the join.
@Suite struct CoverageJoinTests {
    @Test func timestampsAsExportsWriteThem() {
        let t = { (text: String) in TimestampText.milliseconds(Substring(text)) }
        #expect(t("2026-11-03T10:04:05Z") == 1_793_700_245_000)
        #expect(t("2026-11-03T10:04:05.123Z") == 1_793_700_245_123)
        #expect(t("2026-11-03 12:04:05+02:00") == 1_793_700_245_000)
        #expect(t("2026-11-03T05:04:05-0500") == 1_793_700_245_000)
        #expect(t("2026-11-03") == 1_793_664_000_000)
        #expect(t("1762164245") == 1_762_164_245_000)
        #expect(t("1762164245123") == 1_762_164_245_123)
        #expect(t("1762164245123456789") == 1_762_164_245_123)
        #expect(t("1762164245.5") == 1_762_164_245_500)
        for bad in [
            "", "yesterday", "2026-13-01", "2026-02-30", "2026-11-03T25:00:00Z", "1969-12-31", "2201-01-01",
            "99999999999999999999", "2026-11-03T10:04:05Zjunk", "-5", "2026-11-03T10:04:05+15:00",
        ] {
            #expect(t(bad) == nil, "\(bad)")
        }
        #expect(t("2024-02-29") != nil)
        #expect(t("2023-02-29") == nil)
    }

    @Test func coverageSettingsReadWithTheirLinesAndRefuseNonsense() throws {
        let config = try ConfigParser.parse(
            """
            version: 1
            coverage:
              keys: {feature: feature, customer_tier: [plan_tier, tier]}
              bad: [bad, complaint]
              fields: {time: created, prompt: prompt_version}
              prompts: {refund: ./prompts/refund.md}
            """)
        #expect(config.coverage.keys.map(\.name) == ["feature", "customer_tier"])
        #expect(config.coverage.keys[1].fields == ["plan_tier", "tier"])
        #expect(config.coverage.time == ["created"])
        #expect(config.coverage.prompts == ["refund": "prompts/refund.md"])
        let tally = CoverageTally(config: config.coverage)
        #expect(tally.judge("Complaint") == (true, true))
        #expect(tally.judge("bad") == (true, false))
        #expect(tally.judge("ok") == (false, false))
        let listed = try ConfigParser.parse("version: 1\ncoverage: {keys: [intent, customer_tier]}\n")
        #expect(listed.coverage.keys[1].fields.contains("plan_tier"), "a listed key reads its common spellings")

        for (text, words) in [
            ("coverage: {keyz: [a]}", ["deadbolt.yml:2:12", "unknown key `keyz` in coverage", "keys"]),
            ("coverage: {keys: []}", ["deadbolt.yml:2", "1 to 8 keys"]),
            ("coverage: {keys: [a, a]}", ["names a key twice"]),
            ("coverage: {keys: ['a,b']}", ["cannot be a coverage key"]),
            ("coverage: {prompts: {refund: ../outside.md}}", ["coverage.prompts.refund", "inside the repository"]),
            ("coverage: {fields: {time: []}}", ["coverage.fields.time", "at least one field"]),
        ] {
            let error = try #require(throws: InputError.self) { try ConfigParser.parse("version: 1\n" + text + "\n") }
            for word in words { #expect(error.description.contains(word), "\(word) in \(error.description)") }
        }
    }

    func rows(csv text: String, by: [String] = []) throws(InputError) -> [ProductionRow] {
        var rows: [ProductionRow] = []
        try ProductionRows.csv(
            TraceBytes(Array(text.utf8), path: "prod.csv"), mapping: RowMapping(config: CoverageConfig(), by: by)
        ) { rows.append($0) }
        return rows
    }

    @Test func csvRowsWithQuotesLineBreaksAndTheCommonColumnNames() throws {
        let read = try rows(
            csv: """
                trace_id,timestamp,feature,intent,plan_tier,prompt_version,outcome,note
                t1,2026-11-03T10:00:00Z,refunds,"refund, annual",enterprise,refund-v4,complaint,"said ""no""
                twice"
                t2,,refunds,refund_request,,refund-v3,ok,

                t3,1762164245,shipping,eta,pro,,thumbs_down,x
                """)
        #expect(read.count == 3, "the blank line is no row")
        #expect(read[0].keys == ["refunds", "refund, annual", "enterprise"])
        #expect(read[0].timeMs == 1_793_700_000_000)
        #expect(read[0].outcome == "complaint")
        #expect(read[0].prompt == "refund-v4")
        #expect(read[1].keys == ["refunds", "refund_request", nil], "an empty field is no value")
        #expect(read[1].timeMs == nil)
        #expect(read[2].line == 6, "the line the record starts on")
        #expect(try rows(csv: "trace_id,feature\nt1,refunds\n", by: ["feature"]).map(\.keys) == [["refunds"]])

        let short = try #require(throws: InputError.self) { try rows(csv: "trace_id,feature\nt1,refunds\nt2\n") }
        #expect(short.location == "prod.csv:3")
        #expect(short.message.contains("row 3 has 1 fields where the header names 2"))
        let time = try #require(throws: InputError.self) { try rows(csv: "trace_id,time\nt1,last tuesday\n") }
        #expect(time.location == "prod.csv:2")
        #expect(time.message.contains("`last tuesday` is not a time"))
        #expect(time.hint?.contains("coverage.fields.time") == true)
        let windows = try rows(
            csv: "\u{FEFF}trace_id,feature\r\nt1,refunds\r\n\"t2\",\"ship\r\nping\"\r\n", by: ["feature"])
        #expect(windows.map(\.traceID) == ["t1", "t2"], "a byte order mark and CRLF line ends")
        #expect(windows.map(\.keys) == [["refunds"], ["ship\nping"]])
        let open = try #require(throws: InputError.self) { try rows(csv: "trace_id,feature\nt1,\"refunds\nt2,x\n") }
        #expect(open.location == "prod.csv:2")
        #expect(open.message.contains("no closing quote"))
        let empty = try #require(throws: InputError.self) { try rows(csv: "") }
        #expect(empty.message.contains("header row"))
    }

    @Test func jsonLinesRowsReadTopLevelAndNestedMetadata() throws {
        let text = """
            {"trace_id": "a", "time": "2026-11-03", "metadata": {"feature": "refunds", "customer_tier": "enterprise"}, \
            "outcome": "bad"}

            {"trace_id": "b", "feature": "refunds", "tags": {"intent": "refund_request"}, "latency_ms": 900}
            """
        var rows: [ProductionRow] = []
        try ProductionRows.jsonLines(
            TraceBytes(Array(text.utf8), path: "p.jsonl"), mapping: RowMapping(config: .init())
        ) { rows.append($0) }
        #expect(rows.map(\.keys) == [["refunds", nil, "enterprise"], ["refunds", "refund_request", nil]])
        #expect(rows.map(\.line) == [1, 3])
        for (bad, words) in [
            ("{\"a\": 1}\n[1]\n", ["p.jsonl:2", "line 2 is not a JSON object"]),
            ("{\"a\": 1}\n{nope\n", ["p.jsonl:2", "line 2 is not JSON"]),
        ] {
            let error = try #require(throws: InputError.self) {
                try ProductionRows.jsonLines(
                    TraceBytes(Array(bad.utf8), path: "p.jsonl"), mapping: RowMapping(config: .init())
                ) { _ in }
            }
            for word in words { #expect(error.description.contains(word), "\(word) in \(error.description)") }
        }
        #expect(ProductionRows.kind(path: "x.CSV", firstLine: nil) == .csv)
        #expect(ProductionRows.kind(path: "x.jsonl", firstLine: Array(#"{"trace_id":"a"}"#.utf8)[...]) == .rows)
        #expect(ProductionRows.kind(path: "x.jsonl", firstLine: Array(#"{"resourceSpans":[]}"#.utf8)[...]) == .traces)
        #expect(ProductionRows.kind(path: "x.json", firstLine: Array("{".utf8)[...]) == .traces)
        // A LangSmith batch or a Langfuse observation written on one line is a trace export, not a row.
        let batch = #"{"post":[{"id":"r1","run_type":"llm","inputs":{}}],"patch":[]}"#
        #expect(ProductionRows.kind(path: "x.json", firstLine: Array(batch.utf8)[...]) == .traces)
        let observation = #"{"id":"o1","type":"GENERATION","traceId":"t1","input":"hi"}"#
        #expect(ProductionRows.kind(path: "x.jsonl", firstLine: Array(observation.utf8)[...]) == .traces)
    }

    func row(_ keys: [String?], _ outcome: String, id: String, at ms: Int64? = nil, prompt: String? = nil)
        -> ProductionRow
    {
        ProductionRow(traceID: id, timeMs: ms, keys: keys, outcome: outcome, prompt: prompt, path: "p.csv", line: 1)
    }

    @Test func tallyKeepsTheWindowAndTheBestCandidates() throws {
        var tally = CoverageTally(config: CoverageConfig(), sinceMs: 1_000, untilMs: 100_000)
        try tally.add(row(["a"], "bad", id: "old", at: 10))
        for index in 0..<8 { try tally.add(row(["a"], "bad", id: "bad\(index)", at: 2_000 + Int64(index))) }
        try tally.add(row(["a"], "complaint", id: "complaint", at: 1_500))
        try tally.add(row(["a"], "ok", id: "fine", at: nil))
        let counts = try #require(tally.slices[["a"]])
        #expect(tally.rows == 11)
        #expect(tally.outside == 1)
        #expect(tally.undated == 1)
        #expect(counts.traces == 10)
        #expect(counts.bad == 9)
        #expect(counts.complaints == 1)
        #expect(counts.candidates.map(\.traceID) == ["complaint"] + (0..<8).reversed().map { "bad\($0)" })
    }

    func record(_ caseID: String, _ status: CaseStatus, blob: String, at ms: Int64) -> EvalRecord {
        var one = EvalRecord(
            runID: "r\(ms)", recordedAtMs: ms, gate: "run", tier: "smoke", dataset: "refunds", datasetVersion: 1,
            caseID: caseID, caseHash: "h", repetition: 0, status: status, durationMs: 1, provider: "{}")
        one.prompts = ["prompts/refund.md": blob]
        return one
    }

    @Test func joinRanksUncoveredPainFirstAndFlagsOfflineWinOnlineLoss() throws {
        var tally = CoverageTally(config: CoverageConfig())
        let day: Int64 = 86_400_000
        // Enterprise: v3 had 2 bad in 40, v4 has 12 bad in 40. Pro: covered, 1 bad in 40.
        for index in 0..<40 {
            let at = Int64(index) * 1000
            try tally.add(
                row(["refunds", "enterprise"], index < 2 ? "bad" : "ok", id: "e3-\(index)", at: at, prompt: "v3"))
            try tally.add(
                row(
                    ["refunds", "enterprise"], index < 12 ? "complaint" : "ok", id: "e4-\(index)", at: day + at,
                    prompt: "v4"))
            try tally.add(
                row(["refunds", "pro"], index < 1 ? "bad" : "ok", id: "p-\(index)", at: day + at, prompt: "v4"))
        }
        let cases = [
            CoverageCase(dataset: "refunds", caseID: "pro-1", tags: ["feature": "refunds", "customer_tier": "Pro"]),
            CoverageCase(dataset: "refunds", caseID: "free-1", tags: ["feature": "refunds", "customer_tier": "free"]),
            CoverageCase(dataset: "refunds", caseID: "untagged", tags: ["feature": "refunds"]),
        ]
        let records = [
            record("pro-1", .failed, blob: "b3", at: 1), record("pro-1", .passed, blob: "b4", at: 2),
            record("free-1", .passed, blob: "b3", at: 3), record("pro-1", .passed, blob: "b3", at: 0),
        ]
        let revisions = [
            "v3": PromptRevision(path: "prompts/refund.md", blob: "b3"),
            "v4": PromptRevision(path: "prompts/refund.md", blob: "b4"),
        ]
        let slices = CoverageJoin.slices(
            tally: tally, keys: ["feature", "customer_tier"], cases: cases, records: records, revisions: revisions)
        #expect(slices.map { $0.keys[1].value } == ["enterprise", "pro", "free"])
        let enterprise = try #require(slices.first)
        #expect(enterprise.traces == 80)
        #expect(enterprise.bad == 14)
        #expect(enterprise.complaints == 12)
        #expect(enterprise.flags.contains(CoverageSlice.offlineWinOnlineLoss), "\(enterprise.versions)")
        #expect(enterprise.results.isEmpty)
        #expect(enterprise.flags.contains(CoverageSlice.noCases))
        #expect(enterprise.currentVersion == "v4")
        #expect(enterprise.dataset == "refunds", "captures go to a dataset that has cases of the feature")
        let pro = try #require(slices.first { $0.keys[1].value == "pro" })
        #expect(pro.results == [.init(caseKey: "refunds/pro-1", status: .passed, atVersion: true, commit: nil)])
        #expect(pro.gap == 0.5)
        #expect(!pro.flags.contains(CoverageSlice.offlineWinOnlineLoss), "its bad rate did not rise")
        let free = try #require(slices.last)
        #expect(free.keys[1].value == "free")
        #expect(free.traces == 0)
        #expect(free.flags == [CoverageSlice.noTraffic])
        #expect(slices.allSatisfy { !$0.results.contains { $0.caseKey == "refunds/untagged" } })
    }

    @Test func offlineWinOnlineLossNeedsTheRiseAndEvalsThatHeld() throws {
        let day: Int64 = 86_400_000
        func slices(evalNew: CaseStatus) throws -> [CoverageSlice] {
            var tally = CoverageTally(config: CoverageConfig())
            for index in 0..<40 {
                let at = Int64(index) * 1000
                try tally.add(row(["enterprise"], index < 2 ? "bad" : "ok", id: "a\(index)", at: at, prompt: "v3"))
                try tally.add(
                    row(["enterprise"], index < 12 ? "bad" : "ok", id: "b\(index)", at: day + at, prompt: "v4"))
            }
            let records = [
                record("x", .failed, blob: "b3", at: 1), record("x", .passed, blob: "b3", at: 2),
                record("x", evalNew, blob: "b4", at: 3),
            ]
            return CoverageJoin.slices(
                tally: tally, keys: ["customer_tier"], cases: [], records: records,
                revisions: [
                    "v3": PromptRevision(path: "prompts/refund.md", blob: "b3"),
                    "v4": PromptRevision(path: "prompts/refund.md", blob: "b4"),
                ])
        }
        let won = try #require(try slices(evalNew: .passed).first)
        #expect(won.flags.contains(CoverageSlice.offlineWinOnlineLoss))
        #expect(won.versions.map(\.name) == ["v3", "v4"])
        #expect(won.versions.map(\.evalPassRate) == [0.5, 1.0])
        let lost = try #require(try slices(evalNew: .failed).first)
        #expect(!lost.flags.contains(CoverageSlice.offlineWinOnlineLoss), "evals fell too: not an offline win")
    }
}
