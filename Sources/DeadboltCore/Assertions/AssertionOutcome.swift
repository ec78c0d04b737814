/// The result of one assertion against one answer.
public struct AssertionOutcome: Sendable, Hashable {
    /// The assertion's written name, such as `not-contains`.
    public var name: String
    /// Whether the answer satisfies the assertion.
    public var pass: Bool
    /// One line for a person: what was found, or what was expected and not found.
    public var message: String
    /// A multi-line diff of expected against actual, for failures where one helps.
    public var diff: String?

    /// Creates an outcome.
    public init(name: String, pass: Bool, message: String, diff: String? = nil) {
        self.name = name
        self.pass = pass
        self.message = message
        self.diff = diff
    }
}
