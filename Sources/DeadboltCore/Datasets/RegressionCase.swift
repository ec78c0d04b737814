/// One line of `cases.jsonl`: an input and what the right output must satisfy.
public struct RegressionCase: Sendable, Equatable {
    public var id: String
    public var input: JSONValue
    public var expectedOutput: JSONValue?
    /// The case's own assertions, replacing its dataset's when present.
    public var assertions: [JSONValue]?
    public var category: String?
    public var bugLink: String?
    /// The case's own tier, overriding its dataset's.
    public var tier: Tier?
    public var tags: [String: JSONValue]
    /// Every key of the line, including those deadbolt does not read.
    public var fields: [String: JSONValue]
    /// The 1-based line in `cases.jsonl`, or in ``file``.
    public var line: Int
    /// The file the case is written in when it is not its dataset's `cases.jsonl` (a promptfoo
    /// config or tests file).
    public var file: String?
    /// The messages this case renders, when they are not its dataset's (one prompt of a promptfoo
    /// suite with several).
    public var messages: [PromptMessage]?
    /// The least weighted score of its assertions that passes the case (promptfoo's test
    /// `threshold`); nil: every assertion of non-zero weight must pass.
    public var threshold: Double?

    public init(
        id: String, input: JSONValue, expectedOutput: JSONValue? = nil, assertions: [JSONValue]? = nil,
        category: String? = nil, bugLink: String? = nil, tier: Tier? = nil, tags: [String: JSONValue] = [:],
        fields: [String: JSONValue] = [:], line: Int
    ) {
        self.id = id
        self.input = input
        self.expectedOutput = expectedOutput
        self.assertions = assertions
        self.category = category
        self.bugLink = bugLink
        self.tier = tier
        self.tags = tags
        self.fields = fields
        self.line = line
    }

    /// The case's tier, else its dataset's.
    public func effectiveTier(in dataset: Dataset) -> Tier { tier ?? dataset.tier }

    /// The file the case is written in: ``file``, else its dataset's `cases.jsonl`.
    public func source(in dataset: Dataset) -> String { file ?? dataset.casesPath }
}

/// Reads `cases.jsonl`, one JSON object a line.
public enum CaseParser {
    /// Categories a case may declare.
    public static let categories = ["prod-bug", "policy", "invariant"]

