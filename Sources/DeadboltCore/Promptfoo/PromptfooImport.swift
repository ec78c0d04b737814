/// A promptfoo suite written out as a deadbolt dataset: `dataset.yml` and `cases.jsonl`, for a team
/// that moves over (`deadbolt import promptfoo`). A suite kept in place (`promptfoo:` in
/// `dataset.yml`) needs none of this.
///
/// The dataset renders the suite's one prompt with promptfoo's placeholders, owns its prompt file,
/// and has a case a test (vars as `input`, assertions as `assert`, `metadata` as tags). A var read
/// from a file is written into the case: the file is no longer needed.
public enum PromptfooImport {
    /// The two files' text.
    public struct Files: Sendable, Equatable {
        public var definition: String
        public var cases: String
        public var caseCount: Int
    }

    public static func files(_ suite: PromptfooSuite, prompt label: String?) throws(InputError) -> Files {
        let prompt: PromptfooSuite.Prompt
        if let label {
            guard let chosen = suite.prompts.first(where: { $0.label == label }) else {
                throw InputError(
                    file: suite.configPath, "has no prompt labelled `\(label)`",
                    hint: "its prompts: " + suite.prompts.map { "`\($0.label)`" }.joined(separator: ", "))
            }
            prompt = chosen
        } else {
            guard suite.prompts.count == 1 else {
                throw InputError(
                    file: suite.configPath,
                    "has \(suite.prompts.count) prompts; a dataset renders one",
                    hint: "import once per prompt with --prompt LABEL and a --dataset name each ("
                        + suite.prompts.map { "`\($0.label)`" }.joined(separator: ", ")
                        + "), or keep the suite in place with `promptfoo: \(suite.configPath)` in dataset.yml")
            }
            prompt = suite.prompts[0]
        }
        var lines = [
            "# Imported from \(suite.configPath) by `deadbolt import promptfoo`.",
            "description: \(quoted(suite.description ?? "Regression cases imported from \(suite.configPath)"))",
            "placeholders: promptfoo                 # prompts write {{var}}, as in promptfoo",
        ]
        let files = prompt.messages.compactMap { $0.file ?? $0.origin }
        var owners: [String] = []
        for file in files where !owners.contains(file) { owners.append(file) }
        if owners.isEmpty {
            // The prompt was written in the config; the config is what a change to it touches.
            owners = [suite.configPath]
        }
        lines.append("owners: [\(owners.map(quoted).joined(separator: ", "))]")
        lines.append("messages:")
        for message in prompt.messages {
            switch message.source {
            case .file(let path): lines.append("  - {role: \(message.role), file: \(quoted(path))}")
            case .content(let text): lines.append("  - {role: \(message.role), content: \(quoted(text))}")
            case .caseInput: lines.append("  - {role: \(message.role), content: \"{{input}}\"}")
            }
        }
        lines += ["tier: smoke", "version: 1", ""]
        var rows: [String] = []
        var count = 0
        for regressionCase in suite.cases {
            // A suite with several prompts has a case per test and prompt; keep the chosen prompt's.
            if suite.prompts.count > 1, regressionCase.messages != prompt.messages { continue }
            var row: [String: JSONValue] = [
                "id": .string(regressionCase.id), "input": regressionCase.input,
                "assert": .array(regressionCase.assertions ?? []),
            ]
            if let description = regressionCase.fields["description"] { row["description"] = description }
            if !regressionCase.tags.isEmpty { row["tags"] = .object(regressionCase.tags) }
            if let bug = regressionCase.bugLink { row["bug_link"] = .string(bug) }
            if let category = regressionCase.category { row["category"] = .string(category) }
            if let tier = regressionCase.tier { row["tier"] = .string(tier.rawValue) }
            if let threshold = regressionCase.threshold { row["threshold"] = .number(threshold) }
            rows.append(JSONValue.object(row).compactText())
            count += 1
        }
        return Files(
            definition: lines.joined(separator: "\n"), cases: rows.joined(separator: "\n") + "\n", caseCount: count)
    }

    /// `text` as a double-quoted YAML string.
    static func quoted(_ text: String) -> String {
        JSONValue.string(text).compactText()
    }
}
