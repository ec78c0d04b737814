/// What evaluating an assertion against one case's answer needs.
public struct AssertionContext: Sendable, Hashable {
    /// The provider's output as text.
    public var output: String
    /// The case's `expected_output`, when it has one.
    public var expectedOutput: JSONValue?
    /// The case's `input`.
    public var input: JSONValue
    /// How long the provider took, in milliseconds, when it was measured.
    public var latencyMs: Int?

    /// Creates a context for one answer.
    public init(
        output: String, expectedOutput: JSONValue? = nil, input: JSONValue = .object([:]), latencyMs: Int? = nil
    ) {
        self.output = output
        self.expectedOutput = expectedOutput
        self.input = input
        self.latencyMs = latencyMs
    }
}
