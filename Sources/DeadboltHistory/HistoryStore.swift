import DeadboltCore

/// Where eval records are kept: an SQLite file or a PostgreSQL server, behind one interface.
public protocol HistoryStore: Sendable {
    /// Writes the records of `batch` in one transaction: all of them or none.
    func record(_ batch: RecordBatch) async throws(HistoryError)
    /// The status of every record of `datasets` at `commits`, for baselines; records made in a dirty
    /// work tree do not say how a commit behaves, so they are left out.
    func baselineRows(commits: [String], datasets: [String]) async throws(HistoryError) -> [BaselineRow]
    /// How often records of each inputs key passed and failed.
    func outcomes(inputsKeys: [String]) async throws(HistoryError) -> [String: Outcomes]
    /// The records `filter` selects, oldest first.
    func records(_ filter: RecordFilter) async throws(HistoryError) -> [EvalRecord]
    /// Every record `filter` selects, oldest first, one at a time (an export of millions).
    func eachRecord(_ filter: RecordFilter, _ body: (EvalRecord) throws -> Void) async throws(HistoryError)
    /// Tidies what earlier runs left before this one writes (SQLite folds its log back into the
    /// file); a server has nothing to do.
    func foldLog() async
    /// Lets go of the file or the connection.
    func close() async
}

extension HistoryStore {
    public func foldLog() async {}

    /// Writes `records` in one transaction: all of them or none.
    public func record(_ records: [EvalRecord]) async throws(HistoryError) { try await record(RecordBatch(records)) }
}

/// A store that cannot be opened, written or read.
public struct HistoryError: Diagnostic, Equatable {
    /// The store as a person names it, without a password.
    public var store: String
    public var message: String
    public var hint: String?

    public init(store: String, _ message: String, hint: String? = nil) {
        self.store = store
        self.message = "history \(store): \(message)"
        self.hint = hint
    }
}
