import DeadboltCore

/// Opens the store a location names.
public enum HistoryStores {
    /// The store at `location`; nil for `off`. `sqlitePath` is the SQLite file's absolute path
    /// (the caller resolves the default and relative paths).
    public static func open(_ location: HistoryConfig.Location, sqlitePath: String?, environment: [String: String])
        async throws(HistoryError) -> (any HistoryStore)?
    {
        switch location {
        case .off: return nil
        case .sqlite:
            guard let sqlitePath else { throw HistoryError(store: "sqlite", "has no path") }
            return try SQLiteHistory(path: sqlitePath)
        case .postgres(let url): return try await PostgresHistory.open(url: url, environment: environment)
        }
    }
}
