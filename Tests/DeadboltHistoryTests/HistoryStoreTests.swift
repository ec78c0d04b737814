import DeadboltCore
import DeadboltHistory
import Foundation
import TestSupport
import Testing

/// The stores the same tests run against: SQLite in a temporary folder always, and the PostgreSQL
/// server `DEADBOLT_TEST_POSTGRES_URL` names (`.ci/run` starts one on 127.0.0.1 and sets it).
enum StoreKind: String, CaseIterable, CustomTestStringConvertible {
    case sqlite, postgres
    var testDescription: String { rawValue }

    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["DEADBOLT_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The kinds this machine can run: in CI (`CI` set) PostgreSQL must be there.
    static var available: [StoreKind] {
        if postgresURL != nil || ProcessInfo.processInfo.environment["CI"] != nil { return allCases }
        return [.sqlite]
    }

    /// A fresh store: a new SQLite file, or the shared server (tests keep apart by dataset names).
    func open(folder: String) async throws -> any HistoryStore {
        switch self {
        case .sqlite: return try SQLiteHistory(path: folder + "/history.sqlite")
        case .postgres:
            let url = try #require(Self.postgresURL, "set DEADBOLT_TEST_POSTGRES_URL to a PostgreSQL database")
            return try await PostgresHistory.open(url: url, environment: [:])
        }
    }
}

/// A record with every field set, in dataset `dataset`.
func sampleRecord(
    dataset: String, caseID: String = "reg-1", commit: String = "c1", status: CaseStatus = .passed,
    at: Int64 = 1_700_000_000_000, run: String = "run-1", repetition: Int = 0
) -> EvalRecord {
    var record = EvalRecord(
        runID: run, recordedAtMs: at, gate: "pre-push", tier: "smoke", dataset: dataset, datasetVersion: 3,
        caseID: caseID, caseHash: "hash-\(caseID)", repetition: repetition, status: status, durationMs: 12,
        provider: #"{"type":"openai","model":"m"}"#)
    record.category = "prod-bug"
    record.bugLink = "BUG-142"
    record.traceID = "trace-9"
    record.tags = ["feature": .string("refunds"), "customer_tier": .string("enterprise"), "n": .number(2)]
    record.failedAssertions = status == .passed ? [] : ["icontains: missing pro-rata"]
    record.output = "Refunds are pro-rata — ✓"
    record.outputHash = "ohash"
    record.outputBytes = 27
    record.cached = true
    record.model = "gpt-4o-mini-2024-07-18"
    record.inputTokens = 120
    record.outputTokens = 30
    record.cost = 0.00042
    // A path with a quote and a backslash takes the JSON parser's way back; the others the fast one.
    record.prompts = ["prompts/refund.md": "abc123", #"prompts/we"ird\name.md"#: "e5"]
    record.guardrails = ["guardrails/pii.yaml": "def456"]
    record.evaluator = ["bin/judge": "0a0b"]
    record.commit = commit
    record.branch = "main"
    record.base = "c0"
    record.author = "Ana Tester <ana@example.com>"
    record.commitTime = 1_700_000_000
    record.dirty = false
    record.ciSystem = "github"
    record.ciRunURL = "https://github.com/o/r/actions/runs/1"
    record.pullRequest = "12"
    record.inputsKey = record.computedInputsKey()
    return record
}

@Suite("History stores")
struct HistoryStoreTests {
    let folder: String
    let dataset = "ds_" + UUID().uuidString.prefix(8).lowercased()

    init() throws { folder = try TemporaryFolder.make(prefix: "deadbolt-history") }

    @Test("a record reads back with every field as written", arguments: StoreKind.available)
    func roundTrip(kind: StoreKind) async throws {
        let store = try await kind.open(folder: folder)
        var written = sampleRecord(dataset: dataset)
        written.dirty = true
        written.inputsKey = written.computedInputsKey()
        try await store.record([written])
        let read = try await store.records(RecordFilter(datasets: [dataset]))
        #expect(read == [written])
        await store.close()
    }

    @Test("filters by case, dataset and time, and a limit keeps the newest", arguments: StoreKind.available)
    func filters(kind: StoreKind) async throws {
        let store = try await kind.open(folder: folder)
        let records = (0..<6).map { index in
            sampleRecord(dataset: dataset, caseID: index % 2 == 0 ? "even" : "odd", at: 1_000 + Int64(index))
        }
        try await store.record(records)
        let even = try await store.records(RecordFilter(caseIDs: ["even"], datasets: [dataset]))
        #expect(even.map(\.recordedAtMs) == [1_000, 1_002, 1_004])
        let recent = try await store.records(RecordFilter(datasets: [dataset], sinceMs: 1_003))
        #expect(recent.map(\.recordedAtMs) == [1_003, 1_004, 1_005])
        let newest = try await store.records(RecordFilter(datasets: [dataset], limit: 2))
        #expect(newest.map(\.recordedAtMs) == [1_004, 1_005])
        await store.close()
    }

    @Test("a brief read brings the join's fields and leaves the rest empty", arguments: StoreKind.available)
    func briefRead(kind: StoreKind) async throws {
        let store = try await kind.open(folder: folder)
        let written = [
            sampleRecord(dataset: dataset, caseID: "a", commit: "c1", status: .failed, at: 1_000),
            sampleRecord(dataset: dataset, caseID: "b", commit: "c2", at: 2_000),
        ]
        try await store.record(written)
        var filter = RecordFilter(datasets: [dataset])
        filter.brief = true
        let read = try await store.records(filter)
        #expect(read.map(\.key) == written.map(\.key))
        #expect(read.map(\.recordedAtMs) == [1_000, 2_000])
        #expect(read.map(\.status) == [.failed, .passed])
        #expect(read.map(\.commit) == ["c1", "c2"])
        #expect(read.map(\.prompts) == written.map(\.prompts))
        #expect(read.allSatisfy { $0.output == nil && $0.runID.isEmpty && $0.tags.isEmpty && $0.guardrails.isEmpty })
        filter.limit = 1
        #expect(try await store.records(filter).map(\.key) == [written[1].key])
        await store.close()
    }

    @Test("baseline rows come only from the commits and datasets asked for", arguments: StoreKind.available)
    func baselineRows(kind: StoreKind) async throws {
        let store = try await kind.open(folder: folder)
        try await store.record([
            sampleRecord(dataset: dataset, caseID: "a", commit: "c1", status: .failed),
            sampleRecord(dataset: dataset, caseID: "a", commit: "c2", status: .passed),
            sampleRecord(dataset: dataset + "_other", caseID: "a", commit: "c1"),
            {
                // Made in a dirty work tree: it says nothing about how c1 behaves.
                var dirty = sampleRecord(dataset: dataset, caseID: "b", commit: "c1")
                dirty.dirty = true
                return dirty
            }(),
        ])
        let rows = try await store.baselineRows(commits: ["c1"], datasets: [dataset])
        #expect(rows.map(\.status) == [.failed])
        #expect(rows.first?.commit == "c1")
        await store.close()
    }

    @Test("outcomes count passes and failures of the same inputs, not errors", arguments: StoreKind.available)
    func outcomes(kind: StoreKind) async throws {
        let store = try await kind.open(folder: folder)
        let passed = sampleRecord(dataset: dataset, status: .passed)
        var failed = sampleRecord(dataset: dataset, status: .failed)
        failed.runID = "run-2"
        var errored = sampleRecord(dataset: dataset, status: .errored)
        errored.runID = "run-3"
        try await store.record([passed, failed, errored])
        #expect(passed.inputsKey == failed.inputsKey)
        let counts = try await store.outcomes(inputsKeys: [passed.inputsKey])
        #expect(counts[passed.inputsKey] == Outcomes(passed: 1, failed: 1))
        await store.close()
    }

    @Test("2,500 records go in one call, across insert batches", arguments: StoreKind.available)
    func manyRecords(kind: StoreKind) async throws {
        let store = try await kind.open(folder: folder)
        let records = (0..<2_500).map { sampleRecord(dataset: dataset, caseID: "case-\($0)", at: Int64($0)) }
        try await store.record(records)
        var seen = 0
        try await store.eachRecord(RecordFilter(datasets: [dataset])) { _ in seen += 1 }
        #expect(seen == 2_500)
        await store.close()
    }

    @Test("a batch made on demand goes in whole and in order, across its chunks", arguments: StoreKind.available)
    func batchMadeOnDemand(kind: StoreKind) async throws {
        let store = try await kind.open(folder: folder)
        let dataset = self.dataset
        // 1,003 parts of 0 to 3 records each: more than one of the SQLite writer's chunks, the
        // last one short, and parts with no record at all.
        let part: @Sendable (Int) -> [EvalRecord] = { index in
            (0..<(index % 4)).map { repetition in
                var record = sampleRecord(
                    dataset: dataset, caseID: "case-\(index)", status: index % 7 == 0 ? .failed : .passed,
                    at: Int64(index), repetition: repetition)
                record.inputsKey = "\(dataset)-key-\(index % 10)"
                return record
            }
        }
        let asked = AskedRanges()
        let batch = RecordBatch(parts: 1_003) { range in
            asked.add(range)
            return range.flatMap(part)
        }
        try await store.record(batch)
        let expected = (0..<1_003).flatMap(part)
        let all = try await store.records(RecordFilter(datasets: [dataset]))
        #expect(all.count == expected.count)
        #expect(all.map { "\($0.caseID)#\($0.repetition)" } == expected.map { "\($0.caseID)#\($0.repetition)" })
        // Each part was made once.
        let ranges = asked.all.sorted { $0.lowerBound < $1.lowerBound }
        #expect(ranges.flatMap { Array($0) } == Array(0..<1_003))
        let counts = try await store.outcomes(inputsKeys: (0..<10).map { "\(dataset)-key-\($0)" })
        for key in 0..<10 {
            let records = expected.filter { $0.inputsKey == "\(dataset)-key-\(key)" }
            #expect(
                counts["\(dataset)-key-\(key)"]
                    == Outcomes(
                        passed: records.filter { $0.status == .passed }.count,
                        failed: records.filter { $0.status == .failed }.count))
        }
        await store.close()
    }

    @Test("a batch of no records writes nothing", arguments: StoreKind.available)
    func emptyBatch(kind: StoreKind) async throws {
        let store = try await kind.open(folder: folder)
        try await store.record(RecordBatch(parts: 0) { _ in [] })
        try await store.record(RecordBatch(parts: 3) { _ in [] })
        let all = try await store.records(RecordFilter(datasets: [dataset]))
        #expect(all.isEmpty)
        await store.close()
    }

    @Test("eight writers at once lose nothing", arguments: StoreKind.available)
    func concurrentWriters(kind: StoreKind) async throws {
        let folder = self.folder
        let dataset = self.dataset
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    // Each writer opens its own store, as eight processes would.
                    let store = try await kind.open(folder: folder)
                    for batch in 0..<5 {
                        let records = (0..<20).map {
                            sampleRecord(
                                dataset: dataset, caseID: "w\(writer)-b\(batch)-\($0)", run: "w\(writer)-\(batch)")
                        }
                        try await store.record(records)
                    }
                    await store.close()
                }
            }
            try await group.waitForAll()
        }
        let store = try await kind.open(folder: folder)
        let all = try await store.records(RecordFilter(datasets: [dataset]))
        #expect(all.count == 8 * 5 * 20)
        #expect(Set(all.map(\.caseID)).count == 800)
        await store.close()
    }

    @Test("opening a migrated store again keeps its records", arguments: StoreKind.available)
    func reopen(kind: StoreKind) async throws {
        let first = try await kind.open(folder: folder)
        try await first.record([sampleRecord(dataset: dataset)])
        await first.close()
        let second = try await kind.open(folder: folder)
        #expect(try await second.records(RecordFilter(datasets: [dataset])).count == 1)
        await second.close()
    }
}

