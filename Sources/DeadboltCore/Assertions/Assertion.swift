/// One check of a provider's output, as written in a dataset's `assert:` list or a case's `assert`.
///
/// The written name is the type, optionally preceded by `not-`, as in promptfoo:
/// `{"type": "not-contains", "value": "refund"}` is `Assertion(type: .contains, negated: true, ...)`.
public struct Assertion: Sendable, Hashable {
    /// The kind of check, without the `not-` prefix.
    public var type: AssertionType
    /// Whether the written name had the `not-` prefix, which inverts the result.
    public var negated: Bool
    /// The expected value, before `{{expected_output}}` and `{{input.FIELD}}` are expanded.
    public var value: JSONValue?
    /// The bound of `levenshtein` (edits), `latency` (milliseconds) or `exec` (minimum score).
    public var threshold: Double?
    /// The evaluator's argv for `exec`.
    public var command: [String]?
    /// The JSON schema a `contains-json` document must satisfy (promptfoo's meaning of its value).
    public var schema: JSONValue?
    /// How much it counts in the case's score (promptfoo's `weight`, default 1); an assertion of
    /// weight 0 is reported but never fails its case.
    public var weight: Double?
    /// The name its score is reported under (promptfoo's `metric`).
    public var metric: String?

    /// Creates an assertion from its parts; ``parse(_:)`` builds one from a written spec.
    public init(
        type: AssertionType,
        negated: Bool = false,
        value: JSONValue? = nil,
        threshold: Double? = nil,
        command: [String]? = nil
    ) {
        self.type = type
        self.negated = negated
        self.value = value
        self.threshold = threshold
        self.command = command
    }

    /// The written form of the type, such as `not-contains`.
    public var name: String {
        negated ? "not-" + type.rawValue : type.rawValue
    }

    /// Whether its result decides its case when the case has no score threshold.
    public var gates: Bool { weight != 0 }

    /// Whether the runner, not ``AssertionEvaluator``, decides this assertion (true for `exec`).
    public var needsRunner: Bool {
        type == .exec
    }

    /// The assertion as a spec object, the form ``parse(_:)`` reads.
    public var specJSON: JSONValue {
        var object: [String: JSONValue] = ["type": .string(name)]
        if let value { object["value"] = value }
        if let threshold { object["threshold"] = .number(threshold) }
        if let command { object["command"] = .array(command.map(JSONValue.string)) }
        if let schema { object["schema"] = schema }
        if let weight { object["weight"] = .number(weight) }
        if let metric { object["metric"] = .string(metric) }
        return .object(object)
    }
}

/// The kinds of assertion, by their promptfoo names.
public enum AssertionType: String, CaseIterable, Sendable {
    /// The output is exactly the value (or, for a non-string value, parses to equal JSON).
    case equals
    /// The output contains the value.
    case contains
    /// The output contains the value, ignoring case.
    case icontains
    /// The output contains every string in the value.
    case containsAll = "contains-all"
    /// The output contains at least one string in the value.
    case containsAny = "contains-any"
    /// The output contains every string in the value, ignoring case.
    case icontainsAll = "icontains-all"
    /// The output contains at least one string in the value, ignoring case.
    case icontainsAny = "icontains-any"
    /// The output starts with the value.
    case startsWith = "starts-with"
    /// The output matches the regular expression in the value.
    case regex
    /// The output is JSON (and satisfies the JSON schema in the value, when there is one).
    case isJSON = "is-json"
    /// The output holds JSON that matches the value as a subset.
    case containsJSON = "contains-json"
    /// The output is JSON that satisfies the JSON schema in the value.
    case jsonSchema = "json-schema"
    /// The output is within `threshold` edits of the value.
    case levenshtein
    /// The provider answered within `threshold` milliseconds.
    case latency
    /// A user's evaluator command decides; run by the runner.
    case exec
}
