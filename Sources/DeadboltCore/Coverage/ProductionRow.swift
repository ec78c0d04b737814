/// One production trace, summarised: what `deadbolt coverage` counts.
public struct ProductionRow: Sendable, Equatable {
    public var traceID: String?
    /// Milliseconds since 1970, when the row says.
    public var timeMs: Int64?
    /// The value of each slicing key, in the order of the keys; nil where the row has none.
    public var keys: [String?]
    public var outcome: String?
    /// The prompt version production ran, as it names it (`refund-v4`, a Langfuse version, a blob id).
    public var prompt: String?
    public var model: String?
    /// What the person wrote or asked (`coverage.fields.text`), read only for a bad trace.
    public var text: String?
    /// Where the row was read, for candidates and messages.
    public var path: String
    public var line: Int

    public init(
        traceID: String? = nil, timeMs: Int64? = nil, keys: [String?], outcome: String? = nil, prompt: String? = nil,
        model: String? = nil, text: String? = nil, path: String, line: Int
    ) {
        self.traceID = traceID
        self.timeMs = timeMs
        self.keys = keys
        self.outcome = outcome
        self.prompt = prompt
        self.model = model
        self.text = text
        self.path = path
        self.line = line
    }
}

/// How the fields of a production row become a ``ProductionRow``: the configured names, looked up in order.
public struct RowMapping: Sendable {
    public let keys: [CoverageConfig.Key]
    let config: CoverageConfig
    let judge: OutcomeJudge

    /// The mapping for slicing by `by` (the configured keys when empty).
    public init(config: CoverageConfig, by: [String] = []) {
        self.config = config
        judge = OutcomeJudge(config: config)
        keys = by.isEmpty ? config.keys : by.map(config.key(named:))
    }

    /// The row whose fields `field` looks up (a field's text, or nil when the row has none).
    /// A time that is there but not a time is an error naming the row.
    public func row(path: String, line: Int, _ field: (String) -> String?) throws(InputError) -> ProductionRow {
        func first(_ names: [String]) -> String? {
            for name in names {
                if let value = field(name), !value.isEmpty { return value }
            }
            return nil
        }
        var timeMs: Int64?
        if let text = first(config.time) {
            guard let ms = TimestampText.milliseconds(Substring(text)) else {
                throw InputError(
                    file: path, line: line,
                    "row \(line): `\(String(text.prefix(60)))` is not a time from 1970 to 2200",
                    hint: "write times as ISO 8601 (2026-11-03T10:04:05Z) or Unix seconds or milliseconds; "
                        + "name the field with coverage.fields.time")
            }
            timeMs = ms
        }
        let outcome = first(config.outcome).map { String($0.prefix(100)) }
        // The text only of a bad trace: the rest are never candidates, and most rows are not bad.
        let text =
            judge.judge(outcome).bad ? first(config.text).map { String($0.prefix(CoverageTally.textLimit)) } : nil
        return ProductionRow(
            traceID: first(config.traceID).map { String($0.prefix(200)) }, timeMs: timeMs,
            keys: keys.map { first($0.fields).map { String($0.prefix(200)) } }, outcome: outcome,
            prompt: first(config.prompt).map { String($0.prefix(200)) },
            model: first(config.model).map { String($0.prefix(200)) }, text: text, path: path, line: line)
    }
}
