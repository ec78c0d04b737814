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
           let output = object["output"] {
            self.output = output.stringValue ?? output.compactText()
            model = object["model"]?.stringValue
            latencyMs = object["latency_ms"]?.numberValue.map { Int($0) }
            cost = object["cost"]?.numberValue
            return
        }
        // One trailing newline is how programs end their output, not part of the answer.
        var output = text
        if output.last == "\n" || output.last == "\r\n" { output.removeLast() }
        self.output = output
    }
}
