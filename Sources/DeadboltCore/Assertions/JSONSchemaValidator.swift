import Foundation

/// Validates JSON values against the commonly used subset of JSON Schema (drafts 07 and 2020-12).
///
/// Understood keywords: `type` (a name or a list; `integer` is a number without a fraction),
/// `enum`, `const`, `properties`, `required`, `additionalProperties`, `patternProperties`,
/// `minProperties`, `maxProperties`, `items` (a schema, or a list as in draft 07 with
/// `additionalItems`), `prefixItems`, `contains`, `minItems`, `maxItems`, `uniqueItems`,
/// `minLength`, `maxLength` (in characters), `pattern`, `minimum`, `maximum`, `exclusiveMinimum`,
/// `exclusiveMaximum`, `multipleOf`, `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else`, and
/// local `$ref` (`#/$defs/NAME`, `#/definitions/NAME`, any pointer into the schema). Other keywords,
/// `format` among them, are ignored, as JSON Schema says of keywords a validator does not know.
public struct JSONSchemaValidator: Sendable {
    /// The schema values are checked against.
    public let schema: JSONValue

    /// A validator for `schema`.
    public init(schema: JSONValue) {
        self.schema = schema
    }

    /// The violations of `instance` against `schema`; empty when it is valid.
    public static func validate(_ instance: JSONValue, against schema: JSONValue) -> [JSONSchemaViolation] {
        JSONSchemaValidator(schema: schema).validate(instance)
    }

    /// The faults of the schema itself; empty when it is well formed.
    public func schemaErrors() -> [JSONSchemaViolation] {
        JSONSchemaCheck.problems(in: schema)
    }

    /// The violations of `instance`; empty when it is valid.
    ///
    /// When the schema itself is faulty, its faults are returned instead (``JSONSchemaViolation/isSchemaError``).
    public func validate(_ instance: JSONValue) -> [JSONSchemaViolation] {
        let problems = schemaErrors()
        if !problems.isEmpty { return problems }
        var run = Run(root: schema)
        return run.check(instance, schema, path: JSONPath.root, pointer: "#", refDepth: 0)
    }

    /// The state of one validation: the root for `$ref` and compiled patterns.
    private struct Run {
        /// `$ref` chains deeper than this are taken for a cycle.
        static let maximumRefDepth = 64

        let root: JSONValue
        var patterns: [String: NSRegularExpression] = [:]

        init(root: JSONValue) {
            self.root = root
        }

        mutating func check(
            _ instance: JSONValue, _ schema: JSONValue, path: String, pointer: String, refDepth: Int
        ) -> [JSONSchemaViolation] {
            guard case .object(let keywords) = schema else {
                if case .bool(false) = schema {
                    return [violation(path, "no value is allowed here (the schema is false)", pointer)]
                }
                return []
            }
            var out: [JSONSchemaViolation] = []
            func at(_ keyword: String) -> String { JSONPath.pointer(pointer, keyword) }

            if case .string(let reference)? = keywords["$ref"] {
                out += checkReference(instance, reference, path: path, pointer: at("$ref"), refDepth: refDepth)
            }
            if let type = keywords["type"], let message = typeMismatch(instance, type) {
                out.append(violation(path, message, at("type")))
            }
            if case .array(let allowed)? = keywords["enum"], !allowed.contains(instance) {
                let list = allowed.map { MessageText.json($0, limit: 40) }.joined(separator: ", ")
                out.append(
                    violation(
                        path,
                        "expected one of \(MessageText.truncated(list, limit: 160)),"
                            + " got \(MessageText.json(instance, limit: 60))",
                        at("enum")))
            }
            if let constant = keywords["const"], constant != instance {
                out.append(
                    violation(
                        path,
                        "expected \(MessageText.json(constant, limit: 80)),"
                            + " got \(MessageText.json(instance, limit: 80))",
                        at("const")))
            }
            switch instance {
            case .number(let number):
                out += checkNumber(number, keywords, path: path, pointer: pointer)
            case .string(let text):
                out += checkString(text, keywords, path: path, pointer: pointer)
            case .array(let items):
                out += checkArray(items, keywords, path: path, pointer: pointer, refDepth: refDepth)
            case .object(let members):
                out += checkObject(members, keywords, path: path, pointer: pointer, refDepth: refDepth)
            case .null, .bool:
                break
            }
            out += checkCombinators(instance, keywords, path: path, pointer: pointer, refDepth: refDepth)
            return out
        }

