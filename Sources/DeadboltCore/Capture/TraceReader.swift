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
        try read(sources: [TraceBytes(bytes, path: path)], spanID: spanID)
    }

    /// The same over several files in memory.
    public static func read(_ files: [(bytes: [UInt8], path: String)], spanID: String? = nil) throws(InputError)
        -> TraceRecord
    {
        try read(sources: files.map { TraceBytes($0.bytes, path: $0.path) }, spanID: spanID)
    }

    /// The same over files that stream: OTLP exports (the traces and the logs of one trace, JSON
    /// Lines of export requests) are joined on trace and span ids, holding one export request and
    /// the chosen trace at a time; the other formats are one document.
    public static func read(sources: [any TraceSource], spanID: String? = nil) throws(InputError) -> TraceRecord {
        guard let firstPath = sources.first?.path else {
            throw InputError("no trace file given", hint: "pass the exported trace with --trace FILE")
        }
        var other: TraceDocuments.Document?
        var otherCount = 0
        var otlpCount = 0
        let sketch = try OTLPStream.sketch(sources, spanID: spanID, filters: []) { document throws(InputError) in
            otherCount += 1
            if other == nil { other = document }
        }
        otlpCount = sketch.spanCount
        if otherCount == 0 { return try OTLPStream.read(sources, sketch: sketch, spanID: spanID) }
        guard otherCount == 1, otlpCount == 0, let document = other else {
            throw InputError(
                file: other?.path ?? firstPath, line: other.map { $0.line > 1 ? $0.line : nil } ?? nil,
                "is not an OTLP export, and only OTLP exports are read several at a time",
                hint: "pass one Langfuse, LangSmith or plain trace per capture; several --trace files, or JSON Lines, "
                    + "are for OTLP traces and logs (or capture each trace of an export with --where or --all)")
        }
        return try readOne(document.value, path: document.path, spanID: spanID)
    }

    /// One document that is not OTLP, by its format.
    static func readOne(_ document: JSONValue, path: String, spanID: String?, counting: Bool = false)
        throws(InputError) -> TraceRecord
    {
        if LangfuseTrace.matches(document) {
            return try LangfuseTrace.read(document, path: path, spanID: spanID, counting: counting)
        }
        if LangSmithTrace.matches(document) {
            return try LangSmithTrace.read(document, path: path, spanID: spanID, counting: counting)
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
