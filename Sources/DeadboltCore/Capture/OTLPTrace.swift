/// OpenTelemetry traces in OTLP JSON, read through the GenAI semantic conventions.
///
/// The file is `{"resourceSpans": [{"resource": {"attributes": [...]}, "scopeSpans": [{"spans": [...]}]}]}`;
/// a bare `{"spans": [...]}` or a single span object is accepted too. A span is a candidate call
/// when any of its attributes, or its events' attributes, is a `gen_ai.*` one.
enum OTLPTrace {
    struct Span {
        var traceID: String?
        var spanID: String?
        var parentSpanID: String?
        var name: String
        /// Span attributes over its events' attributes, decoded from OTLP `AnyValue`s.
        var attributes: [String: JSONValue]
        var ownAttributes: [String: JSONValue]
        var resource: [String: JSONValue]
        var isGenAI: Bool
    }

    static func matches(_ document: JSONValue) -> Bool {
        guard case .object(let fields) = document else { return false }
        if fields["resourceSpans"]?.arrayValue != nil { return true }
        if let spans = fields["spans"]?.arrayValue { return spans.contains { $0["spanId"] != nil } }
        return fields["spanId"] != nil && fields["attributes"]?.arrayValue != nil
    }

    static func read(_ document: JSONValue, path: String, spanID: String?) throws(InputError) -> TraceRecord {
        let spans = collect(document)
        let units = spans.map { TraceUnit(id: $0.spanID, label: $0.name) }
        let candidates = spans.indices.filter { spans[$0].isGenAI }
        guard
            let index = try TraceCallChoice.choose(
                units, candidates: candidates, spanID: spanID, path: path, unitName: "span", callName: "GenAI span")
        else {
            throw InputError(
                file: path,
                "holds \(Plural.count(spans.count, "span")) but none with `gen_ai.*` attributes",
                hint:
                    "export the trace that holds the LLM call; "
                    + "deadbolt reads the OpenTelemetry GenAI semantic conventions"
            )
        }
        let span = spans[index]
        let attributes = span.attributes
        let what = "span \(span.spanID ?? "") (\(span.name))"
        guard let input = TraceInput.normalized(promptValue(attributes)) else {
            throw TraceReader.noInput(
                path: path, what: what,
                hint: "it has no `gen_ai.input.messages` or `gen_ai.prompt`; turn on message content capture in the "
                    + "instrumentation (OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true for the OpenTelemetry "
                    + "GenAI instrumentations) and export the trace again")
        }
        var system = attributes["gen_ai.system_instructions"].map(TraceValues.decodingEmbeddedJSON).flatMap(
            ChatMessages.contentText)
        if system == nil { system = ChatMessages.systemText(TraceInput.messages(input)) }
        return TraceRecord(
            format: "otlp",
            traceID: span.traceID,
            spanID: span.spanID,
            input: input,
            output: TraceOutput.text(completionValue(attributes)),
            model: TraceValues.string(attributes["gen_ai.request.model"])
                ?? TraceValues.string(attributes["gen_ai.response.model"]),
            promptName: TraceValues.scalarText(attributes["gen_ai.prompt.name"])
                ?? TraceValues.scalarText(attributes["langfuse.observation.prompt.name"]),
            promptVersion: TraceValues.scalarText(attributes["gen_ai.prompt.version"])
                ?? TraceValues.scalarText(attributes["langfuse.observation.prompt.version"]),
            systemInstructions: system,
            metadata: tags(of: index, in: spans))
    }

    // MARK: Content

    /// The prompt: `gen_ai.input.messages`, else the older `gen_ai.prompt` (JSON text of
    /// `[{role, content}]`), else the indexed `gen_ai.prompt.N.role` / `gen_ai.prompt.N.content`.
    static func promptValue(_ attributes: [String: JSONValue]) -> JSONValue? {
        if let messages = attributes["gen_ai.input.messages"] { return TraceValues.decodingEmbeddedJSON(messages) }
        if let prompt = attributes["gen_ai.prompt"] { return TraceValues.decodingEmbeddedJSON(prompt) }
        return indexedMessages(attributes, prefix: "gen_ai.prompt.")
    }

    /// The completion, looked up as ``promptValue(_:)`` looks up the prompt.
    static func completionValue(_ attributes: [String: JSONValue]) -> JSONValue? {
        if let messages = attributes["gen_ai.output.messages"] { return TraceValues.decodingEmbeddedJSON(messages) }
        if let completion = attributes["gen_ai.completion"] { return TraceValues.decodingEmbeddedJSON(completion) }
        return indexedMessages(attributes, prefix: "gen_ai.completion.")
    }

    /// Messages spelled as `PREFIX<n>.<field>` attributes, in index order; a message without a
    /// role is taken as the user's in a prompt and the assistant's in a completion.
    static func indexedMessages(_ attributes: [String: JSONValue], prefix: String) -> JSONValue? {
        var messages: [Int: [String: JSONValue]] = [:]
        for (key, value) in attributes where key.hasPrefix(prefix) {
            let rest = key.dropFirst(prefix.count)
            guard let dot = rest.firstIndex(of: "."), let index = Int(rest[..<dot]) else { continue }
            let field = String(rest[rest.index(after: dot)...])
            guard !field.isEmpty, !field.contains(".") else { continue }
            messages[index, default: [:]][field] = value
        }
        guard !messages.isEmpty else { return nil }
        let defaultRole = prefix.hasPrefix("gen_ai.prompt") ? "user" : "assistant"
        return .array(
            messages.keys.sorted().map { index in
                var message = messages[index] ?? [:]
                if message["role"] == nil { message["role"] = .string(defaultRole) }
                return .object(message)
            })
    }

