import Foundation

/// Checks that a JSON schema is well formed, before any value is validated against it.
///
/// Covers the keywords ``JSONSchemaValidator`` understands; other keywords are ignored, as
/// JSON Schema says. Every subschema is visited, including ones a given value would never reach.
struct JSONSchemaCheck {
    /// The names `type` accepts.
    static let typeNames: Set<String> = ["null", "boolean", "object", "array", "number", "string", "integer"]

    let root: JSONValue
    private(set) var problems: [JSONSchemaViolation] = []

    init(root: JSONValue) {
        self.root = root
    }

    /// The faults of the whole schema, in schema order.
    static func problems(in schema: JSONValue) -> [JSONSchemaViolation] {
        var check = JSONSchemaCheck(root: schema)
        check.visit(schema, at: "#")
        return check.problems
    }

    private mutating func problem(_ pointer: String, _ message: String) {
        problems.append(
            JSONSchemaViolation(path: JSONPath.root, message: message, schemaPath: pointer, isSchemaError: true))
    }

    private mutating func visit(_ schema: JSONValue, at pointer: String) {
        guard case .object(let object) = schema else {
            if case .bool = schema { return }
            problem(pointer, "a schema must be an object or a boolean, got \(schema.typeName)")
            return
        }
        for key in object.keys.sorted() {
            guard let value = object[key] else { continue }
            checkKeyword(key, value, at: JSONPath.pointer(pointer, key))
        }
    }

    private mutating func checkKeyword(_ keyword: String, _ value: JSONValue, at pointer: String) {
        switch keyword {
        case "type":
            checkType(value, at: pointer)
        case "enum":
            if value.arrayValue == nil { problem(pointer, "`enum` must be an array of values, got \(value.typeName)") }
        case "required":
            if value.arrayValue?.allSatisfy({ $0.stringValue != nil }) != true {
                problem(
                    pointer, "`required` must be an array of property names, got \(MessageText.json(value, limit: 60))")
            }
        case "properties", "patternProperties", "$defs", "definitions":
            guard case .object(let members) = value else {
                problem(pointer, "`\(keyword)` must be an object of schemas, got \(value.typeName)")
                return
            }
            for name in members.keys.sorted() {
                if keyword == "patternProperties" {
                    do {
                        _ = try RegularExpression.compile(name)
                    } catch {
                        problem(pointer, "`patternProperties` key is an \(error.message)")
                    }
                }
                if let member = members[name] { visit(member, at: JSONPath.pointer(pointer, name)) }
            }
        case "additionalProperties", "additionalItems", "contains", "not", "if", "then", "else":
            visit(value, at: pointer)
        case "items":
            if case .array(let schemas) = value {
                for (index, item) in schemas.enumerated() { visit(item, at: JSONPath.pointer(pointer, index)) }
            } else {
                visit(value, at: pointer)
            }
        case "prefixItems", "allOf", "anyOf", "oneOf":
            guard case .array(let schemas) = value, !schemas.isEmpty else {
                problem(pointer, "`\(keyword)` must be a non-empty array of schemas, got \(value.typeName)")
                return
            }
            for (index, item) in schemas.enumerated() { visit(item, at: JSONPath.pointer(pointer, index)) }
        case "minItems", "maxItems", "minLength", "maxLength", "minProperties", "maxProperties":
            guard case .number(let n) = value, n >= 0, n.isFinite, n.rounded() == n else {
                problem(
                    pointer, "`\(keyword)` must be a non-negative integer, got \(MessageText.json(value, limit: 60))")
                return
            }
        case "uniqueItems":
            if case .bool = value { return }
            problem(pointer, "`uniqueItems` must be true or false, got \(value.typeName)")
        case "pattern":
            guard case .string(let pattern) = value else {
                problem(pointer, "`pattern` must be a regular expression string, got \(value.typeName)")
                return
            }
            do {
                _ = try RegularExpression.compile(pattern)
            } catch {
                problem(pointer, "`pattern` is an \(error.message)")
            }
        case "minimum", "maximum":
            if value.numberValue == nil { problem(pointer, "`\(keyword)` must be a number, got \(value.typeName)") }
        case "exclusiveMinimum", "exclusiveMaximum":
            switch value {
            case .number, .bool: return
            default: problem(pointer, "`\(keyword)` must be a number, got \(value.typeName)")
            }
        case "multipleOf":
            guard case .number(let n) = value, n > 0, n.isFinite else {
                problem(
                    pointer, "`multipleOf` must be a number greater than 0, got \(MessageText.json(value, limit: 60))")
                return
            }
        case "$ref":
            guard case .string(let reference) = value else {
                problem(pointer, "`$ref` must be a string such as \"#/$defs/name\", got \(value.typeName)")
                return
            }
            if case .failure(let message) = JSONSchemaCheck.resolve(reference, in: root) {
                problem(pointer, message)
            }
        default:
            return
        }
    }

    private mutating func checkType(_ value: JSONValue, at pointer: String) {
        let names: [JSONValue]
        switch value {
        case .string: names = [value]
        case .array(let items) where !items.isEmpty: names = items
        default:
            problem(
                pointer, "`type` must be a type name or an array of them, got \(MessageText.json(value, limit: 60))")
            return
        }
        for name in names {
            guard case .string(let text) = name else {
                problem(
                    pointer, "`type` must be a type name or an array of them, got \(MessageText.json(value, limit: 60))"
                )
                return
            }
            if !JSONSchemaCheck.typeNames.contains(text) {
                var message = "unknown type \(MessageText.quoted(text, limit: 60))"
                if let suggestion = EditDistance.nearest(to: text, in: JSONSchemaCheck.typeNames.sorted()) {
                    message += "; did you mean \"\(suggestion)\"?"
                } else {
                    message += "; types are " + JSONSchemaCheck.typeNames.sorted().joined(separator: ", ")
                }
                problem(pointer, message)
            }
        }
    }

    /// How a `$ref` resolved.
    enum Resolution {
        case success(JSONValue)
        case failure(String)
    }

    /// The subschema a local `$ref` such as `#/$defs/name` points to.
    static func resolve(_ reference: String, in root: JSONValue) -> Resolution {
        guard reference.hasPrefix("#") else {
            return .failure(
                "`$ref` \(MessageText.quoted(reference, limit: 80)) is not local; only references inside the"
                    + " schema (#/$defs/NAME, #/definitions/NAME) are supported")
        }
        let fragment = String(reference.dropFirst())
        if fragment.isEmpty { return .success(root) }
        guard fragment.hasPrefix("/") else {
            return .failure(
                "`$ref` \(MessageText.quoted(reference, limit: 80)) is not a JSON pointer such as #/$defs/NAME")
        }
        var current = root
        for rawToken in fragment.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            let decoded = String(rawToken).removingPercentEncoding ?? String(rawToken)
            let token = decoded.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            switch current {
            case .object(let members):
                guard let next = members[token] else {
                    return .failure(
                        "`$ref` \(MessageText.quoted(reference, limit: 80)) points to nothing;"
                            + " the schema has no \(MessageText.quoted(token, limit: 60)) there"
                    )
                }
                current = next
            case .array(let items):
                guard let index = Int(token), items.indices.contains(index) else {
                    return .failure(
                        "`$ref` \(MessageText.quoted(reference, limit: 80)) points to nothing;"
                            + " no element \(MessageText.quoted(token, limit: 60)) there"
                    )
                }
                current = items[index]
            default:
                return .failure(
                    "`$ref` \(MessageText.quoted(reference, limit: 80)) points inside a \(current.typeName)")
            }
        }
        return .success(current)
    }
}
