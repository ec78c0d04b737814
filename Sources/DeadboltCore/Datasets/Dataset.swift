import Yams

/// One regression set: `dataset.yml` read, its cases not yet read.
public struct Dataset: Sendable, Equatable {
    /// The folder name, which is the dataset's name.
    public var name: String
    /// The folder from the repository root.
    public var folder: String
    public var description: String?
    /// The prompts and guardrails whose behaviour this dataset protects.
    public var owners: [String]
    /// The line of each owner in `dataset.yml`, parallel to `owners`.
    public var ownerLines: [Int?]
    /// The default tier of its cases.
    public var tier: Tier
    /// The default assertions of its cases, as written.
    public var assertions: [JSONValue]
    /// The line of each assertion in `dataset.yml`, parallel to `assertions`.
    public var assertionLines: [Int?] = []
    /// What `capture` keeps of a trace's input.
    public var inputFields: [String]
    public var version: Int
    /// The chat messages deadbolt renders for each case, from `prompt:` or `messages:`; empty
    /// when the dataset has neither (then the case's input is the one user message).
    public var messages: [PromptMessage] = []
    /// How the prompt files write the case's input: `{{input.FIELD}}`, or promptfoo's `{{FIELD}}`.
    public var placeholders: PlaceholderStyle = .deadbolt
    /// The promptfoo config (from the repository root) whose prompts and tests this dataset is,
    /// from `promptfoo:`; nil for a dataset of `cases.jsonl` alone.
    public var promptfoo: String?
    /// The line of `promptfoo:` in `dataset.yml`.
    public var promptfooLine: Int?

    public init(
        name: String, folder: String, description: String? = nil, owners: [String], ownerLines: [Int?] = [],
        tier: Tier = .smoke, assertions: [JSONValue] = [], inputFields: [String] = [], version: Int = 1
    ) {
        self.name = name
        self.folder = folder
        self.description = description
        self.owners = owners
        self.ownerLines = ownerLines.count == owners.count ? ownerLines : owners.map { _ in nil }
        self.tier = tier
        self.assertions = assertions
        self.inputFields = inputFields
        self.version = version
    }

    /// `folder/dataset.yml`.
    public var definitionPath: String { folder + "/dataset.yml" }
    /// `folder/cases.jsonl`.
    public var casesPath: String { folder + "/cases.jsonl" }
}

/// How a dataset's prompt files name the case's input.
public enum PlaceholderStyle: String, Sendable, Equatable, CaseIterable {
    /// `{{input}}` and `{{input.FIELD}}`.
    case deadbolt
    /// promptfoo's (Nunjucks) `{{FIELD}}`: every placeholder names a field of the case's input.
    case promptfoo
}

/// One message of a dataset's `messages:` (or of what `prompt:` stands for).
public struct PromptMessage: Sendable, Equatable {
    /// Where the message's text comes from.
    public enum Source: Sendable, Equatable {
        /// A template file, from the repository root.
        case file(String)
        /// A template written in `dataset.yml`.
        case content(String)
        /// The case's input as text (the user message of `prompt:`).
        case caseInput
    }

    /// The roles a dataset's message may have.
    public static let roles = ["system", "developer", "user", "assistant"]

    public var role: String
    public var source: Source
    /// Its line in `dataset.yml`.
    public var line: Int?
    /// The file a `content` message was read from (a promptfoo prompt or chat file), for messages.
    public var origin: String?

    public init(role: String, source: Source, line: Int? = nil, origin: String? = nil) {
        self.role = role
        self.source = source
        self.line = line
        self.origin = origin
    }

    /// The file it is read from, if any.
    public var file: String? {
        if case .file(let path) = source { return path }
        return nil
    }
}

/// Reads `dataset.yml`.
public enum DatasetParser {
    static let keys = [
        "description", "owners", "tier", "assert", "input_fields", "version", "prompt", "messages", "placeholders",
        "promptfoo",
    ]

