/// A written assertion that cannot be used, with what to change.
public struct AssertionSpecError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong and, where possible, what to write instead.
    public var message: String
    /// The key of the spec object at fault (`type`, `value`, an unknown key), when one is.
    public var key: String?

    /// Creates an error with its message and the key at fault.
    public init(message: String, key: String? = nil) {
        self.message = message
        self.key = key
    }

    /// The message.
    public var description: String { message }
}