        // MARK: References and types

        mutating func checkReference(
            _ instance: JSONValue, _ reference: String, path: String, pointer: String, refDepth: Int
        ) -> [JSONSchemaViolation] {
            guard refDepth < Run.maximumRefDepth else {
                return [
                    JSONSchemaViolation(
                        path: path,
                        message: "`$ref` \(MessageText.quoted(reference, limit: 80)) nests more than"
                            + " \(Run.maximumRefDepth) deep; it probably refers to itself"
                            + " without descending into the value",
                        schemaPath: pointer, isSchemaError: true)
                ]
            }
            switch JSONSchemaCheck.resolve(reference, in: root) {
            case .success(let target):
                return check(instance, target, path: path, pointer: reference, refDepth: refDepth + 1)
            case .failure(let message):
                return [JSONSchemaViolation(path: path, message: message, schemaPath: pointer, isSchemaError: true)]
            }
        }

        /// The mismatch message for `type`, or nil when the instance has an allowed type.
        func typeMismatch(_ instance: JSONValue, _ type: JSONValue) -> String? {
            let names: [String]
            switch type {
            case .string(let name): names = [name]
            case .array(let items): names = items.compactMap(\.stringValue)
            default: return nil
            }
            for name in names where Run.has(instance, type: name) { return nil }
            var got = instance.typeName
            if names.contains("integer"), case .number(let n) = instance {
                got = MessageText.number(n)
            }
            return "expected \(Run.alternatives(names)), got \(got)"
        }

        static func has(_ instance: JSONValue, type name: String) -> Bool {
            switch (name, instance) {
            case ("integer", .number(let n)): return n.isFinite && n.rounded(.towardZero) == n
            case ("number", .number), ("string", .string), ("boolean", .bool), ("null", .null),
                ("array", .array), ("object", .object):
                return true
            default: return false
            }
        }

        /// "string", "string or null", "string, number or null".
        static func alternatives(_ names: [String]) -> String {
            guard names.count > 1, let last = names.last else { return names.first ?? "nothing" }
            return names.dropLast().joined(separator: ", ") + " or " + last
        }

        // MARK: Numbers and strings

        func checkNumber(
            _ number: Double, _ keywords: [String: JSONValue], path: String, pointer: String
        ) -> [JSONSchemaViolation] {
            var out: [JSONSchemaViolation] = []
            let shown = MessageText.number(number)
            let exclusiveMinimumFlag = keywords["exclusiveMinimum"] == .bool(true)
            let exclusiveMaximumFlag = keywords["exclusiveMaximum"] == .bool(true)
            if let minimum = keywords["minimum"]?.numberValue {
                if exclusiveMinimumFlag ? !(number > minimum) : !(number >= minimum) {
                    let relation = exclusiveMinimumFlag ? ">" : ">="
                    out.append(
                        violation(
                            path, "expected a number \(relation) \(MessageText.number(minimum)), got \(shown)",
                            JSONPath.pointer(pointer, "minimum")))
                }
            }
            if let maximum = keywords["maximum"]?.numberValue {
                if exclusiveMaximumFlag ? !(number < maximum) : !(number <= maximum) {
                    let relation = exclusiveMaximumFlag ? "<" : "<="
                    out.append(
                        violation(
                            path, "expected a number \(relation) \(MessageText.number(maximum)), got \(shown)",
                            JSONPath.pointer(pointer, "maximum")))
                }
            }
            if let bound = keywords["exclusiveMinimum"]?.numberValue, !(number > bound) {
                out.append(
                    violation(
                        path, "expected a number > \(MessageText.number(bound)), got \(shown)",
                        JSONPath.pointer(pointer, "exclusiveMinimum")))
            }
            if let bound = keywords["exclusiveMaximum"]?.numberValue, !(number < bound) {
                out.append(
                    violation(
                        path, "expected a number < \(MessageText.number(bound)), got \(shown)",
                        JSONPath.pointer(pointer, "exclusiveMaximum")))
            }
            if let divisor = keywords["multipleOf"]?.numberValue, divisor > 0 {
                let quotient = number / divisor
                let isMultiple =
                    quotient.isFinite
                    && abs(quotient - quotient.rounded()) <= 1e-9 * max(1, abs(quotient))
                if !isMultiple {
                    out.append(
                        violation(
                            path, "expected a multiple of \(MessageText.number(divisor)), got \(shown)",
                            JSONPath.pointer(pointer, "multipleOf")))
                }
            }
            return out
        }

