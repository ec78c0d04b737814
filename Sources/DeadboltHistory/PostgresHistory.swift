import DeadboltCore
import Foundation
import Logging
import NIOSSL
import PostgresNIO

/// Eval records on a PostgreSQL server, so that CI shards and every developer write to one place.
public final class PostgresHistory: HistoryStore {
    let connection: PostgresConnection
    let name: String
    let logger = Logger(label: "deadbolt.history") { _ in SwiftLogNoOpLogHandler() }

    static let types = [
        "text": "TEXT", "integer": "BIGINT", "real": "DOUBLE PRECISION", "key": "BIGSERIAL PRIMARY KEY",
    ]
    /// Postgres takes at most 65,535 arguments a statement: 41 columns × 1,000 rows stays under it.
    static let rowsPerInsert = 1_000
    /// Serialises migrations between processes that open a new database at the same moment.
    static let migrationLock: Int64 = 0x6465_6164_626f_6c74

    init(connection: PostgresConnection, name: String) {
        self.connection = connection
        self.name = name
    }

    /// Connects to `url` (`postgres://USER:PASSWORD@HOST:PORT/DB?sslmode=disable|prefer|require|verify-full`;
    /// the password may come from `PGPASSWORD`) and migrates it to the current schema.
    public static func open(url: String, environment: [String: String]) async throws(HistoryError) -> PostgresHistory {
        let shown = SecretText.withoutPassword(url)
        let settings = try ConnectionURL.parse(url, environment: environment, shown: shown)
        var configuration = PostgresConnection.Configuration(
            host: settings.host, port: settings.port, username: settings.user, password: settings.password,
            database: settings.database, tls: .disable)
        do {
            configuration.tls = try settings.tls()
        } catch {
            throw HistoryError(store: shown, "cannot set up TLS: \(error)")
        }
        configuration.options.connectTimeout = .seconds(5)
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: configuration, id: 1,
                logger: Logger(label: "deadbolt.history") { _ in
                    SwiftLogNoOpLogHandler()
                })
        } catch {
            throw HistoryError(
                store: shown, "cannot be reached: \(describe(error))",
                hint: "check that the server is up and the URL is right, or set history: {url: off}")
        }
        let store = PostgresHistory(connection: connection, name: shown)
        do {
            try await store.migrate()
        } catch {
            await store.close()
            throw HistoryError(store: shown, "cannot be migrated: \(describe(error))")
        }
        return store
    }

    /// Each migration once, in order, under an advisory lock.
    func migrate() async throws {
        let migrations: [(Int, [String])] = [
            (1, [RecordColumns.createTable(types: Self.types)] + RecordColumns.createIndexes()),
            (2, RecordColumns.createOutcomes(integer: "BIGINT")),
            (3, [RecordColumns.dropInputsIndex]),
        ]
        try await connection.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.migrationLock))", logger: logger)
            try await connection.query(
                PostgresQuery(
                    unsafeSQL: "CREATE TABLE IF NOT EXISTS deadbolt_migrations (version INTEGER PRIMARY KEY, "
                        + "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"), logger: logger)
            var applied = 0
            for try await (version) in try await connection.query(
                "SELECT COALESCE(MAX(version), 0) FROM deadbolt_migrations", logger: logger
            ).decode(Int.self) {
                applied = version
            }
            for (version, statements) in migrations where version > applied {
                for statement in statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO deadbolt_migrations (version) VALUES (\(version))", logger: logger)
            }
        }
    }

    public func record(_ batch: RecordBatch) async throws(HistoryError) {
        let records = batch.all
        guard !records.isEmpty else { return }
        do {
            try await connection.withTransaction(logger: logger) { connection in
                for start in stride(from: 0, to: records.count, by: Self.rowsPerInsert) {
                    let batch = records[start..<min(start + Self.rowsPerInsert, records.count)]
                    var bindings = PostgresBindings(capacity: batch.count * RecordColumns.columns.count)
                    var rows: [String] = []
                    for record in batch {
                        var marks: [String] = []
                        for cell in RecordColumns.row(record) {
                            Self.bind(cell, into: &bindings)
                            marks.append("$\(bindings.count)")
                        }
                        rows.append("(" + marks.joined(separator: ", ") + ")")
                    }
                    let sql = "INSERT INTO eval_records (\(RecordColumns.names)) VALUES " + rows.joined(separator: ", ")
                    try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
                }
                for upsert in RecordColumns.outcomeUpserts(records, placeholder: { "$\($0)" }) {
                    var bindings = PostgresBindings()
                    for argument in upsert.arguments { Self.bind(argument, into: &bindings) }
                    try await connection.query(PostgresQuery(unsafeSQL: upsert.sql, binds: bindings), logger: logger)
                }
            }
        } catch {
            throw HistoryError(store: name, "cannot be written: \(Self.describe(error))")
        }
    }

    public func baselineRows(commits: [String], datasets: [String]) async throws(HistoryError) -> [BaselineRow] {
        guard !commits.isEmpty, !datasets.isEmpty else { return [] }
        var bindings = PostgresBindings()
        bindings.append(commits)
        bindings.append(datasets)
        let sql =
            "SELECT dataset, case_id, git_commit, run_id, recorded_at_ms, status FROM eval_records "
            + "WHERE git_commit = ANY($1) AND dataset = ANY($2) AND dirty = 0"
        var rows: [BaselineRow] = []
        do {
            let result = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
            for try await (dataset, caseID, commit, runID, at, status) in result.decode(
                (String, String, String, String, Int64, String).self)
            {
                guard let status = CaseStatus(rawValue: status) else { continue }
                rows.append(
                    BaselineRow(
                        dataset: dataset, caseID: caseID, commit: commit, runID: runID, recordedAtMs: at, status: status
                    ))
            }
        } catch {
            throw HistoryError(store: name, "cannot be read: \(Self.describe(error))")
        }
        return rows
    }

    public func outcomes(inputsKeys: [String]) async throws(HistoryError) -> [String: Outcomes] {
        guard !inputsKeys.isEmpty else { return [:] }
        var bindings = PostgresBindings()
        bindings.append(inputsKeys)
        let sql = "SELECT inputs_key, passed, failed FROM eval_outcomes WHERE inputs_key = ANY($1)"
        var result: [String: Outcomes] = [:]
        do {
            let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
            for try await (key, passed, failed) in rows.decode((String, Int64, Int64).self) {
                result[key] = Outcomes(passed: Int(passed), failed: Int(failed))
            }
        } catch {
            throw HistoryError(store: name, "cannot be read: \(Self.describe(error))")
        }
        return result
    }

    public func records(_ filter: RecordFilter) async throws(HistoryError) -> [EvalRecord] {
        var all: [EvalRecord] = []
        try await eachRecord(filter) { all.append($0) }
        return all
    }

    public func eachRecord(_ filter: RecordFilter, _ body: (EvalRecord) throws -> Void) async throws(HistoryError) {
        let (clause, arguments) = RecordColumns.whereClause(filter) { "$\($0)" }
        var bindings = PostgresBindings()
        for argument in arguments { Self.bind(argument, into: &bindings) }
        let (columns, names) = RecordColumns.selected(filter)
        var sql = "SELECT \(names) FROM eval_records\(clause) ORDER BY recorded_at_ms, id"
        if let limit = filter.limit {
            sql =
                "SELECT \(names) FROM (SELECT *, id AS row_id FROM eval_records\(clause) "
                + "ORDER BY recorded_at_ms DESC, id DESC LIMIT \(max(0, limit))) newest ORDER BY recorded_at_ms, row_id"
        }
        do {
            let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
            for try await row in rows {
                var cells: [Cell] = []
                cells.reserveCapacity(columns.count)
                for (index, cell) in row.enumerated() {
                    switch columns[index].kind {
                    case "integer": cells.append(.integer(try cell.decode(Int64?.self)))
                    case "real": cells.append(.real(try cell.decode(Double?.self)))
                    default: cells.append(.text(try cell.decode(String?.self)))
                    }
                }
                if let record = RecordColumns.record(cells, filter) { try body(record) }
            }
        } catch let error as HistoryError {
            throw error
        } catch {
            throw HistoryError(store: name, "cannot be read: \(Self.describe(error))")
        }
    }

    public func close() async { try? await connection.close() }

    static func bind(_ cell: Cell, into bindings: inout PostgresBindings) {
        switch cell {
        case .text(let value): bindings.append(value)
        case .integer(let value): bindings.append(value)
        case .real(let value): bindings.append(value)
        }
    }

    /// What went wrong, from the server's own message when there is one; never the password.
    static func describe(_ error: any Error) -> String {
        if let error = error as? PostgresTransactionError {
            if let inner = error.closureError ?? error.commitError ?? error.beginError { return describe(inner) }
        }
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            if let underlying = error.underlying { return "\(error.code): \(underlying)" }
            return "\(error.code)"
        }
        return "\(error)"
    }
}

