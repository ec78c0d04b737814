/// The checks that read the output as JSON: is-json, json-schema, contains-json, and equals with
/// a non-string value.
enum JSONChecks {
    /// At most this many schema violations are listed in a diff.
    static let listedViolations = 50

    static func equalsJSON(_ output: String, _ expected: JSONValue) -> AssertionCheck {
        let shown = MessageText.json(expected, limit: 100)
        let parsed: JSONValue
        do {
            parsed = try JSONValue.parse(output)
        } catch {
            return .fails(
                failure:
                    "expected output to equal JSON \(shown), but output is not JSON: "
                    + parserMessage(error, output: output),
                absence: "output is not JSON equal to \(shown)",
                diff: TextDiff.render(expected: expected.prettyText(), actual: output))
        }
        if parsed == expected { return .holds(fact: "output equals JSON \(shown)") }
        var failure = "expected output to equal JSON \(shown)"
        if let first = JSONSubsetMatch.mismatches(expected: expected, actual: parsed).first {
            failure += "; \(first)"
        } else if case .object(let wanted) = expected, case .object(let members) = parsed,
            let extra = members.keys.sorted().first(where: { wanted[$0] == nil })
        {
            failure += "; \(JSONPath.root): unexpected key \(MessageText.quoted(extra, limit: 60))"
        }
        return .fails(
            failure: failure,
            absence: "output JSON differs from \(shown)",
            diff: TextDiff.render(expected: expected.prettyText(), actual: parsed.prettyText()))
    }

    static func isJSON(_ output: String, schema: JSONValue?) -> AssertionCheck {
        let parsed: JSONValue
        do {
            parsed = try JSONValue.parse(output)
        } catch {
            let message = "output is not JSON: \(parserMessage(error, output: output))"
            return .fails(failure: message, absence: message, diff: nil)
        }
        guard let given = schema else { return .holds(fact: "output is JSON") }
        let resolved: JSONValue
        switch schemaValue(given) {
        case .success(let value): resolved = value
        case .failure(let problem): return .invalid(message: problem.message)
        }
        return validate(
            parsed, against: resolved, fact: "output is JSON matching the schema",
            prefix: "output JSON does not match the schema: ")
    }

    static func jsonSchema(_ output: String, schema: JSONValue) -> AssertionCheck {
        let resolved: JSONValue
        switch schemaValue(schema) {
        case .success(let value): resolved = value
        case .failure(let problem): return .invalid(message: problem.message)
        }
        let parsed: JSONValue
        do {
            parsed = try JSONValue.parse(output)
        } catch {
            let message = "output is not JSON: \(parserMessage(error, output: output))"
            return .fails(failure: message, absence: message, diff: nil)
        }
        return validate(parsed, against: resolved, fact: "output matches the schema", prefix: "")
    }

    static func containsJSON(_ output: String, expected given: JSONValue?) -> AssertionCheck {
        let documents = JSONExtraction.documents(in: output)
        guard let expected = given.map(jsonForm) else {
            if documents.isEmpty {
                return .fails(
                    failure: "expected output to contain JSON, found none", absence: "output contains no JSON",
                    diff: nil)
            }
            return .holds(fact: "output contains JSON")
        }
        let shown = MessageText.json(expected, limit: 100)
        guard !documents.isEmpty else {
            return .fails(
                failure: "expected output to contain JSON matching \(shown), found no JSON",
                absence: "output contains no JSON", diff: nil)
        }
        var compared: [(document: JSONValue, mismatches: [String])] = []
        for document in documents {
            let mismatches = JSONSubsetMatch.mismatches(expected: expected, actual: document)
            if mismatches.isEmpty { return .holds(fact: "output contains JSON matching \(shown)") }
            compared.append((document, mismatches))
        }
        // The first document with the fewest differences is the one the author most likely meant.
        guard let nearest = compared.min(by: { $0.mismatches.count < $1.mismatches.count }) else {
            return .holds(fact: "output contains JSON matching \(shown)")
        }
        var failure = "expected output to contain JSON matching \(shown); \(nearest.mismatches[0])"
        if nearest.mismatches.count > 1 {
            failure += " (and \(MessageText.count(nearest.mismatches.count - 1, "more difference")))"
        }
        let projected = JSONSubsetMatch.projection(of: nearest.document, onto: expected)
        return .fails(
            failure: failure,
            absence: "output contains no JSON matching \(shown)",
            diff: TextDiff.render(expected: expected.prettyText(), actual: projected.prettyText()))
    }

