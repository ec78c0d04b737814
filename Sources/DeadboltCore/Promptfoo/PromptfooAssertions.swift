import Yams

/// promptfoo's `assert` entries as deadbolt assertion specs.
///
/// The deterministic types a regression set uses keep their names; `{{ var }}` in a value becomes
/// `{{input.var}}`; `$ref` is replaced by its `assertionTemplates` entry; a `file://` value is
/// the file's text. promptfoo's `is-json` and `contains-json` take a JSON schema as `value`, so
/// `contains-json` with a value becomes deadbolt's `contains-json` with `schema`. Types deadbolt
/// cannot evaluate are refused with the reason and what to write instead.
struct PromptfooAssertions {
    let reader: PromptfooReader

    /// The types that keep their name (each also with `not-`).
    static let kept: Set<String> = [
        "equals", "contains", "icontains", "contains-all", "contains-any", "icontains-all", "icontains-any",
        "starts-with", "regex", "is-json", "contains-json", "levenshtein", "latency",
    ]
    static let entryKeys = ["type", "value", "threshold", "weight", "metric", "provider", "rubricPrompt", "$ref"]
    static let code: Set<String> = ["javascript", "python", "webhook", "ruby"]
    static let graded: Set<String> = [
        "llm-rubric", "model-graded-closedqa", "model-graded-factuality", "factuality", "g-eval", "similar",
        "answer-relevance", "context-faithfulness", "context-recall", "context-relevance", "select-best",
        "max-score", "moderation", "classifier", "search-rubric", "conversation-relevance", "pi",
        "trajectory:goal-success",
    ]

    /// The specs of an `assert` list.
    func read(_ node: Node, in file: YAMLFile) throws(InputError) -> [JSONValue] {
        guard case .sequence(let items) = node else {
            throw file.error(
                "`assert` must be a list of assertions, not \(file.describe(node))", at: node,
                hint: "such as assert: [{type: icontains, value: refund}]")
        }
        var specs: [JSONValue] = []
        for item in items { specs.append(try entry(item, in: file, depth: 0)) }
        return specs
    }

    func entry(_ node: Node, in file: YAMLFile, depth: Int) throws(InputError) -> JSONValue {
        guard case .mapping = node else {
            throw file.error(
                "an assertion must be a mapping with `type`, not \(file.describe(node))", at: node,
                hint: "such as {type: contains, value: refund}")
        }
        var fields: [String: (key: Node, value: Node)] = [:]
        for (key, keyNode, value) in try file.mapping(node, known: Self.entryKeys + ["transform"], what: "an assertion")
        {
            fields[key] = (keyNode, value)
        }
        if let reference = fields["$ref"] {
            return try resolved(reference.value, local: fields, in: file, depth: depth)
        }
        if let transform = fields["transform"] {
            throw file.error(
                "`transform` runs JavaScript on the output before the assertion, which deadbolt does not do",
                at: transform.key, hint: "transform the output in your provider command, then assert on it")
        }
        guard let typeNode = fields["type"]?.value else {
            throw file.error("the assertion has no `type`", at: node, hint: "such as type: icontains")
        }
        let written = try file.string(typeNode, "type")
        let bare = written.hasPrefix("not-") ? String(written.dropFirst(4)) : written
        guard Self.kept.contains(bare) else { throw refusal(written, bare: bare, at: typeNode, in: file) }
        var spec: [String: JSONValue] = ["type": .string(written)]
        try apply(fields, to: &spec, bare: bare, in: file)
        if bare == "levenshtein", spec["threshold"] == nil {
            spec["threshold"] = .number(AssertionEvaluator.defaultLevenshteinThreshold)
        }
        return .object(spec)
    }

