import CSV

/// Production trace summaries as teams have them: a warehouse table exported as CSV or JSON Lines
/// (one row per trace), or the trace exports `deadbolt capture` reads (OTLP, Langfuse, LangSmith).
///
/// Each reader hands one ``ProductionRow`` at a time to its body, so memory holds a row, not the file.
public enum ProductionRows {
    /// What a file holds.
    public enum Kind: String, Sendable, Equatable {
        case csv
        /// JSON Lines of flat rows.
        case rows
        /// Trace exports, one trace at a time through the capture readers.
        case traces
    }

    /// Keys that say a JSON document is a trace export, not a warehouse row.
    static let traceKeys = ["resourceSpans", "resourceLogs", "observations", "run_type", "spans", "child_runs"]

    /// A CSV file by its name; otherwise a trace export when its first line is one (or is not a whole
    /// JSON document), else JSON Lines of rows.
    public static func kind(path: String, firstLine: ArraySlice<UInt8>?) -> Kind {
        if path.lowercased().hasSuffix(".csv") { return .csv }
        guard let firstLine, let document = try? JSONValue.parse(firstLine), case .object(let object) = document
        else { return .traces }
        if traceKeys.contains(where: { object[$0] != nil }) { return .traces }
        // The trace readers' own tests: a LangSmith batch on one line is `{"post": [...], "patch": [...]}`.
        if OTLPTrace.matches(document) || LangfuseTrace.matches(document) || LangSmithTrace.matches(document) {
            return .traces
        }
        if case .array? = object["data"] { return .traces }
        return .rows
    }

    /// One CSV record's fields: byte ranges of a line without quotes, or what CSV.swift read.
    enum CSVFields {
        case plain(ArraySlice<UInt8>, [Range<Int>])
        case quoted([String])

        var count: Int {
            switch self {
            case .plain(_, let ranges): ranges.count
            case .quoted(let fields): fields.count
            }
        }

        func text(_ index: Int) -> String {
            switch self {
            case .plain(let bytes, let ranges): String(decoding: bytes[ranges[index]], as: UTF8.self)
            case .quoted(let fields): fields[index]
            }
        }

        func all() -> [String] { (0..<count).map(text) }
    }

    /// The longest CSV record read (a quoted field may span lines); past it the file is refused.
    public static let recordLimit = 1 << 20

    /// Rows of a CSV table with a header row (RFC 4180), a line at a time from `source`.
    ///
    /// A line without a quote is a whole record, split at its commas here; a record with quotes (which
    /// may hold commas, doubled quotes and line breaks, so it runs until its quotes pair up) is read by
    /// CSV.swift. Row numbers in messages are the line a record starts on.
    public static func csv(
        _ source: any TraceSource, mapping: RowMapping, _ body: (ProductionRow) throws(InputError) -> Void
    ) throws(InputError) {
        let path = source.path
        var header: [String]?
        var columns: [String: Int] = [:]
        var pending: [UInt8] = []
        var pendingStart = 0
        var quotes = 0
        var ranges: [Range<Int>] = []
        var quoted: [String] = []
        try source.forEachLine { line, number throws(InputError) in
            var bytes = line
            if bytes.last == 0x0D { bytes = bytes.dropLast() }
            let lineQuotes = bytes.reduce(0) { $0 + ($1 == 0x22 ? 1 : 0) }
            if pending.isEmpty, lineQuotes > 0 { pendingStart = number }
            if !pending.isEmpty || lineQuotes > 0 {
                if !pending.isEmpty { pending.append(0x0A) }
                pending.append(contentsOf: bytes)
                quotes += lineQuotes
                guard pending.count <= recordLimit else {
                    throw InputError(
                        file: path, line: pendingStart,
                        "row \(pendingStart) runs past \(recordLimit >> 20) MB: a quoted field has no closing quote",
                        hint: "close every quoted field, and write a quote inside one as two (\"\")")
                }
                guard quotes % 2 == 0 else { return true }
                let text = String(decoding: pending, as: UTF8.self)
                pending.removeAll(keepingCapacity: true)
                quotes = 0
                quoted = (try? CSVReader(string: text, hasHeaderRow: false))?.next() ?? []
                try record(fields: .quoted(quoted), line: pendingStart)
                return true
            }
            if bytes.isEmpty { return true }
            ranges.removeAll(keepingCapacity: true)
            var fieldStart = bytes.startIndex
            for index in bytes.indices where bytes[index] == 0x2C {
                ranges.append(fieldStart..<index)
                fieldStart = index + 1
            }
            ranges.append(fieldStart..<bytes.endIndex)
            try record(fields: .plain(bytes, ranges), line: number)
            return true
        }
        if !pending.isEmpty {
            throw InputError(
                file: path, line: pendingStart, "row \(pendingStart) has a quoted field with no closing quote",
                hint: "close every quoted field, and write a quote inside one as two (\"\")")
        }
        guard header != nil else {
            throw InputError(file: path, line: 1, "has no header row", hint: "export the table with column names")
        }

        func record(fields: CSVFields, line: Int) throws(InputError) {
            guard let names = header else {
                var names = fields.all().map { $0.trimmingWhitespace() }
                // A byte order mark, as spreadsheet programs write one, is not part of the first name.
                if let first = names.first, first.hasPrefix("\u{FEFF}") { names[0] = String(first.dropFirst()) }
                guard names.contains(where: { !$0.isEmpty }) else {
                    throw InputError(
                        file: path, line: line, "has no header row", hint: "export the table with column names")
                }
                for (index, name) in names.enumerated() where columns[name] == nil { columns[name] = index }
                header = names
                return
            }
            guard fields.count == names.count else {
                if fields.count == 1, fields.text(0).isEmpty { return }
                throw InputError(
                    file: path, line: line,
                    "row \(line) has \(fields.count) fields where the header names \(names.count)",
                    hint: "quote fields that hold commas or line breaks (\"a, b\"), as RFC 4180 says")
            }
            try body(try mapping.row(path: path, line: line) { name in columns[name].map { fields.text($0) } })
        }
    }