        mutating func checkString(
            _ text: String, _ keywords: [String: JSONValue], path: String, pointer: String
        ) -> [JSONSchemaViolation] {
            var out: [JSONSchemaViolation] = []
            let length = text.count
            if let minimum = keywords["minLength"]?.numberValue, Double(length) < minimum {
                out.append(
                    violation(
                        path, "expected at least \(MessageText.count(minimum, "character")), got \(length)",
                        JSONPath.pointer(pointer, "minLength")))
            }
            if let maximum = keywords["maxLength"]?.numberValue, Double(length) > maximum {
                out.append(
                    violation(
                        path, "expected at most \(MessageText.count(maximum, "character")), got \(length)",
                        JSONPath.pointer(pointer, "maxLength")))
            }
            if case .string(let pattern)? = keywords["pattern"] {
                let patternPointer = JSONPath.pointer(pointer, "pattern")
                if let matches = matches(text, pattern) {
                    if !matches {
                        out.append(
                            violation(
                                path,
                                "\(MessageText.quoted(text, limit: 80)) does not match the pattern"
                                    + " /\(MessageText.truncated(pattern, limit: 80))/",
                                patternPointer))
                    }
                } else {
                    out.append(
                        JSONSchemaViolation(
                            path: path, message: "`pattern` is not a valid regular expression",
                            schemaPath: patternPointer,
                            isSchemaError: true))
                }
            }
            return out
        }

        /// Whether `pattern` matches anywhere in `text`; nil when the pattern does not compile.
        mutating func matches(_ text: String, _ pattern: String) -> Bool? {
            let expression: NSRegularExpression
            if let cached = patterns[pattern] {
                expression = cached
            } else {
                guard let compiled = try? RegularExpression.compile(pattern) else { return nil }
                patterns[pattern] = compiled
                expression = compiled
            }
            return RegularExpression.firstMatch(of: expression, in: text) != nil
        }

        // MARK: Arrays

        mutating func checkArray(
            _ items: [JSONValue], _ keywords: [String: JSONValue], path: String, pointer: String, refDepth: Int
        ) -> [JSONSchemaViolation] {
            var out: [JSONSchemaViolation] = []
            if let minimum = keywords["minItems"]?.numberValue, Double(items.count) < minimum {
                out.append(
                    violation(
                        path, "expected at least \(MessageText.count(minimum, "item")), got \(items.count)",
                        JSONPath.pointer(pointer, "minItems")))
            }
            if let maximum = keywords["maxItems"]?.numberValue, Double(items.count) > maximum {
                out.append(
                    violation(
                        path, "expected at most \(MessageText.count(maximum, "item")), got \(items.count)",
                        JSONPath.pointer(pointer, "maxItems")))
            }
            if keywords["uniqueItems"] == .bool(true) {
                var firstIndex: [JSONValue: Int] = [:]
                for (index, item) in items.enumerated() {
                    if let earlier = firstIndex[item] {
                        out.append(
                            violation(
                                path, "items [\(earlier)] and [\(index)] are equal; items must be unique",
                                JSONPath.pointer(pointer, "uniqueItems")))
                        break
                    }
                    firstIndex[item] = index
                }
            }
            // Positional schemas: prefixItems (2020-12) or an array under items (draft 07).
            var positional: [JSONValue] = []
            var positionalPointer = JSONPath.pointer(pointer, "prefixItems")
            var rest: JSONValue?
            var restPointer = JSONPath.pointer(pointer, "items")
            if case .array(let schemas)? = keywords["prefixItems"] {
                positional = schemas
                rest = keywords["items"]
            } else if case .array(let schemas)? = keywords["items"] {
                positional = schemas
                positionalPointer = JSONPath.pointer(pointer, "items")
                rest = keywords["additionalItems"]
                restPointer = JSONPath.pointer(pointer, "additionalItems")
            } else {
                rest = keywords["items"]
            }
            for (index, item) in items.enumerated() {
                let itemPath = JSONPath.appending(index: index, to: path)
                if index < positional.count {
                    out += check(
                        item, positional[index], path: itemPath,
                        pointer: JSONPath.pointer(positionalPointer, index), refDepth: refDepth)
                } else if let rest {
                    if case .bool(false) = rest {
                        out.append(
                            violation(
                                path,
                                "expected at most \(MessageText.count(positional.count, "item")), got \(items.count)",
                                restPointer))
                        break
                    }
                    out += check(item, rest, path: itemPath, pointer: restPointer, refDepth: refDepth)
                }
            }
            if let contained = keywords["contains"] {
                var found = false
                for item in items {
                    let result = check(
                        item, contained, path: path, pointer: JSONPath.pointer(pointer, "contains"), refDepth: refDepth)
                    if result.contains(where: \.isSchemaError) { return out + result.filter(\.isSchemaError) }
                    if result.isEmpty {
                        found = true
                        break
                    }
                }
                if !found {
                    out.append(
                        violation(path, "no item matches the `contains` schema", JSONPath.pointer(pointer, "contains")))
                }
            }
            return out
        }

