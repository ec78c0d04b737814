/// OpenTelemetry traces in OTLP JSON: spans, and the log records that carry their messages.
///
/// A file is one export request (`{"resourceSpans": [...]}` or `{"resourceLogs": [...]}`), JSON
/// Lines of them, a bare `{"spans": [...]}` or a single span; several files (the traces and the
/// logs exports) are joined on trace and span ids. A span is read through the GenAI conventions,
/// OpenInference or Langfuse's attributes (see ``CallContent``); it is a candidate when it carries
/// the call's messages, so agent and tool spans, and calls exported without content, are not.
enum OTLPTrace {
    struct Span {
        var traceID: String?
        var spanID: String?
        var parentSpanID: String?
        var name: String
        /// Span attributes over its events' attributes over its log records', decoded from OTLP `AnyValue`s.
        var attributes: [String: JSONValue]
        var ownAttributes: [String: JSONValue]
        var resource: [String: JSONValue]
        var scope: OTLPScope
        /// `startTimeUnixNano`, or the first log record's time for a span made of log records.
        var start: String?
        /// Whether `status.code` is ERROR (2, or `STATUS_CODE_ERROR` in proto JSON's enum names).
        var failed = false
        var content = CallContent()
    }

    static func matches(_ document: JSONValue) -> Bool {
        guard case .object(let fields) = document else { return false }
        if fields["resourceSpans"]?.arrayValue != nil || fields["resourceLogs"]?.arrayValue != nil { return true }
        if let spans = fields["spans"]?.arrayValue { return spans.contains { $0["spanId"] != nil } }
        return fields["spanId"] != nil && fields["attributes"]?.arrayValue != nil
    }

    static func read(_ documents: [TraceDocuments.Document], spanID: String?) throws(InputError) -> TraceRecord {
        try read(
            spans: documents.flatMap { collect($0.value) }, logs: documents.flatMap { OTLPLogs.collect($0.value) },
            path: documents.first?.path ?? "trace", spanID: spanID)
    }

    /// The call among `spans` (joined with `logs`) that `spanID` names, or the only one that
    /// carries messages. When `counting` (`deadbolt coverage`), a call that recorded no messages
    /// (content capture is off by default in the GenAI instrumentations) still stands for its trace,
    /// as does the first of several.
    static func read(
        spans unjoined: [Span], logs: [OTLPLogs.Record], path: String, spanID: String?, counting: Bool = false
    ) throws(InputError) -> TraceRecord {
        let spans = joined(unjoined, logs: logs)
        let units = spans.map { TraceUnit(id: $0.spanID, label: label($0)) }
        var candidates = spans.indices.filter { spans[$0].content.input != nil }
        if counting, candidates.isEmpty { candidates = spans.indices.filter { spans[$0].content.isModelCall } }
        guard
            let index = try TraceCallChoice.choose(
                units, candidates: candidates, spanID: spanID, path: path, unitName: "span",
                callName: "model call", counting: counting)
        else {
            throw noCandidate(spans, path: path, logsGiven: !logs.isEmpty)
        }
        let span = spans[index]
        let content = span.content
        let what = "span \(span.spanID ?? "") (\(span.name))"
        guard let input = TraceInput.normalized(content.input) ?? (counting ? .object([:]) : nil) else {
            throw TraceReader.noInput(path: path, what: what, hint: contentHint(span, logsGiven: !logs.isEmpty))
        }
        var system = content.system
        if system == nil { system = ChatMessages.systemText(TraceInput.messages(input)) }
        let attributes = span.attributes
        var record = TraceRecord(
            format: "otlp",
            traceID: span.traceID,
            spanID: span.spanID,
            input: input,
            output: TraceOutput.text(content.output),
            model: content.responseModel ?? content.requestModel,
            requestModel: content.requestModel,
            promptName: TraceValues.scalarText(attributes["gen_ai.prompt.name"])
                ?? TraceValues.scalarText(attributes["langfuse.observation.prompt.name"]),
            promptVersion: TraceValues.scalarText(attributes["gen_ai.prompt.version"])
                ?? TraceValues.scalarText(attributes["langfuse.observation.prompt.version"]),
            systemInstructions: system,
            time: span.start,
            metadata: tags(of: index, in: spans))
        record.failed = spans.contains(where: \.failed)
        return record
    }

    /// How a span is listed when `--span` must choose: its id's label, operation, model and the
    /// first words of its last user message.
    static func label(_ span: Span) -> String {
        var parts: [String] = [span.name]
        let model = span.content.responseModel ?? span.content.requestModel
        if let operation = span.content.operation, !span.name.hasPrefix(operation) { parts.append(operation) }
        if let model, !span.name.contains(model) { parts.append(model) }
        if let input = TraceInput.normalized(span.content.input), let question = input["question"]?.stringValue {
            let words = question.split(whereSeparator: \.isWhitespace)
            parts.append("\u{201C}\(words.prefix(8).joined(separator: " "))\(words.count > 8 ? "…" : "")\u{201D}")
        }
        return parts.joined(separator: ", ")
    }