    public static func parse(_ text: String, name: String, folder: String) throws(InputError) -> Dataset {
        let path = folder + "/dataset.yml"
        let file = try YAMLFile(path: path, text: text)
        guard let root = file.root, !file.isNull(root) else {
            throw InputError(
                file: path, line: 1, "is empty; a dataset needs at least `owners:`",
                hint: "list the prompts this dataset protects, e.g. owners: [prompts/refund.md]")
        }
        var dataset = Dataset(name: name, folder: folder, owners: [])
        var sawOwners = false
        var sawMessages: String?
        for (key, keyNode, value) in try file.mapping(root, known: keys, what: path) {
            switch key {
            case "description": dataset.description = try file.string(value, key)
            case "owners":
                // `prompts/refund/` and `./prompts/refund` name the folder prompts/refund.
                dataset.owners = try file.strings(value, key).map { RepoPath.normalize($0) ?? $0 }
                let items = value.array()
                dataset.ownerLines =
                    items.count == dataset.owners.count
                    ? items.map { $0.mark?.line } : dataset.owners.map { _ in value.mark?.line }
                sawOwners = true
            case "tier":
                dataset.tier = try Tier.parse(
                    try file.string(value, key), file: path, line: value.mark?.line, column: value.mark?.column)
            case "assert":
                guard case .sequence(let items) = value else {
                    throw file.error(
                        "`assert` must be a list of assertions "
                            + "such as {type: icontains, value: \"{{expected_output}}\"}",
                        at: value)
                }
                dataset.assertions = items.map { file.json($0) }
                dataset.assertionLines = items.map { $0.mark?.line }
            case "input_fields": dataset.inputFields = try file.strings(value, key)
            case "version": dataset.version = try file.int(value, key)
            case "placeholders":
                let written = try file.string(value, key)
                guard let style = PlaceholderStyle(rawValue: written) else {
                    throw file.error(
                        "`placeholders` is `deadbolt` ({{input.FIELD}}) or `promptfoo` ({{FIELD}}), not `\(written)`",
                        at: value, hint: EditDistance.didYouMean(written, in: PlaceholderStyle.allCases.map(\.rawValue))
                    )
                }
                dataset.placeholders = style
            case "promptfoo":
                dataset.promptfoo = try promptPath(try file.string(value, key), at: value, key: key, file: file)
                dataset.promptfooLine = value.mark?.line
            case "prompt", "messages":
                if let other = sawMessages {
                    throw file.error(
                        "`prompt` and `messages` cannot both be given (`\(other)` is given above)", at: keyNode,
                        hint: "keep `prompt: FILE` for a system prompt plus the case's input, or list every message "
                            + "under `messages:`")
                }
                sawMessages = key
                dataset.messages = try key == "prompt" ? promptMessages(value, file: file) : messages(value, file: file)
            default: break
            }
        }
        // The files a dataset renders are prompts it protects: a change to one runs its cases.
        for message in dataset.messages {
            guard let prompt = message.file,
                !dataset.owners.contains(where: { $0 == prompt || RepoPath.isInside(prompt, folder: $0) })
            else { continue }
            dataset.owners.append(prompt)
            dataset.ownerLines.append(message.line)
        }
        if dataset.promptfoo != nil {
            if let other = sawMessages {
                throw InputError(
                    file: path, line: dataset.promptfooLine,
                    "`promptfoo` and `\(other)` cannot both be given: the suite's `prompts` are what it renders",
                    hint: "keep `promptfoo:` and list the prompts in the promptfoo config")
            }
            // The suite's prompts and files are added as owners when it is read.
            dataset.placeholders = .promptfoo
            return dataset
        }
        guard sawOwners || sawMessages != nil, !dataset.owners.isEmpty else {
            throw InputError(
                file: path, line: root.mark?.line,
                "has no `owners`; every dataset names the prompts or guardrails it protects",
                hint: "add owners: [prompts/NAME.md], or `prompt: prompts/NAME.md` to render that prompt")
        }
        return dataset
    }

    static let messagesHint =
        "write `prompt: prompts/NAME.md`, or `messages:` as a list such as "
        + "[{role: system, file: prompts/NAME.md}, {role: user, content: \"{{input.question}}\"}]"

    /// `prompt: FILE`: the file as the system message, then the case's input as the user message.
    static func promptMessages(_ value: Node, file: YAMLFile) throws(InputError) -> [PromptMessage] {
        let written = try file.string(value, "prompt")
        let path = try promptPath(written, at: value, key: "prompt", file: file)
        return [
            PromptMessage(role: "system", source: .file(path), line: value.mark?.line),
            PromptMessage(role: "user", source: .caseInput, line: value.mark?.line),
        ]
    }

    /// `messages: [{role, file | content}, ...]`.
    static func messages(_ value: Node, file: YAMLFile) throws(InputError) -> [PromptMessage] {
        guard case .sequence(let items) = value, !items.isEmpty else {
            throw file.error(
                "`messages` must be a non-empty list of messages, not \(file.describe(value))", at: value,
                hint: messagesHint)
        }
        var result: [PromptMessage] = []
        for (index, item) in items.enumerated() {
            let what = "message \(index + 1) of `messages`"
            guard case .mapping = item else {
                throw file.error(
                    "\(what) must be a mapping with `role` and `file` or `content`, not \(file.describe(item))",
                    at: item, hint: messagesHint)
            }
            var role: String?
            var source: PromptMessage.Source?
            for (key, keyNode, field) in try file.mapping(item, known: ["role", "file", "content"], what: what) {
                switch key {
                case "role":
                    let name = try file.string(field, "role")
                    guard PromptMessage.roles.contains(name) else {
                        throw file.error(
                            "\(what) has the role `\(name)`; a role is one of "
                                + PromptMessage.roles.joined(separator: ", "),
                            at: field, hint: EditDistance.didYouMean(name, in: PromptMessage.roles))
                    }
                    role = name
                default:
                    guard source == nil else {
                        throw file.error(
                            "\(what) has both `file` and `content`; give exactly one", at: keyNode,
                            hint: "`file:` reads the text from a prompt file, `content:` writes it here")
                    }
                    let text = try file.string(field, key)
                    source =
                        key == "file"
                        ? .file(try promptPath(text, at: field, key: "file", file: file)) : .content(text)
                }
            }
            guard let role else {
                throw file.error("\(what) has no `role`", at: item, hint: "add role: system, user or assistant")
            }
            guard let source else {
                throw file.error(
                    "\(what) has neither `file` nor `content`", at: item,
                    hint: "add `file: prompts/NAME.md` or `content: \"...\"`")
            }
            result.append(PromptMessage(role: role, source: source, line: item.mark?.line))
        }
        return result
    }

    /// A prompt file's path from the repository root, normalised.
    static func promptPath(_ written: String, at node: Node, key: String, file: YAMLFile) throws(InputError) -> String {
        guard let path = RepoPath.normalize(written), !path.isEmpty else {
            throw file.error(
                "`\(key)` must be a file's path from the repository root, not `\(written)`", at: node,
                hint: "such as prompts/refund.md")
        }
        return path
    }
}
