/// Langfuse exports: a trace with its observations, a single observation, or the public API's
/// observation list.
///
/// A trace is `{"id", "name", "input", "output", "metadata", "userId", "sessionId", "observations": [...]}`;
/// an observation is `{"id", "traceId", "type", "name", "input", "output", "model", "promptName",
/// "promptVersion", "metadata", ...}`. Observations of type `GENERATION` are the candidate calls;
/// a trace without any is read from its own input and output.
enum LangfuseTrace {
    static func matches(_ document: JSONValue) -> Bool {
        guard case .object(let fields) = document else { return false }
        if fields["observations"]?.arrayValue != nil { return true }
        if isObservation(document) { return true }
        if let data = fields["data"]?.arrayValue, let first = data.first { return isObservation(first) }
        return false
    }

    static func isObservation(_ value: JSONValue) -> Bool {
        value["type"]?.stringValue != nil && value["traceId"] != nil
    }

    static func read(_ document: JSONValue, path: String, spanID: String?, counting: Bool = false)
        throws(InputError) -> TraceRecord
    {
        let trace: [String: JSONValue]?
        let observations: [JSONValue]
        if let list = document["observations"]?.arrayValue {
            trace = document.objectValue
            observations = list
        } else if let list = document["data"]?.arrayValue, document["type"] == nil {
            trace = nil
            observations = list
        } else {
            trace = nil
            observations = [document]
        }
        let units = observations.map { observation in
            TraceUnit(
                id: TraceValues.scalarText(observation["id"]),
                label: [observation["type"]?.stringValue, observation["name"]?.stringValue].compactMap { $0 }.joined(
                    separator: " "))
        }
        // A lone observation is the call whatever its type; in a trace, the generations are.
        let candidates =
            trace == nil && observations.count == 1
            ? [0]
            : observations.indices.filter { observations[$0]["type"]?.stringValue?.uppercased() == "GENERATION" }
        var tags: [String: String] = [:]
        if let trace { addTraceTags(trace, into: &tags) }

        guard
            let index = try TraceCallChoice.choose(
                units, candidates: candidates, spanID: spanID, path: path, unitName: "observation",
                callName: "generation", counting: counting)
        else {
            guard let trace else {
                throw InputError(
                    file: path, "holds no generation observations", hint: "export the trace that holds the LLM call")
            }
            let traceID = TraceValues.scalarText(trace["id"])
            guard let input = TraceInput.normalized(trace["input"]) ?? (counting ? .object([:]) : nil) else {
                throw TraceReader.noInput(
                    path: path, what: "trace \(traceID ?? "")",
                    hint:
                        "it has no generation observations and no trace-level input; "
                        + "export a trace that recorded the LLM call"
                )
            }
            return TraceRecord(
                format: "langfuse", traceID: traceID, input: input, output: TraceOutput.text(trace["output"]),
                promptName: TraceValues.scalarText(trace["metadata"]?["prompt_name"]),
                promptVersion: TraceValues.scalarText(trace["metadata"]?["prompt_version"]),
                systemInstructions: ChatMessages.systemText(TraceInput.messages(input)),
                time: TraceValues.string(trace["timestamp"]), metadata: tags)
        }

        let observation = observations[index]
        let observationID = TraceValues.scalarText(observation["id"])
        if trace == nil { addTraceTags(observation.objectValue ?? [:], into: &tags) }
        TraceTags.merge(observation["metadata"]?.objectValue, into: &tags)
        guard let input = TraceInput.normalized(observation["input"]) ?? (counting ? .object([:]) : nil) else {
            throw TraceReader.noInput(
                path: path, what: "observation \(observationID ?? "") (\(units[index].label))",
                hint:
                    "Langfuse recorded no input for it; "
                    + "check that the SDK is not masking inputs, and export the trace again"
            )
        }
        var record = TraceRecord(
            format: "langfuse",
            traceID: TraceValues.scalarText(observation["traceId"])
                ?? trace.flatMap { TraceValues.scalarText($0["id"]) },
            spanID: observationID,
            input: input,
            output: TraceOutput.text(observation["output"]),
            model: TraceValues.string(observation["model"]),
            promptName: TraceValues.scalarText(observation["promptName"])
                ?? TraceValues.scalarText(observation["metadata"]?["prompt_name"]),
            promptVersion: TraceValues.scalarText(observation["promptVersion"])
                ?? TraceValues.scalarText(observation["metadata"]?["prompt_version"]),
            systemInstructions: ChatMessages.systemText(TraceInput.messages(input)),
            time: TraceValues.string(observation["startTime"]) ?? trace.flatMap { TraceValues.string($0["timestamp"]) },
            metadata: tags)
        record.failed = observations.contains { $0["level"]?.stringValue == "ERROR" }
        return record
    }

    /// A trace's metadata, its user and session ids, release and environment.
    static func addTraceTags(_ trace: [String: JSONValue], into tags: inout [String: String]) {
        TraceTags.merge(trace["metadata"]?.objectValue, into: &tags)
        let named: [(String, String)] = [
            ("userId", "user_id"), ("sessionId", "session_id"), ("release", "release"), ("environment", "environment"),
        ]
        for (key, tag) in named {
            if let text = TraceValues.scalarText(trace[key]) { tags[tag] = text }
        }
    }
}
