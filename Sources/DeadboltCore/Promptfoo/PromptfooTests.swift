import Yams

/// Reads a promptfoo config's `tests` into cases: inline tests, and tests files (YAML, JSON,
/// JSON Lines, CSV) named by path or glob, with `defaultTest` merged into each.
///
/// A test is one case per prompt. Its vars are the case's input; a var whose value is a list
/// makes one case per value (per combination, for several), as promptfoo does; a `file://` var
/// is the file's text. A test without an id gets `pf-` and 12 hex digits of the hash of the test
/// as written, so the id lasts as long as the test is unchanged, wherever it moves in the file.
struct PromptfooTests {
    let reader: PromptfooReader
    let prompts: [PromptfooSuite.Prompt]
    let defaults: (node: Node, file: YAMLFile)?

    static let testKeys = [
        "description", "vars", "assert", "options", "threshold", "metadata", "prompts", "providers", "provider",
        "providerOutput", "assertScoringFunction",
    ]
    /// The `options` that only configure graders or output rendering deadbolt does not do.
    static let harmlessOptions = ["provider", "rubricPrompt", "disableConversationVar"]
    static let csvReserved = ["__description", "__metric", "__threshold"]

    /// One test, read but not yet merged with `defaultTest`.
    struct Test {
        var description: String?
        var vars: [String: JSONValue] = [:]
        var assertions: [JSONValue] = []
        var threshold: Double?
        var metadata: [String: JSONValue] = [:]
        var promptFilter: [String]?
        /// The test as written, for its id.
        var written: JSONValue
        var file: String
        var line: Int
        var disableExpansion = false
        var disableDefaultAsserts = false
    }

    /// The suite's cases. A test that cannot be read does not stop the others from being read: the
    /// first problem is thrown with the rest in its `more`, so that `lint` reports every one.
    func read(_ node: Node, in file: YAMLFile) throws(InputError) -> [RegressionCase] {
        let base = try defaults.map { given throws(InputError) in try test(given.node, in: given.file) }
        var tests: [Test] = []
        var problems: [InputError] = []
        try collect(node, in: file, into: &tests, problems: &problems)
        guard !tests.isEmpty || !problems.isEmpty else {
            throw file.error("`tests` holds no test", at: node, hint: "add a test with vars and assert")
        }
        var cases: [RegressionCase] = []
        var used: [String: Int] = [:]
        for test in tests {
            do {
                try append(test, over: base, to: &cases, used: &used)
            } catch {
                problems.append(error)
            }
            if cases.count > PromptfooReader.maxCases {
                throw InputError(
                    file: test.file, line: test.line,
                    "the suite has more than \(PromptfooReader.maxCases) cases once its var lists are expanded",
                    hint: "split it into several suites")
            }
        }
        if var first = problems.first {
            first.more = Array(problems.dropFirst())
            throw first
        }
        return cases
    }

    /// The cases of one test: one per prompt it runs with, for each combination of its vars.
    func append(
        _ test: Test, over base: Test?, to cases: inout [RegressionCase], used: inout [String: Int]
    ) throws(InputError) {
        let merged = Self.merged(test, over: base)
        guard !merged.assertions.isEmpty else {
            throw InputError(
                file: test.file, line: test.line,
                "this test has no assertions (and defaultTest gives none), so it could never fail",
                hint: "add assert: [{type: icontains, value: ...}] to say what the right answer must hold")
        }
        let chosen = prompts.enumerated().filter { _, prompt in
            merged.promptFilter.map { filter in filter.contains(prompt.label) } ?? true
        }
        guard !chosen.isEmpty else {
            throw InputError(
                file: test.file, line: test.line,
                "this test's `prompts` names no prompt of the suite",
                hint: "prompt labels: " + prompts.map(\.label).joined(separator: ", "))
        }
        let combinations = try Self.expanded(merged.vars, disabled: merged.disableExpansion, test: test)
        for vars in combinations {
            var written = test.written
            if combinations.count > 1 { written = .object(["test": written, "vars": .object(vars)]) }
            let stem = "pf-" + ContentHash.sha256(written.compactText()).prefix(12)
            for (position, prompt) in chosen {
                var id = prompts.count > 1 ? "\(stem)-p\(position + 1)" : stem
                let seen = used[id, default: 0]
                used[id] = seen + 1
                if seen > 0 { id += "-\(seen + 1)" }
                cases.append(try regressionCase(id: id, merged, vars: vars, prompt: prompt, test: test))
                if cases.count > PromptfooReader.maxCases { return }
            }
        }
    }

    // MARK: Collecting

    /// The tests of `node`: a test, a path or glob of tests files, or a list of those.
    func collect(
        _ node: Node, in file: YAMLFile, into tests: inout [Test], problems: inout [InputError]
    ) throws(InputError) {
        switch node {
        case .scalar:
            let written = try file.string(node, "tests")
            for path in try reader.expand(try reader.path(written, at: node, in: file), at: node, in: file) {
                try load(path, at: node, in: file, into: &tests, problems: &problems)
            }
        case .sequence(let items):
            for item in items {
                if case .scalar = item {
                    try collect(item, in: file, into: &tests, problems: &problems)
                } else {
                    Self.keep(try test(item, in: file), in: &tests, or: &problems)
                }
            }
        case .mapping:
            tests.append(try test(node, in: file))
        case .alias:
            throw file.error("`tests` must be a list of tests or a tests file", at: node)
        }
    }

