import DeadboltCore

/// One value of a record's row, typed as both stores keep it.
enum Cell: Equatable {
    case text(String?)
    case integer(Int64?)
    case real(Double?)

    var text: String? { if case .text(let value) = self { return value } else { return nil } }
    var integer: Int64? { if case .integer(let value) = self { return value } else { return nil } }
    var real: Double? { if case .real(let value) = self { return value } else { return nil } }
}

/// The `eval_records` table: its columns in order, and a record as a row and back.
enum RecordColumns {
    /// Column name, its kind (`text`, `integer`, `real`) and whether it may be null.
    static let columns: [(name: String, kind: String, nullable: Bool)] = [
        ("run_id", "text", false), ("recorded_at_ms", "integer", false), ("gate", "text", false),
        ("tier", "text", false), ("dataset", "text", false), ("dataset_version", "integer", false),
        ("case_id", "text", false), ("case_hash", "text", false), ("category", "text", true),
        ("bug_link", "text", true), ("trace_id", "text", true), ("tags", "text", false),
        ("feature", "text", true), ("intent", "text", true), ("customer_tier", "text", true),
        ("repetition", "integer", false), ("status", "text", false), ("failed_assertions", "text", false),
        ("output", "text", true), ("output_hash", "text", true), ("output_bytes", "integer", true),
        ("duration_ms", "integer", false), ("cached", "integer", false), ("provider", "text", false),
        ("model", "text", true), ("input_tokens", "integer", true), ("output_tokens", "integer", true),
        ("cost", "real", true), ("prompts", "text", false), ("guardrails", "text", false),
        ("evaluator", "text", false), ("inputs_key", "text", false), ("git_commit", "text", true),
        ("branch", "text", true), ("base", "text", true), ("author", "text", true),
        ("commit_time", "integer", true), ("dirty", "integer", false), ("ci_system", "text", true),
        ("ci_run_url", "text", true), ("pull_request", "text", true),
    ]

    static var names: String { columns.map(\.name).joined(separator: ", ") }

    /// The columns a brief read selects (``RecordFilter/brief``), and their names.
    static let briefColumns = ["recorded_at_ms", "dataset", "case_id", "status", "prompts", "git_commit"].compactMap {
        name in columns.first { $0.name == name }
    }
    static var briefNames: String { briefColumns.map(\.name).joined(separator: ", ") }

    /// The columns `filter` reads, and their names.
    static func selected(_ filter: RecordFilter) -> (
        columns: [(name: String, kind: String, nullable: Bool)], names: String
    ) {
        filter.brief ? (briefColumns, briefNames) : (columns, names)
    }

    /// The record the cells of `selected(filter)` hold.
    static func record(_ cells: [Cell], _ filter: RecordFilter) -> EvalRecord? {
        filter.brief ? brief(cells) : record(cells)
    }

    /// A record from the cells of ``briefColumns``: the fields the coverage join reads, the rest empty.
    static func brief(_ cells: [Cell]) -> EvalRecord? {
        guard cells.count == briefColumns.count, let at = cells[0].integer, let dataset = cells[1].text,
            let caseID = cells[2].text, let statusText = cells[3].text, let status = CaseStatus(rawValue: statusText)
        else { return nil }
        var record = EvalRecord(
            runID: "", recordedAtMs: at, gate: "", tier: "", dataset: dataset, datasetVersion: 0, caseID: caseID,
            caseHash: "", repetition: 0, status: status, durationMs: 0, provider: "")
        record.prompts = stringMap(cells[4].text)
        record.commit = cells[5].text
        return record
    }

    /// A `{"path": "blob"}` column as a map; empty when it is `{}` or unreadable.
    static func stringMap(_ raw: String?) -> [String: String] {
        // Most maps are empty: no JSON parse for those (history --case reads thousands of rows).
        guard let raw, raw != "{}" else { return [:] }
        if let flat = FlatStringMap.parse(raw) { return flat }
        guard let value = try? JSONValue.parse(Array(raw.utf8)), let object = value.objectValue else { return [:] }
        return object.compactMapValues(\.stringValue)
    }

    /// The indexes both stores keep: a case's timeline, a commit's records, time. (Migration 1 also
    /// made one on `inputs_key`; migration 3 drops it, see ``dropInputsIndex``.)
    static let indexes: [(name: String, columns: String)] = [
        ("eval_records_case", "case_id, recorded_at_ms"), ("eval_records_commit", "git_commit, dataset"),
        ("eval_records_time", "recorded_at_ms"),
    ]

