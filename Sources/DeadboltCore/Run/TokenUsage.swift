/// Tokens a model read (the prompt) and wrote (the completion) for one answer.
public struct TokenUsage: Sendable, Equatable {
    public var prompt: Int
    public var completion: Int

    /// What either count may be.
    public static let range: ClosedRange<Int> = 0...100_000_000

    public init(prompt: Int, completion: Int) {
        self.prompt = prompt
        self.completion = completion
    }

    public var total: Int { prompt + completion }
}