    /// promptfoo's contains-json with a value: some JSON document in the output satisfies `schema`.
    static func containsJSON(_ output: String, schema given: JSONValue) -> AssertionCheck {
        let schema: JSONValue
        switch schemaValue(given) {
        case .success(let value): schema = value
        case .failure(let problem): return .invalid(message: problem.message)
        }
        let documents = JSONExtraction.documents(in: output)
        guard let first = documents.first else {
            return .fails(
                failure: "expected output to contain JSON matching the schema, found no JSON",
                absence: "output contains no JSON", diff: nil)
        }
        for document in documents where JSONSchemaValidator.validate(document, against: schema).isEmpty {
            return .holds(fact: "output contains JSON matching the schema")
        }
        return validate(
            first, against: schema, fact: "output contains JSON matching the schema",
            prefix: "no JSON in the output matches the schema: ")
    }

    // MARK: Helpers

    private static func validate(_ parsed: JSONValue, against schema: JSONValue, fact: String, prefix: String)
        -> AssertionCheck
    {
        let violations = JSONSchemaValidator.validate(parsed, against: schema)
        if let schemaError = violations.first(where: \.isSchemaError) {
            return .invalid(message: "the JSON schema is invalid: \(schemaError.schemaPath): \(schemaError.message)")
        }
        guard let first = violations.first else { return .holds(fact: fact) }
        var failure = prefix + MessageText.truncated(first.description)
        if violations.count > 1 {
            failure += " (and \(MessageText.count(violations.count - 1, "more violation")))"
        }
        var lines = violations.prefix(listedViolations).map(\.description)
        if violations.count > listedViolations {
            lines.append("… \(violations.count - listedViolations) more violations")
        }
        return .fails(
            failure: failure,
            absence: prefix.isEmpty ? "output does not match the schema" : "output JSON does not match the schema",
            diff: lines.joined(separator: "\n"))
    }

    /// Why a schema value cannot be used.
    struct NotASchema: Error {
        var message: String
    }

    /// A schema given as an object or boolean, or as JSON text (after placeholder expansion).
    private static func schemaValue(_ value: JSONValue) -> Result<JSONValue, NotASchema> {
        var schema = value
        if case .string(let text) = value {
            guard let parsed = try? JSONValue.parse(text) else {
                return .failure(
                    NotASchema(
                        message: "the JSON schema is a string that is not JSON: \(MessageText.quoted(text, limit: 80))")
                )
            }
            schema = parsed
        }
        switch schema {
        case .object, .bool: return .success(schema)
        default: return .failure(NotASchema(message: "the JSON schema must be an object, got \(schema.typeName)"))
        }
    }

    /// An expected value for contains-json: a string holding a JSON object or array is read as
    /// that JSON (cases often keep expected JSON as text); anything else is used as it is.
    private static func jsonForm(_ value: JSONValue) -> JSONValue {
        guard case .string(let text) = value, let parsed = try? JSONValue.parse(text) else { return value }
        switch parsed {
        case .object, .array: return parsed
        default: return value
        }
    }

    /// The parser's message with where it gave up, bounded; when the parser does not say where,
    /// the start of the output, so the reader sees what it was.
    static func parserMessage(_ error: JSONSyntaxError, output: String) -> String {
        var message = MessageText.truncated(error.message, limit: 120)
        if let line = error.line, let column = error.column {
            if !message.contains("line \(line)") { message += " (line \(line), column \(column))" }
        } else if !output.allSatisfy(\.isWhitespace) {
            message += " (output begins \(MessageText.quoted(output, limit: 40)))"
        }
        return message
    }
}