    /// Migration 3: flakes are counted in `eval_outcomes` since migration 2, so nothing reads
    /// records by inputs key any more, and that index was the costliest to keep: every run put
    /// 2,000 random keys into it, a page each (bench/history.sh).
    static let dropInputsIndex = "DROP INDEX IF EXISTS eval_records_inputs"

    /// `CREATE TABLE` in the dialect whose types `types` names (`text`, `integer`, `real`, the key).
    static func createTable(types: [String: String]) -> String {
        let body = columns.map { column in
            "\(column.name) \(types[column.kind]!)\(column.nullable ? "" : " NOT NULL")"
        }
        return "CREATE TABLE IF NOT EXISTS eval_records (id \(types["key"]!), " + body.joined(separator: ", ") + ")"
    }

    /// Migration 2: how often each inputs key passed and failed, kept as records are written, so
    /// that finding flakes reads one row a case however long the history is.
    static func createOutcomes(integer: String) -> [String] {
        [
            "CREATE TABLE IF NOT EXISTS eval_outcomes (inputs_key TEXT PRIMARY KEY, passed \(integer) NOT NULL, "
                + "failed \(integer) NOT NULL)",
            "INSERT INTO eval_outcomes (inputs_key, passed, failed) SELECT inputs_key, "
                + "SUM(CASE WHEN status = 'passed' THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) "
                + "FROM eval_records GROUP BY inputs_key",
        ]
    }

    /// Adds `records`' passes and failures to `eval_outcomes`; `placeholder(n)` names the n-th argument.
    static func outcomeUpserts(_ records: [EvalRecord], placeholder: (Int) -> String) -> [(
        sql: String, arguments: [Cell]
    )] {
        let counts = outcomeCounts(records)
        var statements: [(String, [Cell])] = []
        for start in stride(from: 0, to: counts.count, by: 500) {
            var arguments: [Cell] = []
            var rows: [String] = []
            for (key, outcomes) in counts[start..<min(start + 500, counts.count)] {
                arguments += [.text(key), .integer(Int64(outcomes.passed)), .integer(Int64(outcomes.failed))]
                let n = arguments.count
                rows.append("(\(placeholder(n - 2)), \(placeholder(n - 1)), \(placeholder(n)))")
            }
            statements.append(
                (
                    "INSERT INTO eval_outcomes (inputs_key, passed, failed) VALUES " + rows.joined(separator: ", ")
                        + addOutcomes, arguments
                ))
        }
        return statements
    }

    /// What an upsert of `eval_outcomes` does with a key it has: adds the new counts.
    static let addOutcomes =
        " ON CONFLICT (inputs_key) DO UPDATE SET passed = eval_outcomes.passed + excluded.passed, "
        + "failed = eval_outcomes.failed + excluded.failed"

    /// One key's upsert, for a statement prepared once and run for every key (SQLite).
    static let outcomeUpsert = "INSERT INTO eval_outcomes (inputs_key, passed, failed) VALUES (?, ?, ?)" + addOutcomes

    /// How often `records` passed and failed, by inputs key, in key order (neighbouring keys
    /// share index pages).
    static func outcomeCounts(_ records: [EvalRecord]) -> [(key: String, outcomes: Outcomes)] {
        var counts: [String: Outcomes] = [:]
        count(records, into: &counts)
        return sorted(counts)
    }

    /// Adds the passes and failures of `records` to `counts`, by inputs key.
    static func count(_ records: [EvalRecord], into counts: inout [String: Outcomes]) {
        for record in records {
            let key = record.resolvedInputsKey
            if record.status == .passed { counts[key, default: Outcomes()].passed += 1 }
            if record.status == .failed { counts[key, default: Outcomes()].failed += 1 }
        }
    }