    /// The error for a trace none of whose spans carries messages.
    static func noCandidate(_ spans: [Span], path: String, logsGiven: Bool) -> InputError {
        let calls = spans.filter(\.content.isModelCall)
        guard let call = calls.first else {
            return InputError(
                file: path,
                "holds \(Plural.count(spans.count, "span")) but no call to a model",
                hint: "export the trace that holds the LLM call; deadbolt reads the OpenTelemetry GenAI conventions "
                    + "(`gen_ai.*`), OpenInference (`llm.*`) and the Langfuse SDK's `langfuse.observation.*`")
        }
        let listing = calls.prefix(3).map { "\($0.spanID ?? "(no id)") (\($0.name))" }.joined(separator: ", ")
        return InputError(
            file: path,
            "holds \(Plural.count(calls.count, "model call")) (\(listing)) but none recorded its messages, "
                + "so there is nothing to replay",
            hint: contentHint(call, logsGiven: logsGiven))
    }

    /// What to set, for the library that wrote `span`, so that its messages are recorded.
    static func contentHint(_ span: Span, logsGiven: Bool) -> String {
        let scope = span.scope.name ?? ""
        let writer = span.scope.description.map { "it was written by \($0); " } ?? ""
        let passLogs = "pass the logs export as a second --trace beside this file"
        let noMatch = "the logs given hold no record of span \(span.spanID ?? "?") of trace \(span.traceID ?? "?")"
        if scope == "opentelemetry.util.genai.handler" {
            // opentelemetry-instrumentation-openai-v2 2.4 and later, through opentelemetry-util-genai.
            return writer
                + "set OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=SPAN_ONLY to record messages on the span "
                + "(in these releases `true` turns capture off), or EVENT_ONLY to write them to OTLP logs and "
                + (logsGiven ? "export again (\(noMatch))" : "then " + passLogs)
        }
        if scope.hasPrefix("opentelemetry.instrumentation.") {
            return writer
                + "with OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true its 2.3 and earlier releases write "
                + "messages to OTLP log records, not to the span: export the logs (a LoggerProvider with an OTLP "
                + "log exporter) and " + (logsGiven ? "check them (\(noMatch))" : passLogs)
        }
        if scope.hasPrefix("openinference.") {
            return writer
                + "unset OPENINFERENCE_HIDE_INPUTS, OPENINFERENCE_HIDE_INPUT_MESSAGES and "
                + "OPENINFERENCE_HIDE_OUTPUT_MESSAGES (or their TraceConfig options) and export the trace again"
        }
        if scope.hasPrefix("langfuse") {
            return writer + "record the generation with its input (or use the Langfuse OpenAI integration) and "
                + "export the trace again"
        }
        return writer
            + "turn on message content capture in the instrumentation that wrote it and export the trace again"
    }

    /// `spans` with the attributes their log records add; log records of no span become spans of
    /// their own (a logs export passed alone).
    static func joined(_ spans: [Span], logs: [OTLPLogs.Record]) -> [Span] {
        var spans = spans
        var bySpan: [String: [OTLPLogs.Record]] = [:]
        var order: [String] = []
        for record in logs {
            let key = (record.traceID ?? "") + "/" + (record.spanID ?? "")
            if bySpan[key] == nil { order.append(key) }
            bySpan[key, default: []].append(record)
        }
        for index in spans.indices {
            let key = (spans[index].traceID ?? "") + "/" + (spans[index].spanID ?? "")
            guard let records = bySpan.removeValue(forKey: key) else { continue }
            spans[index].attributes.merge(OTLPLogs.attributes(of: records)) { span, _ in span }
        }
        for key in order {
            guard let records = bySpan[key], let first = records.first else { continue }
            let attributes = OTLPLogs.attributes(of: records)
            spans.append(
                Span(
                    traceID: first.traceID, spanID: first.spanID, parentSpanID: nil,
                    name: first.eventName ?? "log records", attributes: attributes, ownAttributes: [:],
                    resource: first.resource, scope: first.scope, start: first.time == 0 ? nil : String(first.time)))
        }
        for index in spans.indices { spans[index].content = CallContent.of(spans[index].attributes) }
        return spans
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
                    let named = OTLPScope(scope["scope"] ?? scope["instrumentationLibrary"])
                    for span in scope["spans"]?.arrayValue ?? [] {
                        spans.append(decode(span, resource: resource, scope: named))
                    }
                }
            }
        } else if let list = document["spans"]?.arrayValue {
            spans = list.map { decode($0, resource: [:], scope: OTLPScope()) }
        } else if document["resourceLogs"] == nil {
            spans = [decode(document, resource: [:], scope: OTLPScope())]
        }
        return spans
    }

    static func decode(_ span: JSONValue, resource: [String: JSONValue], scope: OTLPScope) -> Span {
        let own = attributeMap(span["attributes"])
        var attributes: [String: JSONValue] = [:]
        for event in span["events"]?.arrayValue ?? [] {
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
            scope: scope,
            start: TraceValues.scalarText(span["startTimeUnixNano"]),
            failed: span["status"]?["code"] == .number(2) || span["status"]?["code"] == .string("STATUS_CODE_ERROR"))
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