        // MARK: Objects

        mutating func checkObject(
            _ members: [String: JSONValue], _ keywords: [String: JSONValue], path: String, pointer: String,
            refDepth: Int
        ) -> [JSONSchemaViolation] {
            var out: [JSONSchemaViolation] = []
            if case .array(let required)? = keywords["required"] {
                for name in required.compactMap(\.stringValue) where members[name] == nil {
                    out.append(
                        violation(
                            path, "missing required property \(MessageText.quoted(name, limit: 80))",
                            JSONPath.pointer(pointer, "required")))
                }
            }
            if let minimum = keywords["minProperties"]?.numberValue, Double(members.count) < minimum {
                out.append(
                    violation(
                        path,
                        "expected at least \(MessageText.count(minimum, "property", "properties")),"
                            + " got \(members.count)",
                        JSONPath.pointer(pointer, "minProperties")))
            }
            if let maximum = keywords["maxProperties"]?.numberValue, Double(members.count) > maximum {
                out.append(
                    violation(
                        path,
                        "expected at most \(MessageText.count(maximum, "property", "properties")),"
                            + " got \(members.count)",
                        JSONPath.pointer(pointer, "maxProperties")))
            }
            let properties = keywords["properties"]?.objectValue ?? [:]
            let patternProperties = keywords["patternProperties"]?.objectValue ?? [:]
            let additional = keywords["additionalProperties"]
            for name in members.keys.sorted() {
                guard let member = members[name] else { continue }
                let memberPath = JSONPath.appending(key: name, to: path)
                var covered = false
                if let schema = properties[name] {
                    covered = true
                    out += check(
                        member, schema,
                        path: memberPath, pointer: JSONPath.pointer(JSONPath.pointer(pointer, "properties"), name),
                        refDepth: refDepth)
                }
                for pattern in patternProperties.keys.sorted() {
                    guard let schema = patternProperties[pattern], matches(name, pattern) == true else { continue }
                    covered = true
                    out += check(
                        member, schema, path: memberPath,
                        pointer: JSONPath.pointer(JSONPath.pointer(pointer, "patternProperties"), pattern),
                        refDepth: refDepth)
                }
                guard !covered, let additional else { continue }
                let additionalPointer = JSONPath.pointer(pointer, "additionalProperties")
                if case .bool(false) = additional {
                    out.append(
                        violation(
                            path, "property \(MessageText.quoted(name, limit: 80)) is not allowed", additionalPointer))
                } else {
                    out += check(member, additional, path: memberPath, pointer: additionalPointer, refDepth: refDepth)
                }
            }
            return out
        }

        // MARK: Combinators

