/// OTLP log records (`resourceLogs`), where the OpenTelemetry GenAI instrumentations put message
/// content when they do not put it on the span: one `gen_ai.client.inference.operation.details`
/// event with the messages as attributes (current releases, `EVENT_ONLY`), or one event per
/// message, `gen_ai.system.message`, `gen_ai.user.message`, ..., `gen_ai.choice`, with the message
/// in the body (the 2.3 releases and the older conventions). Records name their span by id.
enum OTLPLogs {
    struct Record {
        var traceID: String?
        var spanID: String?
        var eventName: String?
        var attributes: [String: JSONValue]
        var body: JSONValue
        /// Nanoseconds since the epoch, for ordering; 0 when the record has no time.
        var time: UInt64
        var scope: OTLPScope
        var resource: [String: JSONValue]
    }

    static func collect(_ document: JSONValue) -> [Record] {
        var records: [Record] = []
        for resourceLog in document["resourceLogs"]?.arrayValue ?? [] {
            let resource = OTLPTrace.attributeMap(resourceLog["resource"]?["attributes"])
            for scopeLog in resourceLog["scopeLogs"]?.arrayValue ?? [] {
                let scope = OTLPScope(scopeLog["scope"])
                for log in scopeLog["logRecords"]?.arrayValue ?? [] {
                    let attributes = OTLPTrace.attributeMap(log["attributes"])
                    let time = [log["timeUnixNano"], log["observedTimeUnixNano"]].lazy.compactMap { value in
                        value.flatMap(TraceValues.string).flatMap { UInt64($0) }
                    }.first
                    records.append(
                        Record(
                            traceID: TraceValues.string(log["traceId"]), spanID: TraceValues.string(log["spanId"]),
                            eventName: TraceValues.string(log["eventName"])
                                ?? TraceValues.string(attributes["event.name"]),
                            attributes: attributes, body: OTLPTrace.anyValue(log["body"] ?? .null), time: time ?? 0,
                            scope: scope, resource: resource))
                }
            }
        }
        return records
    }

    /// The attributes the records of one span add to it, in the span attributes' own names:
    /// `gen_ai.input.messages`, `gen_ai.output.messages` and the rest.
    static func attributes(of records: [Record]) -> [String: JSONValue] {
        var attributes: [String: JSONValue] = [:]
        var input: [JSONValue] = []
        var choices: [(index: Int, message: JSONValue)] = []
        // Stable: records without a time keep their order in the file.
        let ordered = records.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
        for record in ordered.map(\.element) {
            let name = record.eventName ?? ""
            if name == "gen_ai.client.inference.operation.details" {
                attributes.merge(record.attributes) { first, _ in first }
                continue
            }
            if let role = messageRole(name) {
                var message: [String: JSONValue] = ["role": .string(role)]
                if case .object(let body) = record.body {
                    for (key, value) in body where key == "content" || key == "role" { message[key] = value }
                } else if case .string = record.body {
                    message["content"] = record.body
                }
                input.append(.object(message))
            } else if name == "gen_ai.choice" {
                let index = record.body["index"]?.numberValue.map { Int($0) } ?? choices.count
                var message = record.body["message"]?.objectValue ?? [:]
                if message["role"] == nil { message["role"] = .string("assistant") }
                choices.append((index, .object(message)))
            }
            for key in ["gen_ai.request.model", "gen_ai.response.model", "gen_ai.system", "gen_ai.provider.name"] {
                if attributes[key] == nil, let value = record.attributes[key] { attributes[key] = value }
            }
        }
        if !input.isEmpty, attributes["gen_ai.input.messages"] == nil {
            attributes["gen_ai.input.messages"] = .array(input)
        }
        if !choices.isEmpty, attributes["gen_ai.output.messages"] == nil {
            attributes["gen_ai.output.messages"] = .array(choices.sorted { $0.index < $1.index }.map(\.message))
        }
        return attributes
    }

    /// The role a per-message event names: `gen_ai.user.message` is the user's.
    static func messageRole(_ eventName: String) -> String? {
        switch eventName {
        case "gen_ai.system.message": return "system"
        case "gen_ai.user.message": return "user"
        case "gen_ai.assistant.message": return "assistant"
        case "gen_ai.tool.message": return "tool"
        default: return nil
        }
    }
}

/// The instrumentation scope that wrote a span or log: its name and version.
struct OTLPScope: Equatable {
    var name: String?
    var version: String?

    init(_ value: JSONValue?) {
        name = TraceValues.string(value?["name"])
        version = TraceValues.string(value?["version"])
    }

    init(name: String? = nil, version: String? = nil) {
        self.name = name
        self.version = version
    }

    /// `name version`, or `name`, for messages.
    var description: String? { name.map { name in version.map { "\(name) \($0)" } ?? name } }
}
