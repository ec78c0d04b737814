import DeadboltCore
import DeadboltHistory
import Foundation
import GRDB
import TestSupport
import Testing

/// The SQLite store's write-ahead log: a run's commit only appends to it, the next writer folds it
/// back, and it never grows run after run.
@Suite("The SQLite log")
struct SQLiteLogTests {
    let folder: String
    var path: String { folder + "/history.sqlite" }

    init() throws { folder = try TemporaryFolder.make(prefix: "deadbolt-sqlite-log") }

    func run(_ index: Int, records count: Int = 2_000) -> [EvalRecord] {
        (0..<count).map { number in
            var record = sampleRecord(
                dataset: "echo", caseID: "case-\(number)", at: Int64(1_000_000 * index + number), run: "run-\(index)")
            record.inputsKey = record.computedInputsKey()
            return record
        }
    }

    func logBytes() -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? Int) ?? 0
    }

    @Test("a closed store leaves its last run in the log, and a new process reads it from there")
    func lastRunStaysInTheLog() async throws {
        let store = try SQLiteHistory(path: path)
        try await store.record(run(0, records: 50))
        await store.close()
        #expect(logBytes() > 0, "closing does not fold the log back: that costs the run two waits for the disk")
        let reader = try SQLiteHistory(path: path)
        #expect(try await reader.records(RecordFilter()).count == 50)
        await reader.close()
    }

    @Test("the next writer folds the log back, so it does not grow run after run")
    func logStaysBounded() async throws {
        var sizes: [Int] = []
        let runs = 8
        for index in 0..<runs {
            let store = try SQLiteHistory(path: path)
            await store.foldLog()
            try await store.record(run(index))
            await store.close()
            sizes.append(logBytes())
        }
        // Each run's log holds that run's pages; without folding, eight runs leave eight runs'
        // pages in it.
        #expect(sizes.suffix(4).max()! <= sizes.prefix(4).max()! * 5 / 4, "log sizes after each run: \(sizes)")
        let reader = try SQLiteHistory(path: path)
        #expect(try await reader.records(RecordFilter()).count == runs * 2_000)
        await reader.close()
    }

    @Test("a case's timeline and its newest record read across epochs of the case index")
    func timelineAcrossEpochs() async throws {
        // 3 runs of 6,000 records: ids 1...18,000, epochs 0 and 1 (10,000 ids each).
        for index in 0..<3 {
            let store = try SQLiteHistory(path: path)
            try await store.record(run(index, records: 6_000))
            await store.close()
        }
        let reader = try SQLiteHistory(path: path)
        let timeline = try await reader.records(RecordFilter(caseIDs: ["case-7", "case-5999"]))
        let newest = try await reader.records(RecordFilter(caseIDs: ["case-7"], limit: 1))
        await reader.close()
        #expect(timeline.map(\.runID) == ["run-0", "run-0", "run-1", "run-1", "run-2", "run-2"])
        #expect(timeline.map(\.caseID) == ["case-7", "case-5999", "case-7", "case-5999", "case-7", "case-5999"])
        #expect(newest.map(\.runID) == ["run-2"])
        let plan = try await DatabaseQueue(path: path).read { db in
            try Row.fetchAll(
                db,
                sql: "EXPLAIN QUERY PLAN SELECT id FROM eval_records WHERE id / 10000 IN (0, 1) AND case_id = 'case-7'"
            ).map { $0["detail"] as String? ?? "" }
        }
        #expect(plan.joined().contains("eval_records_case_epoch"), "\(plan)")
    }

    @Test("migration 5 moves the recent table's records into eval_records, ids and all, and drops it")
    func recentTableIsFoldedIn() async throws {
        let first = try SQLiteHistory(path: path)
        try await first.record(run(0, records: 30))
        await first.close()
        // Put the store back as migration 4 left it, with records 16...30 still waiting.
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "DROP VIEW eval_records_all")
            try db.execute(sql: "CREATE TABLE eval_records_recent AS SELECT * FROM eval_records WHERE 0")
            try db.execute(sql: "INSERT INTO eval_records_recent SELECT * FROM eval_records WHERE id > 15")
            try db.execute(sql: "DELETE FROM eval_records WHERE id > 15")
            try db.execute(
                sql: "CREATE VIEW eval_records_all AS SELECT * FROM eval_records "
                    + "UNION ALL SELECT * FROM eval_records_recent")
            try db.execute(sql: "DROP INDEX eval_records_case_epoch")
            try db.execute(sql: "CREATE INDEX eval_records_case ON eval_records (case_id, recorded_at_ms)")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v5 case index by epoch'")
        }
        #expect(try count("eval_records") == 15)
        let second = try SQLiteHistory(path: path)
        let case20 = try await second.records(RecordFilter(caseIDs: ["case-20"]))
        await second.close()
        #expect(case20.map(\.caseID) == ["case-20"])
        #expect(try count("eval_records") == 30)
        #expect(try allIDs() == Array(1...30))
        let tables = try await queue.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE name LIKE 'eval_records%' ORDER BY name")
        }
        #expect(
            tables == [
                "eval_records", "eval_records_all", "eval_records_case_epoch", "eval_records_commit",
                "eval_records_time",
            ])
        try queue.close()
    }

    @Test("migration 6 keeps every key's counts in a tally without rowid")
    func tallyWithoutRowIDKeepsItsCounts() async throws {
        let first = try SQLiteHistory(path: path)
        var records = run(0, records: 5)
        records[1].status = .failed
        try await first.record(records + records)
        let keys = records.map(\.inputsKey)
        let before = try await first.outcomes(inputsKeys: keys)
        await first.close()
        #expect(before[keys[1]] == Outcomes(passed: 0, failed: 2))
        // Put the tally back as migration 2 made it: a table with a rowid.
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "ALTER TABLE eval_outcomes RENAME TO keyed")
            try db.execute(
                sql: "CREATE TABLE eval_outcomes (inputs_key TEXT PRIMARY KEY, passed INTEGER NOT NULL, "
                    + "failed INTEGER NOT NULL)")
            try db.execute(sql: "INSERT INTO eval_outcomes SELECT * FROM keyed")
            try db.execute(sql: "DROP TABLE keyed")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v6 tally without rowid'")
        }
        func definition() async throws -> String {
            try await queue.read { db in
                try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'eval_outcomes'") ?? ""
            }
        }
        #expect(try await !definition().contains("WITHOUT ROWID"))
        let second = try SQLiteHistory(path: path)
        try await second.record(records)
        let after = try await second.outcomes(inputsKeys: keys)
        await second.close()
        #expect(try await definition().contains("WITHOUT ROWID"))
        #expect(after[keys[1]] == Outcomes(passed: 0, failed: 3))
        #expect(after[keys[0]] == Outcomes(passed: 3, failed: 0))
        #expect(after.count == 5)
        try queue.close()
    }

    @Test("eight stores writing at once lose no record and give no id twice")
    func concurrentWriters() async throws {
        // Made first, so that the eight do not race to create the file.
        await (try SQLiteHistory(path: path)).close()
        let path = path
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    for round in 0..<3 {
                        let store = try SQLiteHistory(path: path)
                        await store.foldLog()
                        try await store.record(
                            (0..<20).map { number in
                                sampleRecord(
                                    dataset: "echo", caseID: "case-\(writer)-\(round)-\(number)",
                                    at: Int64(1_000 * round + number), run: "run-\(writer)-\(round)")
                            })
                        await store.close()
                    }
                }
            }
            try await group.waitForAll()
        }
        let ids = try allIDs()
        #expect(ids == Array(1...480))
        let reader = try SQLiteHistory(path: path)
        #expect(Set(try await reader.records(RecordFilter()).map(\.caseID)).count == 480)
        await reader.close()
    }

    func allIDs() throws -> [Int64] {
        try DatabaseQueue(path: path).read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM eval_records_all ORDER BY id")
        }
    }

    func count(_ table: String) throws -> Int {
        try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? -1 }
    }

    @Test("migration 3 drops the inputs index a store made before it still has")
    func inputsIndexIsDropped() async throws {
        let first = try SQLiteHistory(path: path)
        await first.close()
        // Put the store back as migrations 1 and 2 left it.
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "CREATE INDEX eval_records_inputs ON eval_records (inputs_key)")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v3 no inputs index'")
        }
        func indexes() async throws -> [String] {
            try await queue.read { db in
                try String.fetchAll(
                    db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'eval_records'")
            }
        }
        #expect(try await indexes().contains("eval_records_inputs"))
        let second = try SQLiteHistory(path: path)
        await second.close()
        #expect(
            try await indexes().sorted() == ["eval_records_case_epoch", "eval_records_commit", "eval_records_time"])
        try queue.close()
    }

    @Test("text with quotes, newlines and non-ASCII letters reads back whole (NULs are made ␀ before)")
    func awkwardTextRoundTrips() async throws {
        let store = try SQLiteHistory(path: path)
        var record = sampleRecord(dataset: "echo")
        record.output = "before\nafter — «ok» 'quoted' \"double\" ✓ 🚀 ␀"
        record.category = ""
        record.inputsKey = record.computedInputsKey()
        try await store.record([record])
        #expect(try await store.records(RecordFilter()) == [record])
        await store.close()
    }
}
