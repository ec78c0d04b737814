/// Turns a call's recorded input into the object of fields a case's `input` holds.
enum TraceInput {
    /// - A chat-message list becomes `{"messages": [...as given...], "question": "<last user text>"}`.
    /// - An object stays as it is; when it holds `messages`, `question` is added unless present.
    /// - A string becomes `{"question": "<string>"}`.
    /// - Anything else is kept under `input`.
    /// Nil when there is no input at all.
    static func normalized(_ value: JSONValue?) -> JSONValue? {
        guard let value else { return nil }
        switch value {
        case .null:
            return nil
        case .string(let text):
            return .object(["question": .string(text)])
        case .array:
            if ChatMessages.isMessageList(value) {
                var fields: [String: JSONValue] = ["messages": value]
                if let question = ChatMessages.question(ChatMessages.flattened(value)) {
                    fields["question"] = .string(question)
                }
                return .object(fields)
            }
            return .object(["input": value])
        case .object(var fields):
            // A single message, not a structured input that happens to have a `role` field.
            if let role = ChatMessages.role(value), role != .other, fields["messages"] == nil,
                fields["content"] != nil || fields["parts"] != nil || fields["kwargs"] != nil
            {
                return normalized(.array([value]))
            }
            if let messages = fields["messages"], ChatMessages.isMessageList(messages), fields["question"] == nil,
                let question = ChatMessages.question(ChatMessages.flattened(messages))
            {
                fields["question"] = .string(question)
            }
            return .object(fields)
        case .bool, .number:
            return .object(["input": value])
        }
    }

    /// The chat messages inside a normalised input, for reading system instructions.
    static func messages(_ input: JSONValue) -> [JSONValue] {
        guard let messages = input["messages"], ChatMessages.isMessageList(messages) else { return [] }
        return ChatMessages.flattened(messages)
    }
}
