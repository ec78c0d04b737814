/// What a span says about the model call it records, whichever convention wrote it: the
/// OpenTelemetry GenAI conventions (current and older), OpenInference (Arize Phoenix), or the
/// Langfuse SDK's OTLP attributes. Attributes come decoded and merged (span, events, logs).
struct CallContent {
    /// The recorded prompt: a message list, or text.
    var input: JSONValue?
    var output: JSONValue?
    var system: String?
    /// The model the call asked for (an alias such as `gpt-4o-mini`).
    var requestModel: String?
    /// The model that answered (the snapshot, such as `gpt-4o-mini-2024-07-18`).
    var responseModel: String?
    /// `chat`, `invoke_agent`, `execute_tool`, OpenInference's span kind, Langfuse's observation type.
    var operation: String?
    /// Whether the span is a call to a model, content or not (an agent or tool span is not).
    var isModelCall = false

    /// The GenAI operations that are a call to a model.
    static let modelOperations: Set<String> = ["chat", "text_completion", "generate_content", "completion"]

    static func of(_ attributes: [String: JSONValue]) -> CallContent {
        if let kind = TraceValues.string(attributes["openinference.span.kind"]) {
            return openInference(attributes, kind: kind)
        }
        if let type = TraceValues.string(attributes["langfuse.observation.type"]),
            attributes["gen_ai.input.messages"] == nil, attributes["gen_ai.prompt"] == nil
        {
            return langfuse(attributes, type: type)
        }
        return genAI(attributes)
    }

    // MARK: OpenTelemetry GenAI

    static func genAI(_ attributes: [String: JSONValue]) -> CallContent {
        var content = CallContent()
        content.operation = TraceValues.string(attributes["gen_ai.operation.name"])
        content.requestModel = TraceValues.string(attributes["gen_ai.request.model"])
        content.responseModel = TraceValues.string(attributes["gen_ai.response.model"])
        if let messages = attributes["gen_ai.input.messages"] {
            content.input = TraceValues.decodingEmbeddedJSON(messages)
        } else if let prompt = attributes["gen_ai.prompt"] {
            content.input = TraceValues.decodingEmbeddedJSON(prompt)
        } else {
            content.input = indexedMessages(attributes, prefix: "gen_ai.prompt.", defaultRole: "user")
        }
        if let messages = attributes["gen_ai.output.messages"] {
            content.output = TraceValues.decodingEmbeddedJSON(messages)
        } else if let completion = attributes["gen_ai.completion"] {
            content.output = TraceValues.decodingEmbeddedJSON(completion)
        } else {
            content.output = indexedMessages(attributes, prefix: "gen_ai.completion.", defaultRole: "assistant")
        }
        content.system = attributes["gen_ai.system_instructions"].map(TraceValues.decodingEmbeddedJSON).flatMap(
            ChatMessages.contentText)
        if let operation = content.operation {
            content.isModelCall = modelOperations.contains(operation)
        } else {
            content.isModelCall =
                content.input != nil || content.requestModel != nil || attributes["gen_ai.system"] != nil
        }
        return content
    }

    /// Messages spelled as `PREFIX<n>.<field>` attributes, in index order; a message without a
    /// role gets `defaultRole`.
    static func indexedMessages(_ attributes: [String: JSONValue], prefix: String, defaultRole: String) -> JSONValue? {
        var messages: [Int: [String: JSONValue]] = [:]
        for (key, value) in attributes where key.hasPrefix(prefix) {
            let rest = key.dropFirst(prefix.count)
            guard let dot = rest.firstIndex(of: "."), let index = Int(rest[..<dot]) else { continue }
            let field = String(rest[rest.index(after: dot)...])
            guard !field.isEmpty, !field.contains(".") else { continue }
            messages[index, default: [:]][field] = value
        }
        guard !messages.isEmpty else { return nil }
        return .array(
            messages.keys.sorted().map { index in
                var message = messages[index] ?? [:]
                if message["role"] == nil { message["role"] = .string(defaultRole) }
                return .object(message)
            })
    }

    // MARK: OpenInference

    /// `llm.input_messages.N.message.role` / `.content` (or `.contents.M.message_content.text`),
    /// `llm.output_messages.*`, `input.value` / `output.value`, `llm.model_name` (the model that
    /// answered) and `llm.invocation_parameters` (what was asked for).
    static func openInference(_ attributes: [String: JSONValue], kind: String) -> CallContent {
        var content = CallContent()
        content.operation = kind
        content.isModelCall = kind.uppercased() == "LLM"
        content.responseModel = TraceValues.string(attributes["llm.model_name"])
        let parameters = attributes["llm.invocation_parameters"].map(TraceValues.decodingEmbeddedJSON)
        content.requestModel = TraceValues.string(parameters?["model"])
        let inputValue = attributes["input.value"].map(TraceValues.decodingEmbeddedJSON)
        content.input =
            openInferenceMessages(attributes, prefix: "llm.input_messages.")
            ?? inputValue.flatMap { value in value["messages"] ?? (content.isModelCall ? value : nil) }
        content.output =
            openInferenceMessages(attributes, prefix: "llm.output_messages.")
            ?? attributes["output.value"].map(TraceValues.decodingEmbeddedJSON)
        if content.requestModel == nil { content.requestModel = TraceValues.string(inputValue?["model"]) }
        return content
    }

    static func openInferenceMessages(_ attributes: [String: JSONValue], prefix: String) -> JSONValue? {
        var messages: [Int: (role: String?, content: String?, parts: [Int: String])] = [:]
        for (key, value) in attributes where key.hasPrefix(prefix) {
            let rest = key.dropFirst(prefix.count)
            guard let dot = rest.firstIndex(of: "."), let index = Int(rest[..<dot]) else { continue }
            let field = rest[rest.index(after: dot)...]
            var message = messages[index] ?? (nil, nil, [:])
            if field == "message.role" {
                message.role = value.stringValue
            } else if field == "message.content" {
                message.content = value.stringValue
            } else if field.hasPrefix("message.contents."), field.hasSuffix(".message_content.text") {
                let middle = field.dropFirst("message.contents.".count).dropLast(".message_content.text".count)
                if let part = Int(middle), let text = value.stringValue { message.parts[part] = text }
            } else {
                continue
            }
            messages[index] = message
        }
        guard !messages.isEmpty else { return nil }
        return .array(
            messages.keys.sorted().map { index in
                let message = messages[index]!
                let text = message.content ?? message.parts.keys.sorted().compactMap { message.parts[$0] }.joined()
                return .object(["role": .string(message.role ?? "user"), "content": .string(text)])
            })
    }

    // MARK: Langfuse

    /// `langfuse.observation.type` (a `generation` is a model call), `.input`, `.output` and
    /// `.model.name` (what the SDK saw in the response).
    static func langfuse(_ attributes: [String: JSONValue], type: String) -> CallContent {
        var content = CallContent()
        content.operation = type
        content.isModelCall = type == "generation"
        guard content.isModelCall else { return content }
        content.input = attributes["langfuse.observation.input"].map(TraceValues.decodingEmbeddedJSON)
        content.output = attributes["langfuse.observation.output"].map(TraceValues.decodingEmbeddedJSON)
        content.responseModel = TraceValues.string(attributes["langfuse.observation.model.name"])
        let parameters = attributes["langfuse.observation.model.parameters"].map(TraceValues.decodingEmbeddedJSON)
        content.requestModel = TraceValues.string(parameters?["model"])
        return content
    }
}