    // MARK: Tags

    /// The tags of the call: a few resource attributes, then tag-like attributes of the span's
    /// ancestors from the root down, then the span's own.
    static func tags(of index: Int, in spans: [Span]) -> [String: String] {
        let span = spans[index]
        var tags: [String: String] = [:]
        for key in ["service.name", "service.version", "deployment.environment", "deployment.environment.name"] {
            if let text = TraceValues.scalarText(span.resource[key]) { tags[key] = text }
        }
        var chain: [Span] = [span]
        var seen: Set<String> = []
        while let parentID = chain.last?.parentSpanID, !parentID.isEmpty, seen.insert(parentID).inserted,
            let parent = spans.first(where: { $0.spanID == parentID && $0.traceID == span.traceID })
        {
            chain.append(parent)
        }
        for ancestor in chain.reversed() {
            for (key, value) in ancestor.ownAttributes {
                if key == "metadata" {
                    // OpenInference records its metadata as one JSON-text attribute.
                    TraceTags.merge(TraceValues.decodingEmbeddedJSON(value).objectValue, into: &tags)
                } else if let tag = tagName(key), let text = TraceValues.scalarText(value) {
                    tags[tag] = text
                }
            }
        }
        if tags["provider"] == nil, let system = TraceValues.scalarText(span.ownAttributes["gen_ai.system"]) {
            tags["provider"] = system
        }
        return tags
    }

    /// The tag an attribute becomes, or nil for attributes that are not tag-like.
    ///
    /// Application attributes (`app.*`, and bare keys without a namespace such as `feature`), user
    /// and session ids, Langfuse and OpenLLMetry metadata attributes, and the GenAI provider and
    /// conversation id.
    static func tagName(_ key: String) -> String? {
        switch key {
        case "user.id", "enduser.id", "langfuse.user.id": return "user_id"
        case "session.id", "langfuse.session.id": return "session_id"
        case "gen_ai.provider.name": return "provider"
        case "gen_ai.conversation.id": return "conversation_id"
        default: break
        }
        for prefix in [
            "app.", "langfuse.trace.metadata.", "langfuse.observation.metadata.", "traceloop.association.properties.",
        ]
        where key.hasPrefix(prefix) && key.count > prefix.count {
            return String(key.dropFirst(prefix.count))
        }
        return key.contains(".") || key.isEmpty ? nil : key
    }

    // MARK: OTLP JSON

    static func collect(_ document: JSONValue) -> [Span] {
        var spans: [Span] = []
        if let resourceSpans = document["resourceSpans"]?.arrayValue {
            for resourceSpan in resourceSpans {
                let resource = attributeMap(resourceSpan["resource"]?["attributes"])
                // `instrumentationLibrarySpans` is the name before OTLP 0.15.
                let scopes =
                    (resourceSpan["scopeSpans"]?.arrayValue ?? [])
                    + (resourceSpan["instrumentationLibrarySpans"]?.arrayValue ?? [])
                for scope in scopes {
                    for span in scope["spans"]?.arrayValue ?? [] { spans.append(decode(span, resource: resource)) }
                }
            }
        } else if let list = document["spans"]?.arrayValue {
            spans = list.map { decode($0, resource: [:]) }
        } else {
            spans = [decode(document, resource: [:])]
        }
        return spans
    }

    static func decode(_ span: JSONValue, resource: [String: JSONValue]) -> Span {
        let own = attributeMap(span["attributes"])
        var attributes: [String: JSONValue] = [:]
        var genAIEvent = false
        for event in span["events"]?.arrayValue ?? [] {
            if event["name"]?.stringValue?.hasPrefix("gen_ai.") == true { genAIEvent = true }
            attributes.merge(attributeMap(event["attributes"])) { _, later in later }
        }
        attributes.merge(own) { _, spanValue in spanValue }
        return Span(
            traceID: TraceValues.string(span["traceId"]),
            spanID: TraceValues.string(span["spanId"]),
            parentSpanID: TraceValues.string(span["parentSpanId"]),
            name: span["name"]?.stringValue ?? "",
            attributes: attributes,
            ownAttributes: own,
            resource: resource,
            isGenAI: genAIEvent || attributes.keys.contains { $0.hasPrefix("gen_ai.") })
    }

    /// `[{"key": ..., "value": AnyValue}]` as a dictionary of plain JSON values.
    static func attributeMap(_ list: JSONValue?) -> [String: JSONValue] {
        var map: [String: JSONValue] = [:]
        for entry in list?.arrayValue ?? [] {
            guard let key = entry["key"]?.stringValue else { continue }
            map[key] = anyValue(entry["value"] ?? .null)
        }
        return map
    }

    /// An OTLP `AnyValue` (`{"stringValue": ...}`, `{"intValue": "42"}`, `{"arrayValue": {"values": [...]}}`,
    /// `{"kvlistValue": {"values": [{key, value}]}}`, ...) as a plain JSON value.
    static func anyValue(_ value: JSONValue) -> JSONValue {
        guard case .object(let fields) = value else { return value }
        if let text = fields["stringValue"] { return text }
        if let flag = fields["boolValue"] { return flag }
        for key in ["intValue", "doubleValue"] {
            guard let number = fields[key] else { continue }
            // OTLP JSON writes 64-bit integers as strings.
            if case .string(let text) = number, let parsed = Double(text) { return .number(parsed) }
            return number
        }
        if let array = fields["arrayValue"] { return .array((array["values"]?.arrayValue ?? []).map(anyValue)) }
        if let list = fields["kvlistValue"] { return .object(attributeMap(list["values"])) }
        if let bytes = fields["bytesValue"] { return bytes }
        return .null
    }
}