    /// Parses every line; blank lines are skipped. The first bad line throws, naming line and column.
    /// `firstLine` is the number of the first line of `bytes` (a tail read after a known prefix).
    public static func parse(_ bytes: some RandomAccessCollection<UInt8>, path: String, firstLine: Int = 1)
        throws(InputError) -> [RegressionCase]
    {
        let bytes = Array(bytes)
        var cases: [RegressionCase] = []
        var lineNumber = firstLine - 1
        var start = 0
        let count = bytes.count
        while start < count {
            var end = start
            while end < count && bytes[end] != 0x0A { end += 1 }
            lineNumber += 1
            var slice = bytes[start..<end]
            if slice.last == 0x0D { slice = slice.dropLast() }
            if !slice.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                cases.append(try parseLine(slice, path: path, line: lineNumber))
            }
            start = end + 1
        }
        return cases
    }

    /// Every line of `bytes` that parses, and an error for each that does not: for `lint`, which
    /// reports every bad line at once.
    public static func parseEach(_ bytes: [UInt8], path: String) -> (cases: [RegressionCase], errors: [InputError]) {
        var cases: [RegressionCase] = []
        var errors: [InputError] = []
        var line = 0
        for slice in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            line += 1
            var row = slice
            if row.last == 0x0D { row = row.dropLast() }
            guard !row.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) else { continue }
            do { cases.append(try parseLine(row, path: path, line: line)) } catch { errors.append(error) }
        }
        return (cases, errors)
    }

    /// The rows of the `cases.jsonl` at `path` in `tree` that parse, skipping the others; none
    /// when there is no file. For comparing with another revision, where a bad line is not the
    /// current change's to report (selection and lint report it).
    public static func readableRows(in tree: (any FileTree)?, path: String) -> [RegressionCase] {
        guard let tree, let bytes = (try? tree.read(path)) ?? nil else { return [] }
        var rows: [RegressionCase] = []
        var line = 0
        for slice in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            line += 1
            if let row = try? parseLine(slice, path: path, line: line) { rows.append(row) }
        }
        return rows
    }

    /// Parses one line of `cases.jsonl`.
    public static func parseLine(_ bytes: ArraySlice<UInt8>, path: String, line: Int) throws(InputError)
        -> RegressionCase
    {
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes)
        } catch {
            throw InputError(
                file: path, line: line, column: error.column, "is not valid JSON: \(error.message)",
                hint: "each line of cases.jsonl must be one complete JSON object")
        }
        guard case .object(let fields) = value else {
            throw InputError(file: path, line: line, column: 1, "must be a JSON object, not \(value.typeName)")
        }
        func fail(_ message: String, hint: String? = nil) -> InputError {
            InputError(file: path, line: line, message, hint: hint)
        }
        guard let idValue = fields["id"] else {
            throw fail("the case has no `id`", hint: "give it a unique id such as reg-2026-11-21-a1b2c3")
        }
        guard case .string(let id) = idValue, !id.isEmpty else {
            throw fail("`id` must be a non-empty string, not \(idValue.typeName)")
        }
        if let problem = CaseID.problem(id) {
            throw fail(
                "`id` \(problem)",
                hint: "ids are one line of printable text, at most \(CaseID.maxLength) characters, "
                    + "e.g. reg-2026-11-21-a1b2c3")
        }
        guard let input = fields["input"] else { throw fail("case `\(id)` has no `input`") }
        var assertions: [JSONValue]?
        if let spec = fields["assert"] {
            guard case .array(let items) = spec else {
                throw fail("case `\(id)`: `assert` must be an array of assertions, not \(spec.typeName)")
            }
            assertions = items
        }
        let expected = fields["expected_output"]
        if expected == nil && assertions == nil {
            throw fail(
                "case `\(id)` has neither `expected_output` nor `assert`",
                hint: "say what the right output must satisfy")
        }
        var category: String?
        if let value = fields["category"] {
            guard case .string(let text) = value else {
                throw fail("case `\(id)`: `category` must be a string, not \(value.typeName)")
            }
            guard categories.contains(text) else {
                throw fail(
                    "case `\(id)`: unknown category `\(text)`",
                    hint: "categories are \(categories.joined(separator: ", "))")
            }
            category = text
        }
        var bugLink: String?
        if let value = fields["bug_link"], value != .null {
            guard case .string(let text) = value else {
                throw fail("case `\(id)`: `bug_link` must be a string, not \(value.typeName)")
            }
            bugLink = text
        }
        var tier: Tier?
        if let value = fields["tier"], value != .null {
            guard case .string(let text) = value else {
                throw fail("case `\(id)`: `tier` must be a string, not \(value.typeName)")
            }
            tier = try Tier.parse(text, file: path, line: line)
        }
        var threshold: Double?
        if let value = fields["threshold"], value != .null {
            guard case .number(let number) = value, number >= 0, number <= 1 else {
                throw fail(
                    "case `\(id)`: `threshold` must be a number from 0 to 1, the weighted share of its assertions "
                        + "that must pass")
            }
            threshold = number
        }
        var tags: [String: JSONValue] = [:]
        if let value = fields["tags"], value != .null {
            guard case .object(let object) = value else {
                throw fail("case `\(id)`: `tags` must be an object, not \(value.typeName)")
            }
            tags = object
        }
        var regressionCase = RegressionCase(
            id: id, input: input, expectedOutput: expected, assertions: assertions, category: category,
            bugLink: bugLink, tier: tier, tags: tags, fields: fields, line: line)
        regressionCase.threshold = threshold
        return regressionCase
    }
}

/// What a case id may be: one line of printable characters, short enough to read. Ids are printed
/// in terminals, reports and CI logs, where a newline or an escape would forge other output (a
/// GitHub `::error` workflow command, say).
public enum CaseID {
    public static let maxLength = 200

    /// Why `id` cannot be a case id, or nil when it can.
    public static func problem(_ id: String) -> String? {
        if id.count > maxLength { return "is \(id.count) characters long; the most is \(maxLength)" }
        for scalar in id.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned, .privateUse:
                let code = "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
                return "holds the invisible or control character \(code)"
            default:
                continue
            }
        }
        if id.first?.isWhitespace == true || id.last?.isWhitespace == true { return "starts or ends with white space" }
        return nil
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
