/// Turns a call's recorded output into the text that shipped.
enum TraceOutput {
    /// - a string is the text; a list of text blocks, their text joined;
    /// - a list of output messages (OpenTelemetry `gen_ai.output.messages`, one per choice) gives
    ///   the first assistant message's text parts, joined;
    /// - a single message gives its text;
    /// - OpenAI responses give the first choice; LangChain results (`generations`) the first
    ///   generation; state objects holding `messages` the last assistant message;
    /// - `{"output": ...}`, `{"content": ...}` and similar wrappers are unwrapped;
    /// - any other value is kept as compact JSON text.
    /// Nil when nothing was recorded (null, an empty string, list or object: LangSmith posts a run's
    /// `outputs` as `{}` when it starts).
    static func text(_ value: JSONValue?) -> String? {
        guard let value else { return nil }
        switch value {
        case .object(let fields) where fields.isEmpty:
            return nil
        case .array(let items) where items.isEmpty:
            return nil
        case .string(let text) where text.isEmpty:
            return nil
        case .null:
            return nil
        case .string(let text):
            return text
        case .bool, .number:
            return TraceValues.scalarText(value)
        case .array:
            if ChatMessages.isMessageList(value) {
                let messages = ChatMessages.flattened(value)
                let chosen = messages.first { ChatMessages.role($0) == .assistant } ?? messages.first
                return chosen.flatMap(ChatMessages.text) ?? value.compactText()
            }
            // Content blocks (`[{"type": "text", "text": "..."}]`) or a list of strings.
            return ChatMessages.contentText(value) ?? value.compactText()
        case .object(let fields):
            if ChatMessages.role(value) != nil, let text = ChatMessages.text(value) { return text }
            if case .array(let choices)? = fields["choices"], let first = choices.first {
                if let message = first["message"], let text = ChatMessages.text(message) { return text }
                if let text = first["text"]?.stringValue { return text }
            }
            if let generations = fields["generations"], let first = ChatMessages.flattened(generations).first {
                if let text = TraceValues.string(first["text"]) { return text }
                if let message = first["message"], let text = ChatMessages.text(message) { return text }
            }
            if let messages = fields["messages"], ChatMessages.isMessageList(messages),
                let last = ChatMessages.flattened(messages).last(where: { ChatMessages.role($0) == .assistant }),
                let text = ChatMessages.text(last)
            {
                return text
            }
            for key in ["output", "content", "text", "completion", "response", "answer"] {
                if let inner = fields[key], let found = Self.text(inner) { return found }
            }
            return value.compactText()
        }
    }
}
