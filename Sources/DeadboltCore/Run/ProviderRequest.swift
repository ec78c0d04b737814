/// The JSON object a provider reads on standard input (docs/provider-protocol.md).
public enum ProviderRequest {
    /// `{"case": {"id", "input", "tags"}, "dataset", "prompts": {path: blob id}, "messages":
    /// [{"role", "content"}...], "revision"}`: `messages` as deadbolt rendered them.
    public static func encode(
        case regressionCase: RegressionCase, dataset: Dataset, prompts: [String: String],
        messages: [ChatMessage] = [], revision: String?
    ) -> [UInt8] {
        let value: JSONValue = .object([
            "messages": .array(messages.map(\.json)),
            "case": .object([
                "id": .string(regressionCase.id),
                "input": regressionCase.input,
                "tags": .object(regressionCase.tags),
            ]),
            "dataset": .string(dataset.name),
            "prompts": .object(prompts.mapValues { .string($0) }),
            "revision": revision.map { .string($0) } ?? .null,
        ])
        return Array(value.compactText().utf8) + [0x0A]
    }
}

/// What a provider answered: plain text, or JSON `{"output", "model", "latency_ms", "cost", "usage"}`.
public struct ProviderAnswer: Sendable, Equatable {
    public var output: String
    public var model: String?
    public var latencyMs: Int?
    public var cost: Double?
    /// Tokens the model read and wrote, when the provider says.
    public var usage: TokenUsage?
    /// Things a person should know about the answer (bytes that were not UTF-8).
    public var notes: [String]
    /// Why the answer cannot be used (a `latency_ms` or `cost` out of range), nil when it can.
    public var problem: String?

    /// What `latency_ms` may be: 0 to 24 hours.
    public static let latencyRange: ClosedRange<Int> = 0...86_400_000
    /// What `cost` may be.
    public static let costRange: ClosedRange<Double> = 0...1_000_000

    public init(
        output: String, model: String? = nil, latencyMs: Int? = nil, cost: Double? = nil, usage: TokenUsage? = nil,
        notes: [String] = [], problem: String? = nil
    ) {
        self.output = output
        self.model = model
        self.latencyMs = latencyMs
        self.cost = cost
        self.usage = usage
        self.notes = notes
        self.problem = problem
    }

    /// Reads the provider's standard output.
    public init(stdout: [UInt8]) {
        var notes: [String] = []
        let text: String
        if let valid = String(validating: stdout, as: UTF8.self) {
            text = valid
        } else {
            text = String(decoding: stdout, as: UTF8.self)
            notes.append("the provider's output is not valid UTF-8; invalid bytes are shown as U+FFFD")
        }
        let trimmed = text.drop(while: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
        if trimmed.first == "{", let json = try? JSONValue.parse(Array(trimmed.utf8)), case .object(let object) = json,
            object["output"] != nil
        {
            self.init(fields: object, notes: notes)
            return
        }
        // One trailing newline is how programs end their output, not part of the answer.
        var output = text
        if output.last == "\n" || output.last == "\r\n" { output.removeLast() }
        self.init(output: output, notes: notes)
    }

    /// Reads an answer object `{"output", "model", "latency_ms", "cost", "usage"}`, each number
    /// range-checked; `problem` says which one is out of range.
    public init(fields object: [String: JSONValue], notes: [String] = []) {
        let output = object["output"] ?? .string("")
        self.init(output: output.stringValue ?? output.compactText(), notes: notes)
        model = object["model"]?.stringValue
        if let value = object["latency_ms"], value != .null {
            latencyMs = value.numberValue.flatMap { BoundedNumber.whole($0, in: Self.latencyRange) }
            if latencyMs == nil {
                problem =
                    "the provider's `latency_ms` must be a whole number of milliseconds from 0 to "
                    + "\(Self.latencyRange.upperBound) (24 hours), not \(MessageText.json(value, limit: 40))"
            }
        }
        if let value = object["cost"], value != .null {
            cost = value.numberValue.flatMap { BoundedNumber.real($0, in: Self.costRange) }
            if cost == nil {
                let shown = MessageText.json(value, limit: 40)
                problem = "the provider's `cost` must be a number from 0 to 1000000, not \(shown)"
            }
        }
        if case .object(let counts)? = object["usage"] {
            let prompt = counts["prompt_tokens"]?.numberValue.flatMap { BoundedNumber.whole($0, in: TokenUsage.range) }
            let completion = counts["completion_tokens"]?.numberValue.flatMap {
                BoundedNumber.whole($0, in: TokenUsage.range)
            }
            if let prompt, let completion {
                usage = TokenUsage(prompt: prompt, completion: completion)
            } else {
                problem =
                    "the provider's `usage` must hold `prompt_tokens` and `completion_tokens`, whole numbers from 0 to "
                    + "\(TokenUsage.range.upperBound)"
            }
        }
    }
}