    /// The tests of one tests file, by its extension.
    func load(
        _ path: String, at node: Node, in file: YAMLFile, into tests: inout [Test], problems: inout [InputError]
    ) throws(InputError) {
        let suffix = path.split(separator: ".").last.map { String($0).lowercased() } ?? ""
        switch suffix {
        case "csv":
            let text = try reader.text(path, at: node, in: file, what: "the tests file")
            tests += try PromptfooCSV.tests(text, path: path, assertions: PromptfooAssertions(reader: reader))
        case "jsonl":
            let text = try reader.text(path, at: node, in: file, what: "the tests file")
            var line = 0
            for row in text.split(separator: "\n", omittingEmptySubsequences: false) {
                line += 1
                guard !row.allSatisfy(\.isWhitespace) else { continue }
                // Each line read as YAML (JSON is YAML), so that its errors name this line.
                let one = try YAMLFile(path: path, text: String(repeating: "\n", count: line - 1) + row)
                guard let root = one.root else { continue }
                Self.keep(try test(root, in: one), in: &tests, or: &problems)
            }
        case "yaml", "yml", "json":
            let loaded = try reader.yaml(path, at: node, in: file, what: "the tests file")
            guard let root = loaded.root, !loaded.isNull(root) else {
                throw InputError(file: path, line: 1, "is empty; a tests file holds a list of tests")
            }
            if case .sequence(let items) = root {
                for item in items { Self.keep(try test(item, in: loaded), in: &tests, or: &problems) }
            } else {
                tests.append(try test(root, in: loaded))
            }
        default:
            throw file.error(
                "the tests file \(path) is neither YAML, JSON, JSON Lines nor CSV", at: node,
                hint: "tests generated by code (.js, .py) or read from sheets are not regression cases deadbolt "
                    + "can read; write them to a .yaml, .jsonl or .csv file")
        }
    }

    /// The test `read` gives, or its problem.
    static func keep(
        _ read: @autoclosure () throws(InputError) -> Test, in tests: inout [Test], or problems: inout [InputError]
    ) {
        do { tests.append(try read()) } catch { problems.append(error) }
    }

    /// One test mapping.
    func test(_ node: Node, in file: YAMLFile) throws(InputError) -> Test {
        guard case .mapping = node else {
            throw file.error(
                "a test must be a mapping with vars and assert, not \(file.describe(node))", at: node,
                hint: "such as {vars: {question: ...}, assert: [{type: icontains, value: ...}]}")
        }
        var test = Test(written: file.json(node), file: file.path, line: node.mark?.line ?? 1)
        for (key, keyNode, value) in try file.mapping(node, known: Self.testKeys, what: "a test") {
            switch key {
            case "description": test.description = try file.string(value, key)
            case "vars": test.vars = try vars(value, in: file)
            case "assert": test.assertions = try PromptfooAssertions(reader: reader).read(value, in: file)
            case "threshold":
                guard case .number(let number) = file.json(value), number >= 0, number <= 1 else {
                    throw file.error(
                        "`threshold` must be a number from 0 to 1 (the weighted share of assertions that must pass)",
                        at: value)
                }
                test.threshold = number
            case "metadata":
                guard case .object(let members) = file.json(value) else {
                    throw file.error("`metadata` must be a mapping, not \(file.describe(value))", at: value)
                }
                test.metadata = members
            case "prompts": test.promptFilter = try file.strings(value, key)
            case "options":
                for (name, nameNode, option) in try file.mapping(value, known: [], what: "`options`", anyKey: true) {
                    if name == "disableVarExpansion" {
                        test.disableExpansion = try file.bool(option, name)
                        continue
                    }
                    if name == "disableDefaultAsserts" {
                        test.disableDefaultAsserts = try file.bool(option, name)
                        continue
                    }
                    guard Self.harmlessOptions.contains(name) else {
                        throw file.error(
                            "the test option `\(name)` changes how promptfoo runs the test, which deadbolt does not do",
                            at: nameNode, hint: "remove it, or keep this test in promptfoo")
                    }
                }
            default:
                let effect = key == "providerOutput" ? "skip the model" : "run another provider or scorer"
                throw file.error(
                    "`\(key)` in a test makes promptfoo \(effect), which deadbolt does not do", at: keyNode,
                    hint: "deadbolt runs every case with the provider of deadbolt.yml; remove `\(key)`")
            }
        }
        return test
    }

    /// A test's `vars`: a mapping (a `file://` string value is that file's text), or a `file://`
    /// YAML or JSON file holding the mapping.
    func vars(_ node: Node, in file: YAMLFile) throws(InputError) -> [String: JSONValue] {
        if case .scalar = node {
            let path = try reader.path(try file.string(node, "vars"), at: node, in: file)
            let loaded = try reader.yaml(path, at: node, in: file, what: "the vars file")
            guard let root = loaded.root else { return [:] }
            return try vars(root, in: loaded)
        }
        var result: [String: JSONValue] = [:]
        for (name, _, value) in try file.mapping(node, known: [], what: "`vars`", anyKey: true) {
            result[name] = try varValue(value, in: file)
        }
        return result
    }

