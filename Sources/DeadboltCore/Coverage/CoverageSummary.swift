/// What `deadbolt coverage` read, besides the slices: the rows, the window, the cases and records, and
/// what could not be read.
public struct CoverageSummary: Sendable {
    public var keys: [String]
    public var rows: Int
    public var counted: Int
    public var outside: Int
    public var undated: Int
    public var firstMs: Int64?
    public var lastMs: Int64?
    public var sinceMs: Int64?
    public var untilMs: Int64?
    public var cases: Int
    public var records: Int
    public var store: String
    public var warnings: [String]
    /// Trace exports read; a candidate from one of them captures from it.
    public var traceFiles: [String]
    /// Whether the charts over time left days out (``CoverageTally/dayLimit``).
    public var daysDropped = false

    public init(
        keys: [String], rows: Int, counted: Int, outside: Int, undated: Int, firstMs: Int64?, lastMs: Int64?,
        sinceMs: Int64?, untilMs: Int64?, cases: Int, records: Int, store: String, warnings: [String],
        traceFiles: [String]
    ) {
        self.keys = keys
        self.rows = rows
        self.counted = counted
        self.outside = outside
        self.undated = undated
        self.firstMs = firstMs
        self.lastMs = lastMs
        self.sinceMs = sinceMs
        self.untilMs = untilMs
        self.cases = cases
        self.records = records
        self.store = store
        self.warnings = warnings
        self.traceFiles = traceFiles
    }
}