@Suite("History stores that cannot be used")
struct HistoryStoreFailureTests {
    @Test("a PostgreSQL server that is down is a clear error without the password")
    func postgresDown() async throws {
        let error = await #expect(throws: HistoryError.self) {
            _ = try await PostgresHistory.open(url: "postgres://ana:s3cret@127.0.0.1:1/evals", environment: [:])
        }
        #expect(error?.message.contains("cannot be reached") == true)
        #expect(error?.message.contains("s3cret") == false)
        #expect(error?.message.contains("postgres://ana:***@127.0.0.1:1/evals") == true)
    }

    @Test("a PostgreSQL URL with a bad port or sslmode says which")
    func postgresBadURL() async throws {
        let port = await #expect(throws: HistoryError.self) {
            _ = try await PostgresHistory.open(url: "postgres://ana@127.0.0.1:99999/evals", environment: [:])
        }
        #expect(port?.message.contains("99999") == true)
        let mode = await #expect(throws: HistoryError.self) {
            _ = try await PostgresHistory.open(url: "postgres://ana@127.0.0.1/evals?sslmode=maybe", environment: [:])
        }
        #expect(mode?.message.contains("sslmode=maybe") == true)
    }

    @Test("an SQLite path that cannot be created is an error naming it")
    func sqliteUnwritable() throws {
        let folder = try TemporaryFolder.make(prefix: "deadbolt-history")
        try "a file".write(toFile: folder + "/blocker", atomically: true, encoding: .utf8)
        let error = #expect(throws: HistoryError.self) {
            _ = try SQLiteHistory(path: folder + "/blocker/history.sqlite")
        }
        #expect(error?.message.contains("blocker/history.sqlite") == true)
        #expect(error?.message.contains("cannot be opened") == true)
    }
}

/// The ranges a batch was asked to make, from whichever thread asked.
final class AskedRanges: @unchecked Sendable {
    private let lock = NSLock()
    private var ranges: [Range<Int>] = []

    func add(_ range: Range<Int>) { lock.withLock { ranges.append(range) } }
    var all: [Range<Int>] { lock.withLock { ranges } }
}
