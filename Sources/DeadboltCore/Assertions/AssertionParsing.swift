import Foundation

extension Assertion {
    /// The keys a spec object may have.
    static let specKeys = ["type", "value", "threshold", "command", "weight", "metric", "schema"]

    /// Every written assertion name, with and without `not-`.
    static let writtenNames: [String] =
        AssertionType.allCases.map(\.rawValue) + AssertionType.allCases.map { "not-" + $0.rawValue }

    /// Reads one spec object, such as `{"type": "icontains", "value": "{{expected_output}}"}`.
    ///
    /// Checks what can be checked before a case runs: the type name (suggesting the nearest known
    /// one), unknown keys, the shape of `value`, `threshold` and `command`, regular expressions and
    /// JSON schemas that contain no placeholders. Numbers and booleans written where text is
    /// expected become their text, since YAML turns `value: 42` into a number.
    public static func parse(_ json: JSONValue) throws(AssertionSpecError) -> Assertion {
        guard case .object(let spec) = json else {
            throw AssertionSpecError(
                message: "an assertion must be an object like {\"type\": \"contains\", \"value\": \"...\"},"
                    + " got \(json.typeName)")
        }
        guard let typeValue = spec["type"] else {
            throw AssertionSpecError(
                message: "an assertion needs a `type`, such as `contains` or `equals`", key: "type")
        }
        guard case .string(let written) = typeValue else {
            throw AssertionSpecError(
                message: "`type` must be a string naming the assertion, got \(typeValue.typeName)", key: "type")
        }
        let (type, negated) = try resolveType(written)
        for key in spec.keys.sorted() where !specKeys.contains(key) {
            var message = "unknown key `\(key)` in a `\(written)` assertion"
            if let suggestion = EditDistance.nearest(to: key, in: specKeys) {
                message += "; did you mean `\(suggestion)`?"
            } else {
                message +=
                    "; an assertion has `type`, `value`, `threshold`, `weight`, `metric` and (for exec) `command`"
            }
            throw AssertionSpecError(message: message, key: key)
        }
        var assertion = Assertion(type: type, negated: negated)
        assertion.threshold = try parseThreshold(spec["threshold"], type: type, written: written)
        if let weight = spec["weight"] {
            guard case .number(let number) = weight, number.isFinite, number >= 0, number <= 1_000_000 else {
                throw AssertionSpecError(
                    message: "`weight` must be a number from 0 to 1000000, got \(MessageText.json(weight, limit: 60))",
                    key: "weight")
            }
            assertion.weight = number
        }
        if let metric = spec["metric"] {
            guard case .string(let name) = metric, !name.isEmpty, name.count <= 200 else {
                throw AssertionSpecError(
                    message:
                        "`metric` must be a name of at most 200 characters, got \(MessageText.json(metric, limit: 60))",
                    key: "metric")
            }
            assertion.metric = name
        }
        if let schema = spec["schema"] {
            guard type == .containsJSON else {
                throw AssertionSpecError(
                    message: "`schema` is only for contains-json; `\(written)` takes its schema in `value`",
                    key: "schema")
            }
            guard spec["value"] == nil else {
                throw AssertionSpecError(
                    message: "contains-json takes `value` (JSON the output must hold) or `schema` (a JSON schema a "
                        + "document in it must satisfy), not both",
                    key: "schema")
            }
            assertion.schema = try schemaValue(schema, written: written, required: true)
        }
        if spec["command"] != nil, type != .exec {
            throw AssertionSpecError(
                message: "`command` is only for exec assertions; `\(written)` does not run a command",
                key: "command")
        }
        switch type {
        case .exec:
            assertion.command = try parseCommand(spec, written: written)
        case .latency:
            if spec["value"] != nil {
                throw AssertionSpecError(
                    message: "`latency` takes its bound in `threshold` (milliseconds), not `value`", key: "value")
            }
        default:
            assertion.value = try parseValue(spec["value"], type: type, written: written)
        }
        return assertion
    }

    /// The type and negation of a written name, or an error suggesting the nearest known name.
    private static func resolveType(_ written: String) throws(AssertionSpecError) -> (AssertionType, Bool) {
        if let type = AssertionType(rawValue: written) { return (type, false) }
        if written.hasPrefix("not-"), let type = AssertionType(rawValue: String(written.dropFirst(4))) {
            return (type, true)
        }
        var message = "unknown assertion type `\(written)`"
        if let suggestion = EditDistance.nearest(to: written, in: writtenNames) {
            message += "; did you mean `\(suggestion)`?"
        } else {
            message +=
                "; known types: " + AssertionType.allCases.map(\.rawValue).joined(separator: ", ")
                + ", each also with `not-` before it"
        }
        throw AssertionSpecError(message: message, key: "type")
    }

    private static func parseThreshold(
        _ value: JSONValue?, type: AssertionType, written: String
    ) throws(AssertionSpecError) -> Double? {
        let usesThreshold: Set<AssertionType> = [.levenshtein, .latency, .exec]
        guard let value else {
            if type == .latency {
                throw AssertionSpecError(
                    message: "`latency` needs `threshold`, the most milliseconds the provider may take",
                    key: "threshold")
            }
            return nil
        }
        guard usesThreshold.contains(type) else {
            throw AssertionSpecError(
                message: "`threshold` is not used by `\(written)`; only levenshtein, latency and exec take one",
                key: "threshold")
        }
        guard case .number(let number) = value, number.isFinite, number >= 0 else {
            throw AssertionSpecError(
                message: "`threshold` must be a non-negative number, got \(MessageText.json(value, limit: 60))",
                key: "threshold")
        }
        return number
    }

