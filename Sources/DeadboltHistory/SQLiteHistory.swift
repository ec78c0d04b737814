import CSQLite
import DeadboltCore
import Foundation
import GRDB

/// Eval records in an SQLite file (WAL mode, so readers never wait and writers queue).
public final class SQLiteHistory: HistoryStore {
    let pool: DatabasePool
    let name: String

    static let types = ["text": "TEXT", "integer": "INTEGER", "real": "REAL", "key": "INTEGER PRIMARY KEY"]
    /// The most bytes the log keeps on disk once it has been folded back (a run of 2,000 records
    /// writes about 2.5 MB to it; migration 5 on a history of a million, far more).
    static let logLimit = 32 * 1024 * 1024

    /// Opens (creating it and its folder when missing) the store at `path`, migrated to the
    /// current schema.
    public init(path: String) throws(HistoryError) {
        name = "sqlite:\(path)"
        let folder = (path as NSString).deletingLastPathComponent
        do {
            if !folder.isEmpty {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            var configuration = Configuration()
            // Eight processes writing at once wait for each other instead of failing.
            configuration.busyMode = .timeout(30)
            configuration.label = "deadbolt-history"
            configuration.prepareDatabase { db in
                // WAL with synchronous=NORMAL: a crash or power loss can lose the last run's
                // records, never corrupt the file, and a commit does not wait for the disk.
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                // A run's commit only appends to the log; folding the log into the file (a
                // checkpoint, with two waits for the disk) is left to the next writer's open,
                // see ``foldLog()``, which runs while that run's cases do.
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
                try db.execute(sql: "PRAGMA journal_size_limit = \(Self.logLimit)")
                let kept = deadbolt_sqlite_keep_log_at_close(db.sqliteConnection)
                if kept != 0 { throw DatabaseError(resultCode: ResultCode(rawValue: kept)) }
            }
            pool = try Self.opened(path, configuration)
        } catch {
            throw HistoryError(
                store: name, "cannot be opened: \(Self.describe(error))",
                hint: "check that the folder is writable, or set history: {url: off}")
        }
    }

    /// The pool at `path`, migrated. Processes opening a new store at once race twice without a
    /// busy wait: switching the file to WAL can answer "database is locked", and GRDB reads which
    /// migrations are applied before it takes the write lock, so two can start the same migration
    /// and the later fails on `grdb_migrations` (rolling back). Every migration is safe to start
    /// again, so both are retried, with a growing pause, while no other process completed them
    /// (HistoryCommandTests: eight processes recording into a new store at once).
    static func opened(_ path: String, _ configuration: Configuration) throws -> DatabasePool {
        let attempts = 10
        for attempt in 1...attempts {
            var pool: DatabasePool?
            do {
                let opened = try DatabasePool(path: path, configuration: configuration)
                pool = opened
                try migrator.migrate(opened)
                return opened
            } catch {
                if let pool, (try? pool.read({ db in try migrator.hasCompletedMigrations(db) })) == true {
                    return pool
                }
                try? pool?.close()
                if attempt == attempts { throw error }
                usleep(useconds_t(20_000 * attempt))
            }
        }
        throw DatabaseError(resultCode: .SQLITE_BUSY)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 eval_records") { db in
            try db.execute(sql: RecordColumns.createTable(types: types))
            for index in RecordColumns.createIndexes() { try db.execute(sql: index) }
        }
        migrator.registerMigration("v2 eval_outcomes") { db in
            for statement in RecordColumns.createOutcomes(integer: "INTEGER") { try db.execute(sql: statement) }
        }
        migrator.registerMigration("v3 no inputs index") { db in try db.execute(sql: RecordColumns.dropInputsIndex) }
        migrator.registerMigration("v4 recent records") { db in
            for statement in RecordColumns.createRecent(types: types) { try db.execute(sql: statement) }
        }
        migrator.registerMigration("v5 case index by epoch") { db in
            for statement in RecordColumns.caseEpochs { try db.execute(sql: statement) }
        }
        migrator.registerMigration("v6 tally without rowid") { db in
            for statement in RecordColumns.outcomesWithoutRowID { try db.execute(sql: statement) }
        }
        return migrator
    }

    public func record(_ batch: RecordBatch) async throws(HistoryError) { try recordNow(batch) }

    public func baselineRows(commits: [String], datasets: [String]) async throws(HistoryError) -> [BaselineRow] {
        try baselineRowsNow(commits: commits, datasets: datasets)
    }

