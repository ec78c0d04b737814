/// promptfoo's template syntax in deadbolt's: `{{ name }}` becomes `{{input.name}}`.
///
/// promptfoo renders prompts with Nunjucks, whose variables are the test's `vars`; deadbolt fills
/// `{{input.FIELD}}` from the case's input, which for a promptfoo test is its vars. A placeholder
/// may reach into a value (`{{ customer.plan }}`, `{{ items[0] }}`). Everything else Nunjucks can
/// do (filters such as `{{ name | upper }}`, expressions, `{% if %}` tags, `{# comments #}`) is
/// refused with its line: rendered as plain text it would send the model a different prompt than
/// promptfoo does.
public enum PromptfooTemplate {
    /// What is wrong with a template, and where.
    public struct Problem: Error, Sendable, Equatable {
        /// The 1-based line in the template.
        public var line: Int
        public var message: String
    }

    /// `text` with every `{{ name }}` written `{{input.name}}`.
    public static func qualified(_ text: String) throws(Problem) -> String {
        guard text.contains("{") else { return text }
        let bytes = Array(text.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 16)
        var index = 0
        var line = 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A { line += 1 }
            guard byte == UInt8(ascii: "{"), index + 1 < bytes.count else {
                result.append(byte)
                index += 1
                continue
            }
            let next = bytes[index + 1]
            if next == UInt8(ascii: "%") || next == UInt8(ascii: "#") {
                let end = closing(next == UInt8(ascii: "%") ? "%}" : "#}", in: bytes, from: index + 2)
                let written = String(decoding: bytes[index..<min(end ?? bytes.count, index + 60)], as: UTF8.self)
                throw Problem(
                    line: line,
                    message: "uses the Nunjucks \(next == UInt8(ascii: "%") ? "tag" : "comment") `\(written)`, "
                        + "which deadbolt does not render; only `{{ var }}` placeholders are filled")
            }
            guard next == UInt8(ascii: "{") else {
                result.append(byte)
                index += 1
                continue
            }
            guard let end = closing("}}", in: bytes, from: index + 2) else {
                result += bytes[index...]
                break
            }
            let inner = String(decoding: bytes[(index + 2)..<end], as: UTF8.self).trimmingWhitespace()
            guard let path = fieldPath(inner) else {
                throw Problem(
                    line: line,
                    message: "has `{{\(inner.prefix(60))}}`, which is not a plain variable; deadbolt fills "
                        + "`{{ var }}` and `{{ var.field }}`, not Nunjucks filters or expressions")
            }
            result += Array("{{input.\(path)}}".utf8)
            for inside in bytes[index..<end] where inside == 0x0A { line += 1 }
            index = end + 2
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Every string in `value` qualified (assertion values take placeholders too).
    public static func qualified(_ value: JSONValue) throws(Problem) -> JSONValue {
        switch value {
        case .string(let text): return .string(try qualified(text))
        case .array(let items):
            var result: [JSONValue] = []
            for item in items { result.append(try qualified(item)) }
            return .array(result)
        case .object(let members):
            var result: [String: JSONValue] = [:]
            for (key, member) in members { result[key] = try qualified(member) }
            return .object(result)
        case .null, .bool, .number: return value
        }
    }

    /// The index of the first byte of `marker` at or after `start`, or nil.
    static func closing(_ marker: String, in bytes: [UInt8], from start: Int) -> Int? {
        let first = marker.utf8.first ?? 0
        let second = marker.utf8.dropFirst().first ?? 0
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == first && bytes[index + 1] == second { return index }
            index += 1
        }
        return nil
    }

    /// `customer.plan` for `customer.plan`, `items.0` for `items[0]`; nil when `inner` is more than
    /// a variable and the fields and indexes below it.
    static func fieldPath(_ inner: String) -> String? {
        var parts: [String] = []
        var current = ""
        var afterIndex = false
        var chars = inner.unicodeScalars.makeIterator()
        func isName(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "_" || scalar == "$" || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
        }
        while let scalar = chars.next() {
            if isName(scalar) {
                guard !afterIndex else { return nil }
                current.unicodeScalars.append(scalar)
            } else if scalar == "." {
                if afterIndex {
                    afterIndex = false
                    continue
                }
                guard !current.isEmpty else { return nil }
                parts.append(current)
                current = ""
            } else if scalar == "[" {
                if !current.isEmpty {
                    parts.append(current)
                    current = ""
                }
                guard !parts.isEmpty else { return nil }
                var digits = ""
                while let digit = chars.next(), digit != "]" {
                    guard ("0"..."9").contains(digit) else { return nil }
                    digits.unicodeScalars.append(digit)
                }
                guard !digits.isEmpty else { return nil }
                parts.append(digits)
                afterIndex = true
            } else {
                return nil
            }
        }
        if !current.isEmpty { parts.append(current) }
        guard let first = parts.first, let head = first.unicodeScalars.first, !("0"..."9").contains(head) else {
            return nil
        }
        return parts.joined(separator: ".")
    }
}
