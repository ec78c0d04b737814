import DeadboltCore
import DeadboltHistory
import Foundation
import TestSupport
import Testing

/// `deadbolt history`, `history export` and `tiers` as a user runs them, on real repositories.
@Suite struct HistoryCommandTests {
    func json(_ text: String) throws -> JSONValue { try JSONValue.parse(Array(text.utf8)) }

    @Test func historyShowsEachCaseTimelineAcrossCommits() throws {
        let fixture = try makePromptRepository()
        try expectDeadbolt(["run"], in: fixture, exits: 0)
        try fixture.write("prompts/partials/tone.md", "Sign off with: Bye.\n")
        try fixture.commit("Curt sign-off")
        try expectDeadbolt(
            ["check", "--base", "HEAD~1", "--head", "HEAD"], in: fixture, exits: 1,
            stdout: ["1 regressed", "regressed (passed at"])
        let text = try expectDeadbolt(
            ["history", "--case", "reg-2026-11-21-d4e5f6"], in: fixture, exits: 0,
            stdout: ["refund_policy_regressions / reg-2026-11-21-d4e5f6", "2 runs", "last failure", "passed", "failed"])
        #expect(!text.stdout.contains("reg-2026-11-21-a1b2c3"), "--case shows only that case")
        let shown = try expectDeadbolt(["history", "--format", "json"], in: fixture, exits: 0)
        let cases = try #require(try json(shown.stdout)["cases"]?.arrayValue)
        let signoff = try #require(cases.first { $0["case"]?.stringValue == "reg-2026-11-21-d4e5f6" })
        let timeline = try #require(signoff["timeline"]?.arrayValue)
        #expect(timeline.map { $0["status"]?.stringValue } == ["passed", "failed"])
        #expect(timeline.map { $0["commit"]?.stringValue } == [try fixture.sha("HEAD~1"), try fixture.sha("HEAD")])
        #expect(
            timeline[1]["prompts"]?["prompts/partials/tone.md"] != timeline[0]["prompts"]?["prompts/partials/tone.md"])
        #expect(signoff["last_failure"]?["commit"]?.stringValue == (try fixture.sha("HEAD")))
        // The verdict JSON carries the change and its baseline too.
        let check = try expectDeadbolt(
            ["check", "--base", "HEAD~1", "--head", "HEAD", "--format", "json"], in: fixture, exits: 1)
        let verdict = try json(check.stdout)
        let result = try #require(
            verdict["results"]?.arrayValue?.first { $0["case"]?.stringValue == "reg-2026-11-21-d4e5f6" })
        #expect(result["change"]?.stringValue == "regressed")
        #expect(result["baseline"]?["status"]?.stringValue == "passed")
        #expect(verdict["changes"]?["regressed"]?.numberValue == 1)
    }

    @Test func historyWithNothingRecordedSaysSo() throws {
        let fixture = try makePromptRepository()
        try expectDeadbolt(["history"], in: fixture, exits: 0, stdout: ["no records in sqlite:", "history.sqlite"])
    }

    @Test func badHistorySettingsAreExitTwoNamingThem() throws {
        let fixture = try makePromptRepository()
        try expectDeadbolt(
            ["history"], in: fixture, environment: ["DEADBOLT_HISTORY_URL": "mysql://root:hunter2@db/x"], exits: 2,
            stderr: ["DEADBOLT_HISTORY_URL is not a history URL", "mysql://root:***@db/x", "sqlite:PATH"])
        try expectDeadbolt(
            ["history", "--since", "forever"], in: fixture, exits: 2, stderr: ["--since must be a duration"])
        try fixture.write("deadbolt.yml", try fixture.read("deadbolt.yml") + "history: {url: ftp://x}\n")
        try expectDeadbolt(["lint"], in: fixture, exits: 1, stdout: ["deadbolt.yml:6:16", "history.url"])
        try fixture.write(
            "deadbolt.yml",
            try fixture.read("deadbolt.yml").replacingOccurrences(of: "history: {url: ftp://x}\n", with: "")
                + "tiers: {min_runs: 0}\n")
        try expectDeadbolt(
            ["history"], in: fixture, exits: 2,
            stderr: ["deadbolt.yml:6:19", "tiers.min_runs", "between 1 and 1000000"])
        try fixture.write(
            "deadbolt.yml",
            try fixture.read("deadbolt.yml").replacingOccurrences(of: "tiers: {min_runs: 0}\n", with: "")
                + "history: off\n")
        try expectDeadbolt(["history"], in: fixture, exits: 2, stderr: ["history is off"])
    }

    /// Eight `deadbolt run` processes at once, each recording every case: nothing is lost.
    func eightRunsAtOnce(environment: [String: String]) async throws -> Int {
        let fixture = try makePromptRepository()
        try fixture.write(
            "deadbolt.yml", try fixture.read("deadbolt.yml").replacingOccurrences(of: "jobs: 2", with: "jobs: 1"))
        // A commit no other test (nor an earlier run of this one) has, for a shared PostgreSQL database.
        try fixture.write("run-id.txt", UUID().uuidString)
        try fixture.commit("One job")
        let root = fixture.root
        // On threads of their own: waiting for a child on a cooperative thread could starve the
        // in-process PostgreSQL tests whose locks the children wait for.
        let statuses: [Int32] = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let statuses = Statuses()
                DispatchQueue.concurrentPerform(iterations: 8) { _ in
                    let status =
                        (try? DeadboltBinary.run(["run", "--all", "--no-cache"], in: root, environment: environment))?
                        .status ?? -1
                    statuses.append(status)
                }
                continuation.resume(returning: statuses.all)
            }
        }
        #expect(statuses == Array(repeating: 0, count: 8))
        let export = try expectDeadbolt(["history", "export"], in: fixture, environment: environment, exits: 0)
        let commit = try fixture.sha("HEAD")
        let lines = try export.stdout.split(separator: "\n").map { try json(String($0)) }.filter {
            $0["commit"]?.stringValue == commit
        }
        #expect(Set(lines.map { $0["run_id"]?.stringValue ?? "" }).count == 8)
        return lines.count
    }

    @Test func eightProcessesRecordingIntoSQLiteLoseNothing() async throws {
        #expect(try await eightRunsAtOnce(environment: [:]) == 8 * 4)
    }

    @Test(.enabled(if: StoreEnvironment.postgresURL != nil || ProcessInfo.processInfo.environment["CI"] != nil))
    func eightProcessesRecordingIntoPostgreSQLLoseNothing() async throws {
        let url = try #require(StoreEnvironment.postgresURL, "set DEADBOLT_TEST_POSTGRES_URL")
        #expect(try await eightRunsAtOnce(environment: ["DEADBOLT_HISTORY_URL": url]) == 8 * 4)
    }

    @Test func exportWritesJSONLinesAndOTLPWithTheSharedKeys() throws {
        let fixture = try makePromptRepository()
        try expectDeadbolt(["run"], in: fixture, exits: 0)
        let lines = try expectDeadbolt(["history", "export", "--format", "jsonl"], in: fixture, exits: 0).stdout
            .split(separator: "\n")
        #expect(lines.count == 3, "one record for each smoke case")
        let record = try json(String(lines[0]))
        for key in [
            "run_id", "dataset", "dataset_version", "case", "case_hash", "status", "prompts", "guardrails",
            "provider", "commit", "branch", "author", "gate", "tier", "feature", "intent", "customer_tier",
        ] {
            #expect(record[key] != nil, "\(key)")
        }
        let file = fixture.root + "/.git/export.otlp.jsonl"
        try expectDeadbolt(
            ["history", "export", "--format", "otlp", "--output", file], in: fixture, exits: 0,
            stderr: ["exported 3 records to"])
        let request = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: file))))
        let scope = try #require(request["resourceSpans"]?.arrayValue?.first?["scopeSpans"]?.arrayValue?.first)
        let spans = try #require(scope["spans"]?.arrayValue)
        #expect(spans.count == 3)
        let span = spans[0]
        #expect(span["traceId"]?.stringValue?.count == 32)
        #expect(span["spanId"]?.stringValue?.count == 16)
        let keys = Set(span["attributes"]?.arrayValue?.compactMap { $0["key"]?.stringValue } ?? [])
        for key in [
            "deadbolt.dataset", "deadbolt.dataset.version", "deadbolt.case.id", "deadbolt.status",
            "deadbolt.prompt.prompts/refund.md", "vcs.ref.head.revision", "vcs.ref.head.name",
        ] {
            #expect(keys.contains(key), "\(key) in \(keys.sorted())")
        }
        let event = try #require(span["events"]?.arrayValue?.first)
        #expect(event["name"]?.stringValue == "gen_ai.evaluation.result")
        let attributes = Dictionary(
            uniqueKeysWithValues: (event["attributes"]?.arrayValue ?? []).compactMap { item in
                item["key"]?.stringValue.map { ($0, item["value"] ?? .null) }
            })
        #expect(attributes["gen_ai.evaluation.name"]?["stringValue"]?.stringValue == "deadbolt.regression")
        #expect(attributes["gen_ai.evaluation.score.label"]?["stringValue"]?.stringValue == "pass")
        #expect(attributes["gen_ai.evaluation.score.value"]?["intValue"]?.stringValue == "1")
    }

    @Test func exportPostsOTLPToACollectorWithItsHeaders() throws {
        let fixture = try makePromptRepository()
        try expectDeadbolt(["run"], in: fixture, exits: 0)
        let collector = try RecordingServer(
            rules: #"[{"method": "POST", "path": "/v1/traces", "responses": [{"status": 200, "body": {}}]}]"#)
        let result = try expectDeadbolt(
            ["history", "export", "--otlp-endpoint", collector.url], in: fixture,
            environment: ["OTEL_EXPORTER_OTLP_HEADERS": "Authorization=Basic%20c2VjcmV0LXRva2Vu,X-Team=bots"], exits: 0,
            stderr: ["exported 3 records to \(collector.url)"])
        #expect(!result.stderr.contains("c2VjcmV0LXRva2Vu"))
        let requests = collector.requestLines()
        try #require(requests.count == 1)
        let request = try json(requests[0])
        #expect(request["path"]?.stringValue == "/v1/traces")
        #expect(request["headers"]?["authorization"]?.stringValue == "Basic c2VjcmV0LXRva2Vu")
        #expect(request["headers"]?["x-team"]?.stringValue == "bots")
        let body = try json(request["body"]?.stringValue ?? "")
        #expect(
            body["resourceSpans"]?.arrayValue?.first?["scopeSpans"]?.arrayValue?.first?["spans"]?.arrayValue?.count == 3
        )
        try expectDeadbolt(
            ["history", "export", "--otlp-endpoint", collector.url, "--format", "jsonl"], in: fixture, exits: 2,
            stderr: ["--otlp-endpoint posts OTLP"])
        try expectDeadbolt(
            ["history", "export", "--otlp-endpoint", "ftp://x"], in: fixture, exits: 2,
            stderr: ["must be an http:// or https:// URL"])
    }

    @Test func tiersProposeFromAYearOfHistoryAndApplyWritesTheTier() async throws {
        let fixture = try makePromptRepository()
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let day: Int64 = 86_400_000
        // The full-tier case caught a regression 20 days ago: passed, failed when its prompt
        // changed, passed after the fix. The smoke case has been green for 400 days, 30 runs.
        var records: [EvalRecord] = []
        func record(_ caseID: String, tier: String, at: Int64, status: CaseStatus, prompt: String) -> EvalRecord {
            var one = EvalRecord(
                runID: "run-\(caseID)-\(at)", recordedAtMs: at, gate: "pull-request", tier: tier,
                dataset: "refund_policy_regressions", datasetVersion: 1, caseID: caseID, caseHash: "h-\(caseID)",
                repetition: 0, status: status, durationMs: 5, provider: "{}")
            one.prompts = ["prompts/refund.md": prompt]
            one.commit = String(repeating: "c", count: 40)
            return one
        }
        records.append(record("reg-2026-11-21-full01", tier: "full", at: now - 30 * day, status: .passed, prompt: "v1"))
        records.append(record("reg-2026-11-21-full01", tier: "full", at: now - 20 * day, status: .failed, prompt: "v2"))
        records.append(record("reg-2026-11-21-full01", tier: "full", at: now - 19 * day, status: .passed, prompt: "v3"))
        for index in 0..<30 {
            records.append(
                record(
                    "reg-2026-11-21-a1b2c3", tier: "smoke", at: now - 400 * day + Int64(index) * 13 * day,
                    status: .passed, prompt: "v1"))
        }
        let store = try SQLiteHistory(path: fixture.root + "/.git/deadbolt/history.sqlite")
        try await store.record(records)
        await store.close()

        let proposed = try expectDeadbolt(["tiers", "--format", "json"], in: fixture, exits: 0)
        let proposals = try #require(try json(proposed.stdout)["proposals"]?.arrayValue)
        let moves = Dictionary(
            uniqueKeysWithValues: proposals.map {
                ($0["case"]?.stringValue ?? "", "\($0["from"]?.stringValue ?? "")→\($0["to"]?.stringValue ?? "")")
            })
        #expect(moves == ["reg-2026-11-21-full01": "full→smoke", "reg-2026-11-21-a1b2c3": "smoke→full"])
        try expectDeadbolt(
            ["tiers"], in: fixture, exits: 0,
            stdout: ["promote", "caught a regression", "prompts/refund.md@v2 changed", "green in all", "--apply"])
        let before = try fixture.read("evals/regression/refund_policy_regressions/cases.jsonl")
        try expectDeadbolt(["tiers", "--apply"], in: fixture, exits: 0, stdout: ["wrote the tier of 2 cases"])
        let after = try fixture.read("evals/regression/refund_policy_regressions/cases.jsonl")
        let lines = after.split(separator: "\n")
        #expect(lines.count == before.split(separator: "\n").count)
        #expect(lines[0].contains(#""tier":"full""#))
        #expect(lines[2].contains(#""tier":"smoke""#))
        #expect(lines[1] == before.split(separator: "\n")[1], "a line with no move is kept byte for byte")
        // A tier move is no in-place rewrite for the append-mostly rule.
        try fixture.commit("Tiers from history")
        let check = try expectDeadbolt(
            ["check", "--base", "HEAD~1", "--head", "HEAD", "--format", "json", "--no-history"], in: fixture, exits: 0)
        let warnings = try json(check.stdout)["warnings"]?.arrayValue ?? []
        #expect(!warnings.contains { $0["kind"]?.stringValue == "append-only" })
    }
}

enum StoreEnvironment {
    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["DEADBOLT_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// Exit statuses gathered from several threads.
final class Statuses: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int32] = []
    func append(_ value: Int32) { lock.withLock { values.append(value) } }
    var all: [Int32] { lock.withLock { values } }
}