    public func outcomes(inputsKeys: [String]) async throws(HistoryError) -> [String: Outcomes] {
        try outcomesNow(inputsKeys: inputsKeys)
    }

    public func eachRecord(_ filter: RecordFilter, _ body: (EvalRecord) throws -> Void) async throws(HistoryError) {
        try eachRecordNow(filter, body)
    }

    // GRDB's blocking calls, from plain functions, so that no async overload is chosen.

    /// Writes the records of `batch` to `eval_records` in one transaction, and adds their passes
    /// and failures to the tally. The records and their rows are made on another thread while
    /// this one inserts (``RowPipeline``). The case index is by epoch (``RecordColumns/caseEpoch``),
    /// so the run's entries land on a few dozen index pages however long the history is.
    func recordNow(_ batch: RecordBatch) throws(HistoryError) {
        guard batch.parts > 0 else { return }
        let marks = Array(repeating: "?", count: RecordColumns.columns.count).joined(separator: ", ")
        let sql = "INSERT INTO eval_records (\(RecordColumns.names)) VALUES (\(marks))"
        let pipeline = RowPipeline(batch)
        do {
            try pool.write { db in
                // Bound through SQLite itself: GRDB's arguments box each of the 42 values a row.
                let statement = try db.makeStatement(sql: sql)
                try withExtendedLifetime(statement) {
                    var previous: [Cell] = []
                    for chunk in 0..<pipeline.chunks {
                        for row in pipeline.rows(chunk) {
                            try Self.insert(row, changedFrom: previous, with: statement.sqliteStatement, in: db)
                            previous = row
                        }
                    }
                }
                // One statement prepared once: parsing 500 rows of VALUES at a time cost as much as
                // writing the records (bench/history.sh).
                let upsert = try db.makeStatement(sql: RecordColumns.outcomeUpsert)
                try withExtendedLifetime(upsert) {
                    for (key, outcomes) in pipeline.outcomeCounts() {
                        try Self.insert(
                            [.text(key), .integer(Int64(outcomes.passed)), .integer(Int64(outcomes.failed))],
                            changedFrom: [], with: upsert.sqliteStatement, in: db)
                    }
                }
            }
        } catch {
            throw HistoryError(store: name, "cannot be written: \(Self.describe(error))")
        }
    }

    func baselineRowsNow(commits: [String], datasets: [String]) throws(HistoryError) -> [BaselineRow] {
        guard !commits.isEmpty, !datasets.isEmpty else { return [] }
        var rows: [BaselineRow] = []
        // SQLite takes up to 32,766 arguments; batches keep far below it.
        for batch in stride(from: 0, to: commits.count, by: 200) {
            let some = Array(commits[batch..<min(batch + 200, commits.count)])
            let sql =
                "SELECT dataset, case_id, git_commit, run_id, recorded_at_ms, status FROM eval_records "
                + "WHERE git_commit IN (\(marks(some.count))) AND dataset IN (\(marks(datasets.count))) AND dirty = 0"
            do {
                try pool.read { db in
                    let cursor = try Row.fetchCursor(
                        db, sql: sql, arguments: StatementArguments(some + datasets))
                    while let row = try cursor.next() {
                        guard let status = CaseStatus(rawValue: row[5] as String? ?? "") else { continue }
                        rows.append(
                            BaselineRow(
                                dataset: row[0], caseID: row[1], commit: row[2], runID: row[3], recordedAtMs: row[4],
                                status: status))
                    }
                }
            } catch {
                throw HistoryError(store: name, "cannot be read: \(Self.describe(error))")
            }
        }
        return rows
    }