    /// `counts` in key order.
    static func sorted(_ counts: [String: Outcomes]) -> [(key: String, outcomes: Outcomes)] {
        counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Migration 4 (SQLite) made `eval_records_recent`, a small table a run wrote to, moved into
    /// `eval_records` 10,000 records at a time; migration 5 takes it away again (see ``caseEpochs``).
    static let recent = "eval_records_recent"

    /// Migration 4 as it was: the recent table with its two indexes, and `eval_records_all` over
    /// both tables. A store migrated before 5 has them; 5 undoes them.
    static func createRecent(types: [String: String]) -> [String] {
        [
            createTable(types: types).replacingOccurrences(
                of: "EXISTS eval_records (", with: "EXISTS \(recent) ("),
            "CREATE INDEX IF NOT EXISTS \(recent)_case ON \(recent) (case_id, recorded_at_ms)",
            "CREATE INDEX IF NOT EXISTS \(recent)_commit ON \(recent) (git_commit, dataset)",
            "CREATE VIEW IF NOT EXISTS eval_records_all AS SELECT id, \(names) FROM eval_records "
                + "UNION ALL SELECT id, \(names) FROM \(recent)",
        ]
    }

    /// How many records (by id) share an epoch of SQLite's case index, `eval_records_case_epoch`
    /// on `(id / caseEpoch, case_id, recorded_at_ms)`. A case index on `(case_id, recorded_at_ms)`
    /// alone puts each case's newest entry on an index page of its own once the history is long,
    /// so a run of 2,000 cases rewrote up to 2,000 pages. With the epoch first, a run's entries go
    /// into the newest epoch's part of the index, a few dozen pages, and older epochs are never
    /// written again. A case's timeline seeks once per epoch (100 seeks at a million records).
    static let caseEpoch: Int64 = 10_000

    /// Migration 5 (SQLite): the recent table's records into `eval_records` (ids kept), the table
    /// gone, `eval_records_all` a view of `eval_records` alone (kept for whoever queries the file
    /// by that name), and the case index by epoch in place of the plain one.
    static var caseEpochs: [String] {
        [
            "INSERT INTO eval_records (id, \(names)) SELECT id, \(names) FROM \(recent) ORDER BY id",
            "DROP VIEW IF EXISTS eval_records_all",
            "DROP TABLE IF EXISTS \(recent)",
            "CREATE VIEW IF NOT EXISTS eval_records_all AS SELECT id, \(names) FROM eval_records",
            "DROP INDEX IF EXISTS eval_records_case",
            "CREATE INDEX IF NOT EXISTS eval_records_case_epoch ON eval_records "
                + "(id / \(caseEpoch), case_id, recorded_at_ms)",
        ]
    }

    /// Migration 6 (SQLite): the tally `WITHOUT ROWID`, so that a key's counts live in the
    /// primary key's b-tree itself. With a rowid, each of a run's 2,000 upserts found its key in
    /// one b-tree and changed its row in another: twice the pages read and written.
    static let outcomesWithoutRowID = [
        "CREATE TABLE eval_outcomes_keyed (inputs_key TEXT PRIMARY KEY, passed INTEGER NOT NULL, "
            + "failed INTEGER NOT NULL) WITHOUT ROWID",
        "INSERT INTO eval_outcomes_keyed (inputs_key, passed, failed) SELECT inputs_key, passed, failed "
            + "FROM eval_outcomes",
        "DROP TABLE eval_outcomes",
        "ALTER TABLE eval_outcomes_keyed RENAME TO eval_outcomes",
    ]

    /// The condition that lets SQLite seek the case index by epoch: every epoch up to the one of
    /// `lastID`, the largest id (`SELECT MAX(id)`).
    static func epochCondition(lastID: Int64) -> String {
        let epochs = (0...max(0, lastID / caseEpoch)).map(String.init).joined(separator: ", ")
        return "id / \(caseEpoch) IN (\(epochs))"
    }

    static func createIndexes() -> [String] {
        indexes.map { "CREATE INDEX IF NOT EXISTS \($0.name) ON eval_records (\($0.columns))" }
    }

    static func row(_ record: EvalRecord) -> [Cell] {
        func json(_ object: [String: String]) -> Cell { .text(JSONValue.compactText(strings: object)) }
        let failed =
            record.failedAssertions.isEmpty
            ? "[]" : JSONValue.array(record.failedAssertions.map(JSONValue.string)).compactText()
        let tags = record.tags.isEmpty ? "{}" : JSONValue.object(record.tags).compactText()
        return [
            .text(record.runID), .integer(record.recordedAtMs), .text(record.gate), .text(record.tier),
            .text(record.dataset), .integer(Int64(record.datasetVersion)), .text(record.caseID), .text(record.caseHash),
            .text(record.category), .text(record.bugLink), .text(record.traceID),
            .text(tags), .text(record.tag("feature")),
            .text(record.tag("intent")), .text(record.tag("customer_tier")), .integer(Int64(record.repetition)),
            .text(record.status.rawValue), .text(failed), .text(record.output), .text(record.outputHash),
            .integer(record.outputBytes.map(Int64.init)), .integer(Int64(record.durationMs)),
            .integer(record.cached ? 1 : 0), .text(record.provider), .text(record.model),
            .integer(record.inputTokens.map(Int64.init)), .integer(record.outputTokens.map(Int64.init)),
            .real(record.cost), json(record.prompts), json(record.guardrails), json(record.evaluator),
            .text(record.resolvedInputsKey), .text(record.commit),
            .text(record.branch), .text(record.base),
            .text(record.author), .integer(record.commitTime), .integer(record.dirty ? 1 : 0), .text(record.ciSystem),
            .text(record.ciRunURL), .text(record.pullRequest),
        ]
    }

    /// The record a row of `SELECT names` holds; nil when a required value is missing or unreadable.
    static func record(_ cells: [Cell]) -> EvalRecord? {
        guard cells.count == columns.count else { return nil }
        func text(_ index: Int) -> String? { cells[index].text }
        func int(_ index: Int) -> Int64? { cells[index].integer }
        func strings(_ index: Int) -> [String: String] { stringMap(text(index)) }
        guard let runID = text(0), let at = int(1), let gate = text(2), let tier = text(3), let dataset = text(4),
            let version = int(5), let caseID = text(6), let caseHash = text(7), let repetition = int(15),
            let statusText = text(16), let status = CaseStatus(rawValue: statusText), let duration = int(21),
            let provider = text(23)
        else { return nil }
        var record = EvalRecord(
            runID: runID, recordedAtMs: at, gate: gate, tier: tier, dataset: dataset, datasetVersion: Int(version),
            caseID: caseID, caseHash: caseHash, repetition: Int(repetition), status: status, durationMs: Int(duration),
            provider: provider)
        record.category = text(8)
        record.bugLink = text(9)
        record.traceID = text(10)
        if let raw = text(11), raw != "{}", let tags = (try? JSONValue.parse(Array(raw.utf8)))?.objectValue {
            record.tags = tags
        }
        if let raw = text(17), raw != "[]", let failed = (try? JSONValue.parse(Array(raw.utf8)))?.arrayValue {
            record.failedAssertions = failed.compactMap(\.stringValue)
        }
        record.output = text(18)
        record.outputHash = text(19)
        record.outputBytes = int(20).map(Int.init)
        record.cached = int(22) == 1
        record.model = text(24)
        record.inputTokens = int(25).map(Int.init)
        record.outputTokens = int(26).map(Int.init)
        record.cost = cells[27].real
        record.inputsKey = text(31) ?? ""
        record.prompts = strings(28)
        record.guardrails = strings(29)
        record.evaluator = strings(30)
        record.commit = text(32)
        record.branch = text(33)
        record.base = text(34)
        record.author = text(35)
        record.commitTime = int(36)
        record.dirty = int(37) == 1
        record.ciSystem = text(38)
        record.ciRunURL = text(39)
        record.pullRequest = text(40)
        return record
    }

    /// `WHERE ...` for `filter`, with `placeholder(n)` naming the n-th (1-based) argument, and the arguments.
    /// `leading` conditions come first, as written (SQLite's epoch condition, ``epochCondition(lastID:)``).
    static func whereClause(_ filter: RecordFilter, leading: [String] = [], placeholder: (Int) -> String) -> (
        sql: String, arguments: [Cell]
    ) {
        var parts = leading
        var arguments: [Cell] = []
        func list(_ column: String, _ values: [String]) {
            guard !values.isEmpty else { return }
            let marks = values.map { value -> String in
                arguments.append(.text(value))
                return placeholder(arguments.count)
            }
            parts.append("\(column) IN (\(marks.joined(separator: ", ")))")
        }
        list("case_id", filter.caseIDs)
        list("dataset", filter.datasets)
        if let since = filter.sinceMs {
            arguments.append(.integer(since))
            parts.append("recorded_at_ms >= \(placeholder(arguments.count))")
        }
        return (parts.isEmpty ? "" : " WHERE " + parts.joined(separator: " AND "), arguments)
    }
}
