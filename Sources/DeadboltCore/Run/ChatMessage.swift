/// One message of a chat request, as a chat-completions API reads it.
public struct ChatMessage: Sendable, Equatable {
    /// `system`, `user`, `assistant`, `tool` (or whatever the case's own messages say).
    public var role: String
    /// Text, or the content parts a captured message carried, as given.
    public var content: JSONValue

    public init(role: String, content: JSONValue) {
        self.role = role
        self.content = content
    }

    public init(role: String, text: String) {
        self.init(role: role, content: .string(text))
    }

    /// `{"role": ..., "content": ...}`.
    public var json: JSONValue {
        .object(["role": .string(role), "content": content])
    }
}