    func outcomesNow(inputsKeys: [String]) throws(HistoryError) -> [String: Outcomes] {
        var result: [String: Outcomes] = [:]
        for batch in stride(from: 0, to: inputsKeys.count, by: 500) {
            let some = Array(inputsKeys[batch..<min(batch + 500, inputsKeys.count)])
            let sql = "SELECT inputs_key, passed, failed FROM eval_outcomes WHERE inputs_key IN (\(marks(some.count)))"
            do {
                try pool.read { db in
                    let cursor = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(some))
                    while let row = try cursor.next() {
                        result[row[0]] = Outcomes(passed: row[1], failed: row[2])
                    }
                }
            } catch {
                throw HistoryError(store: name, "cannot be read: \(Self.describe(error))")
            }
        }
        return result
    }

    public func records(_ filter: RecordFilter) async throws(HistoryError) -> [EvalRecord] {
        var all: [EvalRecord] = []
        try await eachRecord(filter) { all.append($0) }
        return all
    }

    func eachRecordNow(_ filter: RecordFilter, _ body: (EvalRecord) throws -> Void) throws(HistoryError) {
        let (columns, names) = RecordColumns.selected(filter)
        do {
            try pool.read { db in
                // A case's records are found through the case index by epoch: one seek per epoch.
                var leading: [String] = []
                if !filter.caseIDs.isEmpty {
                    let last = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM eval_records") ?? 0
                    leading.append(RecordColumns.epochCondition(lastID: last))
                }
                let (clause, arguments) = RecordColumns.whereClause(filter, leading: leading) { _ in "?" }
                var sql = "SELECT \(names), id FROM eval_records\(clause) ORDER BY recorded_at_ms, id"
                if let limit = filter.limit {
                    // The newest `limit`, still oldest first.
                    sql =
                        "SELECT * FROM (SELECT \(names), id FROM eval_records\(clause) "
                        + "ORDER BY recorded_at_ms DESC, id DESC LIMIT \(max(0, limit))) ORDER BY recorded_at_ms, id"
                }
                let cursor = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments.map(Self.value)))
                while let row = try cursor.next() {
                    let cells = columns.indices.map { index -> Cell in
                        Self.cell(row[index] as DatabaseValue, kind: columns[index].kind)
                    }
                    if let record = RecordColumns.record(cells, filter) { try body(record) }
                }
            }
        } catch let error as HistoryError {
            throw error
        } catch {
            throw HistoryError(store: name, "cannot be read: \(Self.describe(error))")
        }
    }

    /// Closes every connection. The write-ahead log stays (see ``foldLog()``): the records of the
    /// last run are in it, and SQLite reads them from there until a checkpoint moves them.
    public func close() async { closeNow() }

    func closeNow() { try? pool.close() }

    /// Folds the log the last run left back into the file, as far as no reader holds it, so that
    /// it never grows run after run (it reached 190 MB in bench/history.sh when nothing folded it,
    /// and every open replayed it). Passive: it never waits for another process.
    public func foldLog() async { foldLogNow() }

    func foldLogNow() {
        _ = try? pool.writeWithoutTransaction { db in try db.checkpoint(.passive) }
    }

    /// Binds `row` to the prepared statement and runs it. Bindings outlive a reset, so a value
    /// equal to the one in the same column of `previous` (the row bound last) is not bound again:
    /// the run's facts, and a case's keys across its repetitions, are bound once.
    static func insert(
        _ row: [Cell], changedFrom previous: [Cell], with statement: SQLiteStatement, in db: Database
    ) throws {
        var code = SQLITE_OK
        let compare = previous.count == row.count
        for (offset, cell) in row.enumerated() where code == SQLITE_OK {
            if compare, previous[offset] == cell { continue }
            let index = Int32(offset) + 1
            switch cell {
            case .text(let text?):
                code =
                    text.utf8.withContiguousStorageIfAvailable { bytes in
                        bytes.withMemoryRebound(to: CChar.self) { chars in
                            deadbolt_sqlite_bind_text(statement, index, chars.baseAddress, Int32(chars.count))
                        }
                    } ?? deadbolt_sqlite_bind_text(statement, index, text, -1)
            case .integer(let number?): code = sqlite3_bind_int64(statement, index, number)
            case .real(let number?): code = sqlite3_bind_double(statement, index, number)
            case .text(nil), .integer(nil), .real(nil): code = sqlite3_bind_null(statement, index)
            }
        }
        if code == SQLITE_OK {
            code = sqlite3_step(statement)
            if code == SQLITE_DONE { code = SQLITE_OK }
        }
        sqlite3_reset(statement)
        if code != SQLITE_OK {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage)
        }
    }

    func marks(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ", ") }

    static func value(_ cell: Cell) -> (any DatabaseValueConvertible)? {
        switch cell {
        case .text(let value): return value
        case .integer(let value): return value
        case .real(let value): return value
        }
    }

    static func cell(_ value: DatabaseValue, kind: String) -> Cell {
        switch (value.storage, kind) {
        case (.string(let text), "text"): return .text(text)
        case (.int64(let number), "integer"): return .integer(number)
        case (.int64(let number), "real"): return .real(Double(number))
        case (.double(let number), "real"): return .real(number)
        case (_, "integer"): return .integer(nil)
        case (_, "real"): return .real(nil)
        default: return .text(nil)
        }
    }

    /// An SQLite error without GRDB's SQL echo.
    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "SQLite error \(error.resultCode.rawValue)" }
        return (error as NSError).localizedDescription
    }
}