    func varValue(_ node: Node, in file: YAMLFile) throws(InputError) -> JSONValue {
        switch node {
        case .scalar(let scalar) where scalar.string.hasPrefix("file://"):
            var paths: [String] = []
            for path in try reader.expand(try reader.path(scalar.string, at: node, in: file), at: node, in: file) {
                paths.append(path)
            }
            var values: [JSONValue] = []
            for path in paths {
                let suffix = path.split(separator: ".").last.map { String($0).lowercased() } ?? ""
                if PromptfooPrompts.codeExtensions.contains(suffix) {
                    throw file.error(
                        "the var \(path) is code, which promptfoo runs to make the value; deadbolt does not",
                        at: node, hint: "write the value into the test, or into a text file")
                }
                let text = try reader.text(path, at: node, in: file, what: "the var file")
                if suffix == "yaml" || suffix == "yml" {
                    // promptfoo loads a YAML var file and passes it on as JSON text.
                    let loaded = try YAMLFile(path: path, text: text)
                    values.append(.string(loaded.root.map { loaded.json($0).compactText() } ?? "null"))
                } else {
                    values.append(.string(text.trimmingWhitespace()))
                }
            }
            return values.count == 1 ? values[0] : .array(values)
        case .sequence(let items):
            var values: [JSONValue] = []
            for item in items { values.append(try varValue(item, in: file)) }
            return .array(values)
        default:
            return file.json(node)
        }
    }

    // MARK: Cases

    /// `test` with `defaultTest` under it: vars merged (the test's win), assertions appended to
    /// the default's, threshold and metadata the test's over the default's.
    static func merged(_ test: Test, over base: Test?) -> Test {
        guard let base else { return test }
        var merged = test
        merged.vars = base.vars.merging(test.vars) { _, own in own }
        merged.assertions = test.disableDefaultAsserts ? test.assertions : base.assertions + test.assertions
        merged.threshold = test.threshold ?? base.threshold
        merged.metadata = base.metadata.merging(test.metadata) { _, own in own }
        merged.promptFilter = test.promptFilter ?? base.promptFilter
        merged.disableExpansion = test.disableExpansion || base.disableExpansion
        return merged
    }

    /// Every combination of the values of list vars, in order (the first var varying slowest).
    static func expanded(_ vars: [String: JSONValue], disabled: Bool, test: Test) throws(InputError)
        -> [[String: JSONValue]]
    {
        guard !disabled else { return [vars] }
        var combinations: [[String: JSONValue]] = [vars]
        for name in vars.keys.sorted() {
            // promptfoo expands a list whose first value is text; a list of numbers or objects is one value.
            guard case .array(let values) = vars[name], case .string? = values.first else { continue }
            var next: [[String: JSONValue]] = []
            for combination in combinations {
                for value in values {
                    var one = combination
                    one[name] = value
                    next.append(one)
                }
            }
            guard next.count <= PromptfooReader.maxExpansion else {
                throw InputError(
                    file: test.file, line: test.line,
                    "this test's list vars make more than \(PromptfooReader.maxExpansion) combinations",
                    hint: "write the combinations that matter as separate tests, or set "
                        + "options: {disableVarExpansion: true}")
            }
            combinations = next
        }
        return combinations
    }

    func regressionCase(
        id: String, _ test: Test, vars: [String: JSONValue], prompt: PromptfooSuite.Prompt, test original: Test
    ) throws(InputError) -> RegressionCase {
        var tags: [String: JSONValue] = [:]
        var bugLink: String?
        var tier: Tier?
        var category: String?
        for (key, value) in test.metadata {
            switch (key, value) {
            case ("bug_link", .string(let text)), ("bug", .string(let text)): bugLink = text
            case ("tier", .string(let text)): tier = try Tier.parse(text, file: original.file, line: original.line)
            case ("category", .string(let text)) where CaseParser.categories.contains(text): category = text
            case (_, .string), (_, .number), (_, .bool): tags[key] = value
            default: break
            }
        }
        var fields: [String: JSONValue] = [
            "id": .string(id), "input": .object(vars), "assert": .array(test.assertions),
        ]
        if let description = test.description { fields["description"] = .string(description) }
        if !test.metadata.isEmpty { fields["metadata"] = .object(test.metadata) }
        if let threshold = test.threshold { fields["threshold"] = .number(threshold) }
        if prompts.count > 1 { fields["prompt"] = .string(prompt.label) }
        var regressionCase = RegressionCase(
            id: id, input: .object(vars), assertions: test.assertions, category: category, bugLink: bugLink,
            tier: tier, tags: tags, fields: fields, line: original.line)
        regressionCase.file = original.file
        regressionCase.threshold = test.threshold
        if prompts.count > 1 { regressionCase.messages = prompt.messages }
        return regressionCase
    }
}
