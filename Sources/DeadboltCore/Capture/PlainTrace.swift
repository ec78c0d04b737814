/// The plain shape for traces from home-grown logging:
/// `{"input": ..., "output": ..., "trace_id"?, "span_id"?, "model"?, "prompt_name"?, "prompt_version"?,
///   "system_instructions"?, "metadata"? | "tags"?}` (camelCase spellings accepted too).
enum PlainTrace {
    static func matches(_ document: JSONValue) -> Bool {
        document["input"] != nil
    }

    static func read(_ document: JSONValue, path: String, spanID: String?) throws(InputError) -> TraceRecord {
        func text(_ keys: String...) -> String? {
            for key in keys { if let found = TraceValues.scalarText(document[key]) { return found } }
            return nil
        }
        let ownSpanID = text("span_id", "spanId")
        if let spanID, spanID != ownSpanID {
            throw InputError(
                file: path, "has no span with id `\(spanID)`",
                hint: "a plain trace holds one call\(ownSpanID.map { " (span `\($0)`)" } ?? ""); leave out --span")
        }
        guard let input = TraceInput.normalized(document["input"]) else {
            throw TraceReader.noInput(
                path: path, what: "the call",
                hint: "give `input` a value: a string, a list of messages or an object of fields")
        }
        var tags: [String: String] = [:]
        TraceTags.merge(document["tags"]?.objectValue, into: &tags)
        TraceTags.merge(document["metadata"]?.objectValue, into: &tags)
        let system = document["system_instructions"] ?? document["systemInstructions"] ?? document["system"]
        return TraceRecord(
            format: "plain",
            traceID: text("trace_id", "traceId"),
            spanID: ownSpanID,
            input: input,
            output: TraceOutput.text(document["output"]),
            model: text("model"),
            promptName: text("prompt_name", "promptName"),
            promptVersion: text("prompt_version", "promptVersion"),
            systemInstructions: system.flatMap(ChatMessages.contentText)
                ?? ChatMessages.systemText(TraceInput.messages(input)),
            time: text("time", "timestamp", "start_time"),
            metadata: tags)
    }
}