/// A `postgres://` URL taken apart.
struct ConnectionURL {
    var host: String
    var port: Int
    var user: String
    var password: String?
    var database: String?
    var sslMode: String

    static func parse(_ url: String, environment: [String: String], shown: String) throws(HistoryError)
        -> ConnectionURL
    {
        guard let parts = URLComponents(string: url), let host = parts.host, !host.isEmpty else {
            throw HistoryError(
                store: shown, "is not a PostgreSQL URL", hint: "use postgres://USER:PASSWORD@HOST:PORT/DATABASE")
        }
        let port = parts.port ?? 5432
        guard (1...65_535).contains(port) else {
            throw HistoryError(store: shown, "port \(port) is not in 1…65535")
        }
        let path = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        let mode = parts.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        guard ["disable", "prefer", "require", "verify-full"].contains(mode) else {
            throw HistoryError(store: shown, "sslmode=\(mode) is not disable, prefer, require or verify-full")
        }
        return ConnectionURL(
            host: host, port: port, user: parts.user ?? environment["PGUSER"] ?? environment["USER"] ?? "postgres",
            password: parts.password ?? environment["PGPASSWORD"], database: path.isEmpty ? nil : path,
            sslMode: mode)
    }

    /// libpq's meaning: `prefer` and `require` encrypt without checking the certificate, `verify-full` checks it.
    func tls() throws -> PostgresConnection.Configuration.TLS {
        if sslMode == "disable" { return .disable }
        var configuration = TLSConfiguration.makeClientConfiguration()
        if sslMode != "verify-full" { configuration.certificateVerification = .none }
        let context = try NIOSSLContext(configuration: configuration)
        return sslMode == "prefer" ? .prefer(context) : .require(context)
    }
}