        mutating func checkCombinators(
            _ instance: JSONValue, _ keywords: [String: JSONValue], path: String, pointer: String, refDepth: Int
        ) -> [JSONSchemaViolation] {
            var out: [JSONSchemaViolation] = []
            if case .array(let schemas)? = keywords["allOf"] {
                for (index, schema) in schemas.enumerated() {
                    out += check(
                        instance, schema, path: path,
                        pointer: JSONPath.pointer(JSONPath.pointer(pointer, "allOf"), index), refDepth: refDepth)
                }
            }
            for keyword in ["anyOf", "oneOf"] {
                guard case .array(let schemas)? = keywords[keyword] else { continue }
                let keywordPointer = JSONPath.pointer(pointer, keyword)
                let results = schemas.enumerated().map { index, schema in
                    check(
                        instance, schema, path: path, pointer: JSONPath.pointer(keywordPointer, index),
                        refDepth: refDepth)
                }
                let schemaErrors = results.flatMap { $0.filter(\.isSchemaError) }
                if !schemaErrors.isEmpty {
                    out += schemaErrors
                    continue
                }
                let passing = results.indices.filter { results[$0].isEmpty }
                if passing.isEmpty {
                    out.append(violation(path, noAlternativeMessage(keyword, results, path: path), keywordPointer))
                } else if keyword == "oneOf", passing.count > 1 {
                    let which = passing.map { "#\($0)" }.joined(separator: ", ")
                    out.append(
                        violation(
                            path,
                            "matches \(passing.count) of the `oneOf` alternatives (\(which));"
                                + " it must match exactly one",
                            keywordPointer))
                }
            }
            if let negated = keywords["not"] {
                let result = check(
                    instance, negated, path: path, pointer: JSONPath.pointer(pointer, "not"), refDepth: refDepth)
                if result.contains(where: \.isSchemaError) {
                    out += result.filter(\.isSchemaError)
                } else if result.isEmpty {
                    out.append(violation(path, "must not match the `not` schema", JSONPath.pointer(pointer, "not")))
                }
            }
            if let condition = keywords["if"] {
                let result = check(
                    instance, condition, path: path, pointer: JSONPath.pointer(pointer, "if"), refDepth: refDepth)
                if result.contains(where: \.isSchemaError) {
                    out += result.filter(\.isSchemaError)
                } else if result.isEmpty, let then = keywords["then"] {
                    out += check(
                        instance, then, path: path, pointer: JSONPath.pointer(pointer, "then"), refDepth: refDepth)
                } else if !result.isEmpty, let otherwise = keywords["else"] {
                    out += check(
                        instance, otherwise, path: path, pointer: JSONPath.pointer(pointer, "else"), refDepth: refDepth)
                }
            }
            return out
        }

        /// Why no alternative matched: merged type expectations when that is all that failed,
        /// else the nearest alternative's first fault.
        func noAlternativeMessage(_ keyword: String, _ results: [[JSONSchemaViolation]], path: String) -> String {
            let onlyTypes = results.allSatisfy { result in
                result.count == 1 && result[0].path == path && result[0].schemaPath.hasSuffix("/type")
            }
            if onlyTypes, let first = results.first?.first, let gotRange = first.message.range(of: ", got ") {
                var expected: [String] = []
                for result in results {
                    let message = result[0].message
                    guard message.hasPrefix("expected "), let range = message.range(of: ", got ") else { continue }
                    let names = message[message.index(message.startIndex, offsetBy: 9)..<range.lowerBound]
                    for name in names.replacingOccurrences(of: " or ", with: ", ").components(separatedBy: ", ")
                    where !expected.contains(name) {
                        expected.append(name)
                    }
                }
                return "expected \(Run.alternatives(expected))\(first.message[gotRange.lowerBound...])"
            }
            let nearest = results.enumerated().min { $0.element.count < $1.element.count }
            var message = "matches none of the \(results.count) `\(keyword)` alternatives"
            if let nearest, let fault = nearest.element.first {
                message += " (nearest, #\(nearest.offset): \(MessageText.truncated(fault.description, limit: 160)))"
            }
            return message
        }

        func violation(_ path: String, _ message: String, _ pointer: String) -> JSONSchemaViolation {
            JSONSchemaViolation(path: path, message: message, schemaPath: pointer)
        }
    }
}