    private static func parseCommand(
        _ spec: [String: JSONValue], written: String
    ) throws(AssertionSpecError) -> [String] {
        if spec["command"] != nil, spec["value"] != nil {
            throw AssertionSpecError(
                message: "an exec assertion takes its argv in `command` or in `value`, not both", key: "value")
        }
        let key = spec["command"] != nil ? "command" : "value"
        guard let given = spec[key] else {
            throw AssertionSpecError(
                message: "`\(written)` needs `command`, the evaluator's argv, such as [\"bin/judge\"]",
                key: "command")
        }
        if case .string(let text) = given {
            throw AssertionSpecError(
                message: "`\(key)` of an exec assertion is an argv array such as [\"bin/judge\"], not a shell"
                    + " string (got \(MessageText.quoted(text, limit: 60)))",
                key: key)
        }
        guard case .array(let items) = given, !items.isEmpty else {
            throw AssertionSpecError(
                message: "`\(key)` of an exec assertion must be a non-empty argv array such as"
                    + " [\"bin/judge\"], got \(MessageText.json(given, limit: 60))",
                key: key)
        }
        var argv: [String] = []
        for item in items {
            guard case .string(let argument) = item else {
                throw AssertionSpecError(
                    message: "`\(key)` of an exec assertion must hold only strings, got \(item.typeName)"
                        + " \(MessageText.json(item, limit: 60))",
                    key: key)
            }
            argv.append(argument)
        }
        if argv[0].isEmpty {
            throw AssertionSpecError(
                message: "`\(key)` of an exec assertion starts with an empty program name", key: key)
        }
        return argv
    }

    private static func parseValue(
        _ value: JSONValue?, type: AssertionType, written: String
    ) throws(AssertionSpecError) -> JSONValue? {
        switch type {
        case .equals:
            guard let value else { throw missingValue(written, "the exact output expected") }
            return value
        case .contains, .icontains, .startsWith, .levenshtein:
            guard let value else { throw missingValue(written, "the text to look for") }
            guard let text = textForm(value) else {
                throw AssertionSpecError(
                    message: "`\(written)` needs `value` as a string, got \(value.typeName)"
                        + (value.objectValue != nil || value.arrayValue != nil
                            ? "; to match JSON use contains-json" : ""),
                    key: "value")
            }
            return .string(text)
        case .containsAll, .containsAny, .icontainsAll, .icontainsAny:
            guard let value else { throw missingValue(written, "a list of strings") }
            if case .string = value { return value }
            guard case .array(let items) = value else {
                throw AssertionSpecError(
                    message: "`\(written)` needs `value` as a list of strings, got \(value.typeName)", key: "value")
            }
            if items.isEmpty {
                throw AssertionSpecError(
                    message: "`\(written)` needs at least one string in `value`", key: "value")
            }
            var texts: [JSONValue] = []
            for item in items {
                guard let text = textForm(item) else {
                    throw AssertionSpecError(
                        message: "`\(written)` needs `value` as a list of strings, but it holds \(item.typeName)"
                            + " \(MessageText.json(item, limit: 60))",
                        key: "value")
                }
                texts.append(.string(text))
            }
            return .array(texts)
        case .regex:
            guard let value else { throw missingValue(written, "a regular expression") }
            guard case .string(let pattern) = value else {
                throw AssertionSpecError(
                    message: "`\(written)` needs `value` as a regular expression string, got \(value.typeName)",
                    key: "value")
            }
            if !pattern.contains("{{") {
                do {
                    _ = try RegularExpression.compile(pattern)
                } catch {
                    throw AssertionSpecError(message: "`value` of `\(written)`: \(error.message)", key: "value")
                }
            }
            return value
        case .isJSON:
            guard let value else { return nil }
            return try schemaValue(value, written: written, required: false)
        case .jsonSchema:
            guard let value else { throw missingValue(written, "a JSON schema") }
            return try schemaValue(value, written: written, required: true)
        case .containsJSON:
            return value
        case .latency, .exec:
            return nil
        }
    }

    /// A schema given in `value`: an object or boolean, JSON text, or a placeholder to expand later.
    private static func schemaValue(
        _ value: JSONValue, written: String, required: Bool
    ) throws(AssertionSpecError) -> JSONValue {
        var schema = value
        if case .string(let text) = value {
            if text.contains("{{") { return value }
            guard let parsed = try? JSONValue.parse(text) else {
                throw AssertionSpecError(
                    message: "`value` of `\(written)` must be a JSON schema object, got a string that is not JSON",
                    key: "value")
            }
            schema = parsed
        }
        switch schema {
        case .object, .bool: break
        default:
            throw AssertionSpecError(
                message: "`value` of `\(written)` must be a JSON schema object, got \(schema.typeName)", key: "value")
        }
        if let problem = JSONSchemaValidator(schema: schema).schemaErrors().first {
            throw AssertionSpecError(
                message:
                    "`value` of `\(written)` is not a valid JSON schema: \(problem.schemaPath): \(problem.message)",
                key: "value")
        }
        return schema
    }

    private static func missingValue(_ written: String, _ what: String) -> AssertionSpecError {
        AssertionSpecError(message: "`\(written)` needs `value`, \(what)", key: "value")
    }

    /// The text of a string, number or boolean; nil for other JSON.
    static func textForm(_ value: JSONValue) -> String? {
        switch value {
        case .string(let s): return s
        case .number(let n): return MessageText.number(n)
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }
}
