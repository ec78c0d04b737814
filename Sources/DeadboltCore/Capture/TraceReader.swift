/// Reads one LLM call out of a production trace file.
///
/// It knows four shapes and tells them apart by their telltale keys:
/// - OpenTelemetry OTLP JSON (`resourceSpans` and `resourceLogs`, one export request or JSON Lines of
///   them; also a bare span list `{"spans": [...]}` or one span), read through the GenAI semantic
///   conventions, OpenInference or the Langfuse SDK's attributes;
/// - a Langfuse trace (`observations`) or a single observation (`type` with `traceId`), or an
///   observation list from the public API (`{"data": [...]}`);
/// - a LangSmith run (`run_type`), with its `child_runs`, or a list of runs;
/// - plain JSON (`input`, with `output` and the rest optional).
public enum TraceReader: Sendable {
    /// Detects the format and reads one call. `spanID` picks one span, observation or run of a
    /// trace that holds several calls.
    public static func read(_ bytes: [UInt8], path: String, spanID: String? = nil) throws(InputError) -> TraceRecord {
        try read([(bytes, path)], spanID: spanID)
    }

    /// The same over several files: OTLP exports (the traces and the logs of one trace, JSON Lines
    /// of export requests) are joined on trace and span ids; the other formats are one file.
    public static func read(_ files: [(bytes: [UInt8], path: String)], spanID: String? = nil) throws(InputError)
        -> TraceRecord
    {
        guard let firstPath = files.first?.path else {
            throw InputError("no trace file given", hint: "pass the exported trace with --trace FILE")
        }
        var documents: [TraceDocuments.Document] = []
        for file in files { documents += try TraceDocuments.read(file.bytes, path: file.path) }
        if !documents.isEmpty, documents.allSatisfy({ OTLPTrace.matches($0.value) }) {
            return try OTLPTrace.read(documents, spanID: spanID)
        }
        guard documents.count == 1, let document = documents.first?.value else {
            let other = documents.first { !OTLPTrace.matches($0.value) }
            throw InputError(
                file: other?.path ?? firstPath, line: other.map { $0.line > 1 ? $0.line : nil } ?? nil,
                "is not an OTLP export, and only OTLP exports are read several at a time",
                hint: "pass one Langfuse, LangSmith or plain trace per capture; several --trace files, or JSON Lines, "
                    + "are for OTLP traces and logs")
        }
        let path = firstPath
        if LangfuseTrace.matches(document) {
            return try LangfuseTrace.read(document, path: path, spanID: spanID)
        }
        if LangSmithTrace.matches(document) {
            return try LangSmithTrace.read(document, path: path, spanID: spanID)
        }
        if PlainTrace.matches(document) {
            return try PlainTrace.read(document, path: path, spanID: spanID)
        }
        throw InputError(
            file: path, "is not a trace deadbolt reads",
            hint: "deadbolt reads OpenTelemetry OTLP JSON (`resourceSpans` and `resourceLogs`, one export or JSON "
                + "Lines of them, with GenAI `gen_ai.*`, OpenInference `llm.*` or Langfuse `langfuse.*` attributes), "
                + "a Langfuse trace or observation export (`observations`, or `type` with `traceId`), "
                + "a LangSmith run export (`run_type`, `inputs`, `outputs`, `child_runs`) "
                + "and plain JSON (`input`, `output`, optional `trace_id` and `model`)")
    }

    /// The error for a chosen call that recorded no input.
    static func noInput(path: String, what: String, hint: String) -> InputError {
        InputError(file: path, "\(what) has no recorded input, so there is nothing to replay", hint: hint)
    }
}
