/// Reads one LLM call out of a production trace file.
///
/// It knows four shapes and tells them apart by their telltale keys:
/// - OpenTelemetry OTLP JSON (`resourceSpans`; also a bare span list `{"spans": [...]}` or one span),
///   read through the GenAI semantic conventions;
/// - a Langfuse trace (`observations`) or a single observation (`type` with `traceId`), or an
///   observation list from the public API (`{"data": [...]}`);
/// - a LangSmith run (`run_type`), with its `child_runs`, or a list of runs;
/// - plain JSON (`input`, with `output` and the rest optional).
public enum TraceReader: Sendable {
    /// Detects the format and reads one call. `spanID` picks one span, observation or run of a
    /// trace that holds several calls.
    public static func read(_ bytes: [UInt8], path: String, spanID: String? = nil) throws(InputError) -> TraceRecord {
        let document: JSONValue
        do {
            document = try JSONValue.parse(bytes)
        } catch {
            throw InputError(
                file: path, line: error.line, column: error.column, "is not valid JSON: \(error.message)",
                hint: "pass the trace as exported, one JSON document")
        }
        if OTLPTrace.matches(document) {
            return try OTLPTrace.read(document, path: path, spanID: spanID)
        }
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
            hint: "deadbolt reads OpenTelemetry OTLP JSON (`resourceSpans` with GenAI `gen_ai.*` span attributes), "
                + "a Langfuse trace or observation export (`observations`, or `type` with `traceId`), "
                + "a LangSmith run export (`run_type`, `inputs`, `outputs`, `child_runs`) "
                + "and plain JSON (`input`, `output`, optional `trace_id` and `model`)")
    }

    /// The error for a chosen call that recorded no input.
    static func noInput(path: String, what: String, hint: String) -> InputError {
        InputError(file: path, "\(what) has no recorded input, so there is nothing to replay", hint: hint)
    }
}
