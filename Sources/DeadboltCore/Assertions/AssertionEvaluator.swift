/// Decides assertions against a provider's answer, with promptfoo's semantics.
///
/// Pure: no processes, no I/O. `exec` assertions need a process and are left to the runner.
public enum AssertionEvaluator {
    /// The default `threshold` of `levenshtein`, in edits.
    public static let defaultLevenshteinThreshold = 5.0

    /// Evaluates `assertion` against the answer and case in `context`.
    ///
    /// Placeholders in the value are expanded first; one that names nothing fails the assertion
    /// with a message saying so, whether or not it is negated.
    public static func evaluate(_ assertion: Assertion, in context: AssertionContext) -> AssertionOutcome {
        if assertion.needsRunner {
            return AssertionOutcome(
                name: assertion.name, pass: false, message: "exec assertions are evaluated by the runner")
        }
        var value: JSONValue?
        if let written = assertion.value {
            do {
                value = try TemplateExpansion.expand(written, in: context)
            } catch {
                return AssertionOutcome(name: assertion.name, pass: false, message: error.message)
            }
        }
        return check(assertion, value: value, context: context).outcome(for: assertion)
    }

    /// Evaluates every assertion in order.
    public static func evaluate(_ assertions: [Assertion], in context: AssertionContext) -> [AssertionOutcome] {
        assertions.map { evaluate($0, in: context) }
    }

    private static func check(_ assertion: Assertion, value: JSONValue?, context: AssertionContext) -> AssertionCheck {
        let output = context.output
        let name = assertion.type.rawValue
        switch assertion.type {
        case .equals:
            guard let value else { return .invalid(message: "`\(name)` needs a value") }
            return TextChecks.equals(output, value)
        case .contains, .icontains, .startsWith, .levenshtein:
            guard let value else { return .invalid(message: "`\(name)` needs a value") }
            guard let text = Assertion.textForm(value) else {
                return .invalid(
                    message:
                        "`\(name)` needs a string value, got \(value.typeName) \(MessageText.json(value, limit: 60))"
                        + (value.objectValue != nil || value.arrayValue != nil
                            ? "; to match JSON use contains-json" : ""))
            }
            switch assertion.type {
            case .contains: return TextChecks.contains(output, text, ignoringCase: false)
            case .icontains: return TextChecks.contains(output, text, ignoringCase: true)
            case .startsWith: return TextChecks.startsWith(output, text)
            default:
                return TextChecks.levenshtein(
                    output, text, threshold: assertion.threshold ?? defaultLevenshteinThreshold)
            }
        case .containsAll, .containsAny, .icontainsAll, .icontainsAny:
            guard let value else { return .invalid(message: "`\(name)` needs a list of strings") }
            let items: [String]
            switch TextChecks.stringList(value) {
            case .success(let list): items = list
            case .failure(let problem): return .invalid(message: "`\(name)` \(problem.message)")
            }
            let ignoringCase = assertion.type == .icontainsAll || assertion.type == .icontainsAny
            return assertion.type == .containsAll || assertion.type == .icontainsAll
                ? TextChecks.containsAll(output, items, ignoringCase: ignoringCase)
                : TextChecks.containsAny(output, items, ignoringCase: ignoringCase)
        case .regex:
            guard case .string(let pattern)? = value else {
                return .invalid(
                    message: "`regex` needs a regular expression string, got \(value?.typeName ?? "nothing")")
            }
            return TextChecks.regex(output, pattern)
        case .isJSON:
            return JSONChecks.isJSON(output, schema: value)
        case .jsonSchema:
            guard let value else { return .invalid(message: "`json-schema` needs a JSON schema") }
            return JSONChecks.jsonSchema(output, schema: value)
        case .containsJSON:
            if let schema = assertion.schema { return JSONChecks.containsJSON(output, schema: schema) }
            return JSONChecks.containsJSON(output, expected: value)
        case .latency:
            guard let threshold = assertion.threshold else {
                return .invalid(message: "`latency` needs a threshold in milliseconds")
            }
            guard let latency = context.latencyMs else {
                return .invalid(message: "latency was not measured for this answer, so `latency` cannot be checked")
            }
            let bound = MessageText.number(threshold)
            if Double(latency) <= threshold {
                return .holds(fact: "latency \(latency) ms is within \(bound) ms")
            }
            return .fails(
                failure: "expected latency of at most \(bound) ms, got \(latency) ms",
                absence: "latency \(latency) ms is over \(bound) ms", diff: nil)
        case .exec:
            return .invalid(message: "exec assertions are evaluated by the runner")
        }
    }
}
