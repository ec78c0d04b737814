import Yams

/// A YAML document read with positions, so that every complaint can name its line.
struct YAMLFile {
    /// The file's path from the repository root, for messages.
    let path: String
    /// The root node, nil for an empty document.
    let root: Node?

    init(path: String, text: String) throws(InputError) {
        self.path = path
        do {
            // The basic resolver: the default one compiles NSRegularExpressions, which load ICU
            // (about 4 ms), and every value is interpreted by the typed accessors anyway.
            // No constructor either: the typed accessors never ask the node for `any`, and the
            // default one builds a dictionary whose first use costs a no-op hook a conformance scan.
            root = try Yams.compose(yaml: text, .basic, Constructor([:], [:], [:]), .utf8)
        } catch let error as YamlError {
            throw Self.inputError(error, path: path)
        } catch {
            throw InputError(file: path, "is not valid YAML: \(error)")
        }
    }

    private static func inputError(_ error: YamlError, path: String) -> InputError {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) (\($0.text))" } ?? problem
            return InputError(file: path, line: mark.line, column: mark.column, "is not valid YAML: \(detail)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return InputError(
                file: path, line: context.mark.line, column: context.mark.column,
                "the key \(duplicates.map { "`\($0)`" }.joined(separator: ", ")) appears twice in one mapping",
                hint: "keep one of them")
        case .reader(let problem, _, _, _):
            return InputError(file: path, "cannot be read as YAML: \(problem)", hint: "save it as UTF-8 text")
        default:
            return InputError(file: path, "is not valid YAML: \(error)")
        }
    }

    /// `bytes` as text, refusing bytes that are not UTF-8 with their line and column: decoded
    /// as U+FFFD, a glob or a path would silently match nothing.
    static func text(_ bytes: [UInt8], path: String) throws(InputError) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var line = 1
        var lineStart = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let length =
                byte < 0x80 ? 1 : byte >> 5 == 0b110 ? 2 : byte >> 4 == 0b1110 ? 3 : byte >> 3 == 0b11110 ? 4 : 0
            let end = index + max(length, 1)
            if length == 0 || end > bytes.count || String(validating: bytes[index..<end], as: UTF8.self) == nil {
                let hex = String(byte, radix: 16, uppercase: true)
                throw InputError(
                    file: path, line: line, column: index - lineStart + 1,
                    "holds the byte 0x\(hex), which is not UTF-8 text", hint: "save the file as UTF-8")
            }
            if byte == 0x0A {
                line += 1
                lineStart = end
            }
            index = end
        }
        throw InputError(file: path, "is not UTF-8 text", hint: "save the file as UTF-8")
    }

    /// An error at `node`'s position in this file.
    func error(_ message: String, at node: Node?, hint: String? = nil) -> InputError {
        InputError(file: path, line: node?.mark?.line, column: node?.mark?.column, message, hint: hint)
    }

    /// The pairs of a mapping node, refusing keys outside `known` with the nearest known one.
    /// With `anyKey`, every key is taken (names a user chooses, such as prompt names).
    func mapping(_ node: Node, known: [String], what: String, anyKey: Bool = false) throws(InputError) -> [(
        key: String, keyNode: Node, value: Node
    )] {
        guard case .mapping(let mapping) = node else {
            throw error("\(what) must be a mapping of keys to values, not \(describe(node))", at: node)
        }
        var result: [(String, Node, Node)] = []
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            guard anyKey || known.contains(key) else {
                var hint = "known keys: \(known.joined(separator: ", "))"
                if let near = EditDistance.didYouMean(key, in: known) { hint = near }
                throw error("unknown key `\(key)` in \(what)", at: keyNode, hint: hint)
            }
            result.append((key, keyNode, value))
        }
        return result
    }

    func string(_ node: Node, _ key: String) throws(InputError) -> String {
        guard case .scalar(let scalar) = node, !isNull(node) else {
            throw error("`\(key)` must be a string, not \(describe(node))", at: node)
        }
        return scalar.string
    }

    func int(_ node: Node, _ key: String) throws(InputError) -> Int {
        guard case .scalar(let scalar) = node, let value = Self.decimal(scalar) ?? node.int else {
            throw error("`\(key)` must be a whole number, not \(describe(node))", at: node)
        }
        return value
    }

    /// A plain decimal such as `8` or `-30`, read directly. Yams reads it too (and `0x1F`, `0o17`, `1_000`,
    /// `1:30`), but strips underscores through Foundation's NSString first, about 3% of a no-op hook.
    /// A leading zero is octal to Yams (and `-0` nothing), so those are left to Yams.
    static func decimal(_ scalar: Node.Scalar) -> Int? {
        guard scalar.style == .plain || scalar.style == .any else { return nil }
        let text = scalar.string.utf8
        var digits = text[...]
        if let sign = digits.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            digits = digits.dropFirst()
        }
        guard let first = digits.first, first >= UInt8(ascii: "1") || text.count == 1,
            digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        return Int(scalar.string)
    }

    func bool(_ node: Node, _ key: String) throws(InputError) -> Bool {
        guard case .scalar = node, let value = node.bool else {
            throw error("`\(key)` must be true or false, not \(describe(node))", at: node)
        }
        return value
    }

    /// A list of strings; a single string is accepted as a list of one.
    func strings(_ node: Node, _ key: String) throws(InputError) -> [String] {
        switch node {
        case .sequence(let sequence):
            var result: [String] = []
            for item in sequence { result.append(try string(item, key)) }
            return result
        case .scalar where !isNull(node):
            return [try string(node, key)]
        default:
            throw error("`\(key)` must be a list of strings, not \(describe(node))", at: node)
        }
    }

    func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        return scalar.tag.description == Tag.Name.null.rawValue
            || (scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string))
    }

    /// The node as JSON, for assertion specs and other free-form values.
    func json(_ node: Node) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            if scalar.style != .plain { return .string(scalar.string) }
            if isNull(node) { return .null }
            if let b = node.bool { return .bool(b) }
            if let i = node.int { return .number(Double(i)) }
            if let d = node.float { return .number(d) }
            return .string(scalar.string)
        case .sequence(let sequence):
            return .array(sequence.map { json($0) })
        case .mapping(let mapping):
            var object: [String: JSONValue] = [:]
            for (key, value) in mapping { object[key.string ?? ""] = json(value) }
            return .object(object)
        case .alias:
            return .null
        }
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return isNull(node) ? "nothing" : "`\(scalar.string)`"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .alias: return "an alias"
        }
    }
}
