import CSV
import Foundation

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
        guard let firstLine, case .object(let object)? = try? JSONValue.parse(firstLine) else { return .traces }
        if traceKeys.contains(where: { object[$0] != nil }) { return .traces }
        if object["type"] != nil, object["traceId"] != nil { return .traces }
        if case .array? = object["data"] { return .traces }
        return .rows
    }

    /// Rows of a CSV table with a header row, from `stream` (opened by the caller's side, read here).
    public static func csv(
        _ stream: InputStream, path: String, mapping: RowMapping, _ body: (ProductionRow) throws(InputError) -> Void
    ) throws(InputError) {
        let reader: CSVReader
        do {
            reader = try CSVReader(stream: stream, hasHeaderRow: true)
        } catch {
            throw InputError(
                file: path, line: 1, "has no header row (\(error))",
                hint: "export the table as CSV with a header row naming its columns")
        }
        guard let header = reader.headerRow, !header.isEmpty else {
            throw InputError(file: path, line: 1, "has no header row", hint: "export the table with column names")
        }
        var columns: [String: Int] = [:]
        for (index, name) in header.enumerated() where columns[name] == nil {
            columns[name.trimmingWhitespace()] = index
        }
        var number = 1
        while let fields = reader.next() {
            number += 1
            if fields.count == 1, fields[0].isEmpty { continue }
            guard fields.count == header.count else {
                throw InputError(
                    file: path, line: number,
                    "row \(number) has \(fields.count) fields where the header names \(header.count)",
                    hint: "quote fields that hold commas or line breaks (\"a, b\"), as RFC 4180 says")
            }
            try body(
                try mapping.row(path: path, line: number) { name in
                    columns[name].map { fields[$0] }
                })
        }
        // CSV.swift reports the end of a file stream as `cannotReadFile`; a failed read is `streamErrorHasOccurred`.
        if let error = reader.error, !(error is CSVError && "\(error)" == "cannotReadFile") {
            throw InputError(
                file: path, line: number + 1, "cannot be read past row \(number): \(error)",
                hint: "deadbolt reads CSV as UTF-8")
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
    public static func traces(
        _ sources: [any TraceSource], mapping: RowMapping, _ body: (ProductionRow) throws(InputError) -> Void
    ) throws(InputError) {
        var number = 0
        _ = try TraceBatch.read(sources, filters: []) { item throws(InputError) in
            guard case .record(let record, let path) = item else { return }
            number += 1
            try body(
                try mapping.row(path: path, line: number) { name in
                    switch name {
                    case "trace_id", "traceId": return record.traceID ?? record.metadata[name]
                    case "model": return record.model ?? record.requestModel ?? record.metadata[name]
                    case "prompt_version", "promptVersion":
                        return record.promptVersion.map { v in record.promptName.map { "\($0)-\(v)" } ?? v }
                            ?? record.metadata[name]
                    case "prompt_name", "prompt": return record.promptName ?? record.metadata[name]
                    default: return record.metadata[name]
                    }
                })
        }
    }
}
