import DeadboltCore
import Foundation
import GRDB

/// Eval records in an SQLite file (WAL mode, so readers never wait and writers queue).
public final class SQLiteHistory: HistoryStore {
    let pool: DatabasePool
    let name: String

    static let types = ["text": "TEXT", "integer": "INTEGER", "real": "REAL", "key": "INTEGER PRIMARY KEY"]

    /// Opens (creating it and its folder when missing) the store at `path`, migrated to the current schema.
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
            // WAL with synchronous=NORMAL: a crash or power loss can lose the last run's records,
            // never corrupt the file, and a commit does not wait for the disk.
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw HistoryError(
                store: name, "cannot be opened: \(Self.describe(error))",
                hint: "check that the folder is writable, or set history: {url: off}")
        }
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
        return migrator
    }

    public func record(_ records: [EvalRecord]) async throws(HistoryError) { try recordNow(records) }

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

    func recordNow(_ records: [EvalRecord]) throws(HistoryError) {
        guard !records.isEmpty else { return }
        let marks = Array(repeating: "?", count: RecordColumns.columns.count).joined(separator: ", ")
        let sql = "INSERT INTO eval_records (\(RecordColumns.names)) VALUES (\(marks))"
        do {
            try pool.write { db in
                let statement = try db.cachedStatement(sql: sql)
                for record in records {
                    try statement.execute(arguments: StatementArguments(RecordColumns.row(record).map(Self.value)))
                }
                for upsert in RecordColumns.outcomeUpserts(records, placeholder: { _ in "?" }) {
                    try db.execute(sql: upsert.sql, arguments: StatementArguments(upsert.arguments.map(Self.value)))
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
                    let cursor = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(some + datasets))
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
        let (clause, arguments) = RecordColumns.whereClause(filter) { _ in "?" }
        var sql = "SELECT \(RecordColumns.names) FROM eval_records\(clause) ORDER BY recorded_at_ms, id"
        if let limit = filter.limit {
            // The newest `limit`, still oldest first.
            sql =
                "SELECT * FROM (SELECT \(RecordColumns.names), id FROM eval_records\(clause) "
                + "ORDER BY recorded_at_ms DESC, id DESC LIMIT \(max(0, limit))) ORDER BY recorded_at_ms, id"
        }
        do {
            try pool.read { db in
                let cursor = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments.map(Self.value)))
                while let row = try cursor.next() {
                    let cells = RecordColumns.columns.indices.map { index -> Cell in
                        Self.cell(row[index] as DatabaseValue, kind: RecordColumns.columns[index].kind)
                    }
                    if let record = RecordColumns.record(cells) { try body(record) }
                }
            }
        } catch let error as HistoryError {
            throw error
        } catch {
            throw HistoryError(store: name, "cannot be read: \(Self.describe(error))")
        }
    }

    /// Folds the write-ahead log back into the file and empties it, then closes every connection.
    public func close() async { closeNow() }

    func closeNow() {
        // GRDB keeps the log file between connections; truncating it here keeps it from growing
        // run after run (it reached 190 MB in bench/history.sh, and every open replayed it).
        _ = try? pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        try? pool.close()
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
