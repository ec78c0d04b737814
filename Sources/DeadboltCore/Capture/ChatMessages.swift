/// Reading chat messages in the shapes traces record them.
///
/// - OpenTelemetry GenAI: `{"role": "user", "parts": [{"type": "text", "content": "..."}]}`
/// - OpenAI and the older OpenTelemetry attributes:
///   `{"role": "user", "content": "..." | [{"type": "text", "text": "..."}]}`
/// - LangChain dicts: `{"type": "human", "content": "..."}`
/// - LangChain serialised:
///   `{"lc": 1, "type": "constructor", "id": [..., "HumanMessage"], "kwargs": {"content": "...", "type": "human"}}`
///
/// LangSmith nests messages one list deeper (`[[message, ...]]`, one list per prompt); reading
/// flattens that.
enum ChatMessages {
    enum Role: Equatable {
        case system, user, assistant, tool, other
    }

    /// The message inside a LangChain serialised envelope, else the message itself.
    private static func body(_ message: [String: JSONValue]) -> [String: JSONValue] {
        if case .object(let kwargs)? = message["kwargs"] { return kwargs }
        return message
    }

    /// Who said it, when `value` looks like a message; nil for anything else (content parts too).
    static func role(_ value: JSONValue) -> Role? {
        guard case .object(let message) = value else { return nil }
        let fields = body(message)
        if let name = fields["role"]?.stringValue {
            return known(name) ?? .other
        }
        // LangChain names the speaker in `type`, or in the serialised class name.
        if let name = fields["type"]?.stringValue, let role = known(name) { return role }
        if case .array(let id)? = message["id"], let name = id.last?.stringValue { return known(name) }
        return nil
    }

    private static func known(_ name: String) -> Role? {
        switch name.lowercased() {
        case "user", "human", "humanmessage", "humanmessagechunk":
            return .user
        case "assistant", "ai", "model", "aimessage", "aimessagechunk":
            return .assistant
        case "system", "developer", "systemmessage", "systemmessagechunk":
            return .system
        case "tool", "function", "toolmessage", "functionmessage", "toolmessagechunk":
            return .tool
        default:
            return nil
        }
    }

    /// Whether `value` is a list of messages (possibly LangSmith's list of lists).
    static func isMessageList(_ value: JSONValue) -> Bool {
        guard case .array = value else { return false }
        let messages = flattened(value)
        return !messages.isEmpty && messages.allSatisfy { role($0) != nil }
    }

    /// The messages of a list, one level of nesting removed.
    static func flattened(_ value: JSONValue) -> [JSONValue] {
        guard case .array(let items) = value else { return [] }
        return items.flatMap { item -> [JSONValue] in
            if case .array(let inner) = item { return inner }
            return [item]
        }
    }

    /// The text a message carries: its text parts joined, tool calls, images and reasoning left out.
    static func text(_ value: JSONValue) -> String? {
        guard case .object(let message) = value else { return nil }
        let fields = body(message)
        if let parts = fields["parts"], let text = contentText(parts) { return text }
        if let content = fields["content"], let text = contentText(content) { return text }
        return TraceValues.string(fields["text"])
    }

    /// Text content in its usual forms: a string, or a list of strings and text parts.
    static func contentText(_ content: JSONValue) -> String? {
        switch content {
        case .string(let text):
            return text
        case .array(let parts):
            let texts = parts.compactMap { part -> String? in
                switch part {
                case .string(let text):
                    return text
                case .object(let fields):
                    let type = fields["type"]?.stringValue
                    guard type == nil || type == "text" || type == "input_text" || type == "output_text" else {
                        return nil
                    }
                    return fields["text"]?.stringValue ?? fields["content"]?.stringValue
                default:
                    return nil
                }
            }
            return texts.isEmpty ? nil : texts.joined(separator: "\n")
        case .object(let fields):
            return fields["text"]?.stringValue ?? fields["content"]?.stringValue
        default:
            return nil
        }
    }

    /// A recorded message as a chat request sends it: its role (LangChain's `human`, `ai`, ...
    /// and `developer` named as `user`, `assistant`, `system`, `tool`; an unknown role as
    /// written) and its content: the text (OpenTelemetry parts and lists of text parts joined
    /// by newlines), or an OpenAI content list as given when it holds more than text (an image).
    /// Tool calls are not carried.
    static func chatMessage(_ value: JSONValue) -> ChatMessage {
        let fields: [String: JSONValue]
        if case .object(let message) = value { fields = body(message) } else { fields = [:] }
        let roleName: String
        switch role(value) {
        case .system?: roleName = "system"
        case .user?: roleName = "user"
        case .assistant?: roleName = "assistant"
        case .tool?: roleName = "tool"
        case .other?, nil: roleName = fields["role"]?.stringValue ?? "user"
        }
        if fields["parts"] == nil, case .array(let parts)? = fields["content"],
            !parts.allSatisfy({ part in
                if case .string = part { return true }
                let type = part["type"]?.stringValue
                return type == nil || type == "text" || type == "input_text" || type == "output_text"
            })
        {
            return ChatMessage(role: roleName, content: .array(parts))
        }
        return ChatMessage(role: roleName, text: text(value) ?? "")
    }

    /// The text of the last user message.
    static func question(_ messages: [JSONValue]) -> String? {
        messages.last { role($0) == .user }.flatMap(text)
    }

    /// The system messages' text, joined by blank lines.
    static func systemText(_ messages: [JSONValue]) -> String? {
        let texts = messages.filter { role($0) == .system }.compactMap(text).filter { !$0.isEmpty }
        return texts.isEmpty ? nil : texts.joined(separator: "\n\n")
    }
}