    /// Rows of JSON Lines: one object a line, its fields at the top or in `metadata`, `tags` or `attributes`.
    public static func jsonLines(
        _ source: any TraceSource, mapping: RowMapping, _ body: (ProductionRow) throws(InputError) -> Void
    ) throws(InputError) {
        try source.forEachLine { line, number throws(InputError) in
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return true }
            let parsed: JSONValue
            do throws(JSONSyntaxError) {
                parsed = try JSONValue.parse(line)
            } catch {
                throw InputError(
                    file: source.path, line: number, column: error.column,
                    "line \(number) is not JSON: \(error.message)",
                    hint: "a JSON Lines export holds one object (one trace's row) a line")
            }
            guard case .object(let object) = parsed else {
                throw InputError(
                    file: source.path, line: number, "line \(number) is not a JSON object",
                    hint: "a JSON Lines export holds one object (one trace's row) a line")
            }
            let nested = ["metadata", "tags", "attributes"].compactMap { object[$0]?.objectValue }
            try body(
                try mapping.row(path: source.path, line: number) { name in
                    if let text = TraceValues.scalarText(object[name]) { return text }
                    for inner in nested {
                        if let text = TraceValues.scalarText(inner[name]) { return text }
                    }
                    return nil
                })
            return true
        }
    }

    /// One row per trace of OTLP, Langfuse or LangSmith exports, through the capture readers: the tags
    /// they find (OTLP's `app.outcome` as `outcome`, Langfuse metadata), the trace id, the model and the
    /// prompt version.
    /// Returns the traces that hold a model call but could not be read, and the first one's reason, so
    /// that none is left out without a word.
    @discardableResult
    public static func traces(
        _ sources: [any TraceSource], mapping: RowMapping, _ body: (ProductionRow) throws(InputError) -> Void
    ) throws(InputError) -> (unreadable: Int, first: String?) {
        var number = 0
        var unreadable = 0
        var first: String?
        _ = try TraceBatch.read(sources, filters: [], counting: true) { item throws(InputError) in
            guard case .record(let record, let path) = item else {
                if case .unreadable(let traceID, let path, let reason) = item {
                    unreadable += 1
                    if first == nil { first = "\(path)\(traceID.map { " trace \($0)" } ?? ""): \(reason)" }
                }
                return
            }
            number += 1
            try body(
                try mapping.row(path: path, line: number) { name in
                    if mapping.config.time.contains(name) { return record.time ?? record.metadata[name] }
                    // No outcome field, and the trace recorded a failure: it went badly.
                    if name == mapping.config.outcome.last, record.failed, record.metadata[name] == nil {
                        return mapping.config.outcome.contains { record.metadata[$0] != nil } ? nil : "error"
                    }
                    switch name {
                    case "trace_id", "traceId": return record.traceID ?? record.metadata[name]
                    case "model": return record.model ?? record.requestModel ?? record.metadata[name]
                    case "prompt_version", "promptVersion":
                        return record.promptVersion.map { v in record.promptName.map { "\($0)-\(v)" } ?? v }
                            ?? record.metadata[name]
                    case "prompt_name", "prompt": return record.promptName ?? record.metadata[name]
                    case "question": return record.input["question"]?.stringValue ?? record.metadata[name]
                    default: return record.metadata[name]
                    }
                })
        }
        return (unreadable, first)
    }
}
