/// One LLM call read from a production trace, in the shape `deadbolt capture` turns into a case.
public struct TraceRecord: Sendable, Equatable {
    /// Where it came from: `otlp`, `langfuse`, `langsmith` or `plain`.
    public var format: String
    /// The trace the call belongs to, when the file says.
    public var traceID: String?
    /// The span, observation or run that is the call, when the file says.
    public var spanID: String?
    /// The call's input as an object of fields.
    ///
    /// Structured inputs (Langfuse and LangSmith dict inputs, plain `{"input": {...}}`) stay as they
    /// are. Chat-message inputs become `{"messages": [...as given...], "question": "<text of the
    /// last user message>"}`; a plain string input becomes `{"question": "<string>"}`.
    public var input: JSONValue
    /// The output that shipped, as text (for message outputs: the assistant's text parts joined).
    public var output: String?
    /// The model that answered: the snapshot the response names (`gpt-4o-mini-2024-07-18`), else
    /// the one the call asked for.
    public var model: String?
    /// The model the call asked for (an alias such as `gpt-4o-mini`), when the trace says.
    public var requestModel: String?
    /// The managed prompt the call used, when the trace links one.
    public var promptName: String?
    /// The version of that prompt.
    public var promptVersion: String?
    /// The system instructions the model got, as text.
    public var systemInstructions: String?
    /// When the call started, as the export wrote it: OTLP's `startTimeUnixNano` (or a log record's
    /// `timeUnixNano`), Langfuse's `startTime` (or the trace's `timestamp`), LangSmith's `start_time`,
    /// a plain trace's `time`. `deadbolt coverage` reads it with its other times.
    public var time: String?
    /// Whether the trace recorded a failure: an OTLP span with status ERROR, a Langfuse observation
    /// of level ERROR, a LangSmith run (the call or one it ran under) with an `error`. `deadbolt
    /// coverage` counts such a trace as outcome `error` when no outcome field says otherwise.
    public var failed = false
    /// Tag-like metadata found in the trace (feature, intent, customer tier, user and session ids).
    public var metadata: [String: String]

    public init(
        format: String,
        traceID: String? = nil,
        spanID: String? = nil,
        input: JSONValue = .object([:]),
        output: String? = nil,
        model: String? = nil,
        requestModel: String? = nil,
        promptName: String? = nil,
        promptVersion: String? = nil,
        systemInstructions: String? = nil,
        time: String? = nil,
        metadata: [String: String] = [:]
    ) {
        self.format = format
        self.traceID = traceID
        self.spanID = spanID
        self.input = input
        self.output = output
        self.model = model
        self.requestModel = requestModel
        self.promptName = promptName
        self.promptVersion = promptVersion
        self.systemInstructions = systemInstructions
        self.time = time
        self.metadata = metadata
    }
}