    /// A `$ref: "#/assertionTemplates/NAME"`, with the entry's own keys over the template's.
    func resolved(
        _ reference: Node, local: [String: (key: Node, value: Node)], in file: YAMLFile, depth: Int
    ) throws(InputError) -> JSONValue {
        let written = try file.string(reference, "$ref")
        let prefix = "#/assertionTemplates/"
        guard written.hasPrefix(prefix) else {
            throw file.error(
                "`$ref` must point into the config's assertionTemplates, such as \(prefix)NAME, not `\(written)`",
                at: reference)
        }
        let name = String(written.dropFirst(prefix.count))
        guard let template = reader.templates[name] else {
            throw file.error(
                "`$ref` names the assertion template `\(name)`, which `assertionTemplates` does not have",
                at: reference, hint: EditDistance.didYouMean(name, in: Array(reader.templates.keys).sorted()))
        }
        guard depth < 8 else {
            throw file.error("assertion templates refer to each other more than 8 deep", at: reference)
        }
        guard case .object(var spec) = try entry(template.node, in: template.file, depth: depth + 1) else {
            return .null
        }
        let type = spec["type"]?.stringValue ?? ""
        try apply(
            local.filter { $0.key != "$ref" && $0.key != "type" }, to: &spec,
            bare: type.hasPrefix("not-") ? String(type.dropFirst(4)) : type, in: file)
        return .object(spec)
    }

    /// An entry's `value`, `threshold`, `weight` and `metric` written into `spec`.
    func apply(
        _ fields: [String: (key: Node, value: Node)], to spec: inout [String: JSONValue], bare: String,
        in file: YAMLFile
    ) throws(InputError) {
        if let value = fields["value"]?.value {
            var json = try self.value(value, in: file)
            if bare == "contains-json" || bare == "is-json", case .string(let text) = json,
                let parsed = try? JSONValue.parse(text)
            {
                json = parsed
            }
            do { json = try PromptfooTemplate.qualified(json) } catch {
                throw file.error("the assertion's value \(error.message)", at: value)
            }
            spec[bare == "contains-json" ? "schema" : "value"] = json
        }
        for key in ["threshold", "weight"] {
            guard let given = fields[key]?.value else { continue }
            // promptfoo ignores a threshold on a type that has none; so does the case.
            if key == "threshold", bare != "levenshtein", bare != "latency" { continue }
            guard case .number(let number) = file.json(given) else {
                throw file.error("`\(key)` must be a number, not \(file.describe(given))", at: given)
            }
            spec[key] = .number(number)
        }
        if let metric = fields["metric"]?.value { spec["metric"] = .string(try file.string(metric, "metric")) }
    }

    /// A value as JSON; a `file://` string is the file's text.
    func value(_ node: Node, in file: YAMLFile) throws(InputError) -> JSONValue {
        guard case .scalar(let scalar) = node, scalar.string.hasPrefix("file://") else { return file.json(node) }
        let path = try reader.path(scalar.string, at: node, in: file)
        let suffix = path.split(separator: ".").last.map { String($0).lowercased() } ?? ""
        if PromptfooPrompts.codeExtensions.contains(suffix) {
            throw file.error(
                "the assertion's value \(path) is code, which deadbolt does not run in-process", at: node,
                hint: "write it as an `exec` assertion in a deadbolt dataset: a command that reads JSON on stdin")
        }
        var text = try reader.text(path, at: node, in: file, what: "the assertion's value file")
        if text.hasSuffix("\n") { text.removeLast() }
        return .string(text)
    }

    func refusal(_ written: String, bare: String, at node: Node, in file: YAMLFile) -> InputError {
        if Self.code.contains(bare) {
            return file.error(
                "the assertion type `\(written)` runs \(bare) code, which deadbolt does not run in-process", at: node,
                hint: "port it to an `exec` assertion (a command that reads {output, case} as JSON on stdin) in a "
                    + "deadbolt dataset (`deadbolt import promptfoo`), or to a deterministic type such as icontains")
        }
        if Self.graded.contains(bare) {
            return file.error(
                "the assertion type `\(written)` needs a judge model, and deadbolt has none", at: node,
                hint: "replace it with a deterministic type (icontains, regex, contains-json, ...), or judge with an "
                    + "`exec` assertion that calls your model")
        }
        return file.error(
            "deadbolt cannot evaluate the assertion type `\(written)`", at: node,
            hint: EditDistance.didYouMean(written, in: Array(Self.kept).sorted())
                ?? "deadbolt reads " + Self.kept.sorted().joined(separator: ", ") + ", each also with not-")
    }
}
