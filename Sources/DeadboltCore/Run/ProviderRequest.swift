/// The JSON object a provider reads on standard input, as PRODUCT.md defines it.
public enum ProviderRequest {
    /// `{"case": {"id", "input", "tags"}, "dataset", "prompts": {path: blob id}, "revision"}`.
    public static func encode(
        case regressionCase: RegressionCase, dataset: Dataset, prompts: [String: String], revision: String?
    ) -> [UInt8] {
        let value: JSONValue = .object([
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

/// What a provider answered: plain text, or JSON `{"output", "model", "latency_ms", "cost"}`.
public struct ProviderAnswer: Sendable, Equatable {
    public var output: String
    public var model: String?
    public var latencyMs: Int?
    public var cost: Double?
    /// Things a person should know about the answer (bytes that were not UTF-8).
    public var notes: [String]
    /// Why the answer cannot be used (a `latency_ms` or `cost` out of range), nil when it can.
    public var problem: String?

    /// What `latency_ms` may be: 0 to 24 hours.
    public static let latencyRange: ClosedRange<Int> = 0...86_400_000
    /// What `cost` may be.
    public static let costRange: ClosedRange<Double> = 0...1_000_000

    /// Reads the provider's standard output.
    public init(stdout: [UInt8]) {
        notes = []
        let text: String
        if let valid = String(validating: stdout, as: UTF8.self) {
            text = valid
        } else {
            text = String(decoding: stdout, as: UTF8.self)
            notes.append("the provider's output is not valid UTF-8; invalid bytes are shown as U+FFFD")
        }
        let trimmed = text.drop(while: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
        if trimmed.first == "{", let json = try? JSONValue.parse(Array(trimmed.utf8)), case .object(let object) = json,
            let output = object["output"]
        {
            self.output = output.stringValue ?? output.compactText()
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
            return
        }
        // One trailing newline is how programs end their output, not part of the answer.
        var output = text
        if output.last == "\n" || output.last == "\r\n" { output.removeLast() }
        self.output = output
    }
}
