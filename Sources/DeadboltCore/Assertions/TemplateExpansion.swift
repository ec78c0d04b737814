/// Expands `{{expected_output}}` and `{{input.FIELD}}` inside assertion values.
///
/// Placeholders may have whitespace inside the braces (`{{ input.plan }}`) and may reach into
/// nested objects and arrays (`{{input.customer.tier}}`, `{{input.items.0}}`); `{{input}}` is the
/// whole input. Strings are expanded wherever they occur, inside arrays and objects too.
///
/// A string that is exactly one placeholder becomes the value it names, whatever its JSON type,
/// so `{"type": "contains-json", "value": "{{expected_output}}"}` compares against the expected
/// object itself. Inside a longer string, a non-string value is inserted as compact JSON.
/// Other `{{...}}` text is left as it is.
public enum TemplateExpansion {
    /// `value` with every placeholder replaced by what it names in the case.
    public static func expand(
        _ value: JSONValue, expectedOutput: JSONValue?, input: JSONValue
    ) throws(TemplateError) -> JSONValue {
        switch value {
        case .string(let text):
            return try expand(text, expectedOutput: expectedOutput, input: input)
        case .array(let items):
            var expanded: [JSONValue] = []
            expanded.reserveCapacity(items.count)
            for item in items {
                expanded.append(try expand(item, expectedOutput: expectedOutput, input: input))
            }
            return .array(expanded)
        case .object(let members):
            var expanded: [String: JSONValue] = [:]
            for (key, member) in members {
                expanded[key] = try expand(member, expectedOutput: expectedOutput, input: input)
            }
            return .object(expanded)
        case .null, .bool, .number:
            return value
        }
    }

    /// `value` expanded against the case in `context`.
    public static func expand(_ value: JSONValue, in context: AssertionContext) throws(TemplateError) -> JSONValue {
        try expand(value, expectedOutput: context.expectedOutput, input: context.input)
    }

    /// One placeholder found in a string: where it is and the path it names.
    struct Placeholder {
        /// The range of the whole `{{ ... }}`.
        var range: Range<String.Index>
        /// `expected_output`, `input` or `input.a.b`, without whitespace.
        var path: String
    }

    /// The placeholders in `text` that this expansion handles, in order.
    static func placeholders(in text: String) -> [Placeholder] {
        var found: [Placeholder] = []
        var searchStart = text.startIndex
        while let open = text[searchStart...].firstRange(of: "{{"),
            let close = text[open.upperBound...].firstRange(of: "}}")
        {
            let inner = text[open.upperBound..<close.lowerBound].trimmingWhitespace()
            if inner == "expected_output" || inner == "input" || inner.hasPrefix("input.") {
                found.append(Placeholder(range: open.lowerBound..<close.upperBound, path: inner))
                searchStart = close.upperBound
            } else {
                searchStart = open.upperBound
            }
        }
        return found
    }

    private static func expand(
        _ text: String, expectedOutput: JSONValue?, input: JSONValue
    ) throws(TemplateError) -> JSONValue {
        let found = placeholders(in: text)
        guard !found.isEmpty else { return .string(text) }
        if found.count == 1, found[0].range == text.startIndex..<text.endIndex {
            return try resolve(found[0].path, expectedOutput: expectedOutput, input: input)
        }
        var result = ""
        var cursor = text.startIndex
        for placeholder in found {
            result += text[cursor..<placeholder.range.lowerBound]
            let value = try resolve(placeholder.path, expectedOutput: expectedOutput, input: input)
            if case .string(let inserted) = value {
                result += inserted
            } else {
                result += value.compactText()
            }
            cursor = placeholder.range.upperBound
        }
        result += text[cursor...]
        return .string(result)
    }

    /// The value a placeholder path names.
    private static func resolve(
        _ path: String, expectedOutput: JSONValue?, input: JSONValue
    ) throws(TemplateError) -> JSONValue {
        let written = "{{\(path)}}"
        if path == "expected_output" {
            guard let expectedOutput else {
                throw TemplateError(placeholder: written, message: "`\(written)`: the case has no expected_output")
            }
            return expectedOutput
        }
        let fields = path.split(separator: ".", omittingEmptySubsequences: false).dropFirst()
        var current = input
        var walked: [Substring] = []
        for field in fields {
            walked.append(field)
            let name = walked.joined(separator: ".")
            if field.isEmpty {
                throw TemplateError(placeholder: written, message: "`\(written)`: a field name is missing after a dot")
            }
            switch current {
            case .object(let members):
                guard let next = members[String(field)] else {
                    throw TemplateError(
                        placeholder: written, message: "`\(written)`: the case input has no field `\(name)`")
                }
                current = next
            case .array(let items):
                guard let index = Int(field), items.indices.contains(index) else {
                    throw TemplateError(
                        placeholder: written,
                        message: "`\(written)`: the case input has no field `\(name)`"
                            + " (an array of \(MessageText.count(items.count, "element")) is there)")
                }
                current = items[index]
            default:
                throw TemplateError(
                    placeholder: written,
                    message: "`\(written)`: the case input has no field `\(name)`"
                        + (walked.count > 1
                            ? " (`\(walked.dropLast().joined(separator: "."))` is a \(current.typeName))" : ""))
            }
        }
        return current
    }
}

/// A placeholder that names nothing in the case.
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The placeholder as written without whitespace, such as `{{input.plan}}`.
    public var placeholder: String
    /// What is missing, such as "`{{input.plan}}`: the case input has no field `plan`".
    public var message: String

    /// Creates an error for `placeholder`.
    public init(placeholder: String, message: String) {
        self.placeholder = placeholder
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
