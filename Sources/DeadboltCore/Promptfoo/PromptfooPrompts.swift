import Yams

/// Reads a promptfoo config's `prompts`: inline text, `file://` text files (a file with lines of
/// `---` holds several prompts), `file://` chat files (`.json`, `.yaml`: a list of `{role,
/// content}`), globs of those, and mappings with `id` or `raw` and `label`.
///
/// A text prompt is one user message, as promptfoo sends it to a chat model; a text file is
/// rendered from the file itself, so its blob id is the prompt's version.
struct PromptfooPrompts {
    let reader: PromptfooReader

    static let codeExtensions = ["js", "cjs", "mjs", "ts", "py"]
    static let chatExtensions = ["json", "yaml", "yml"]

    func read(_ node: Node, in file: YAMLFile) throws(InputError) -> [PromptfooSuite.Prompt] {
        var prompts: [PromptfooSuite.Prompt] = []
        switch node {
        case .scalar:
            prompts += try entry(try file.string(node, "prompts"), label: nil, at: node, in: file)
        case .sequence(let items):
            for item in items {
                switch item {
                case .scalar: prompts += try entry(try file.string(item, "prompts"), label: nil, at: item, in: file)
                case .mapping:
                    var written: String?
                    var label: String?
                    for (key, _, value) in try file.mapping(
                        item, known: ["id", "raw", "label", "config"], what: "a prompt")
                    {
                        switch key {
                        case "id", "raw": written = try file.string(value, key)
                        case "label": label = try file.string(value, key)
                        default: break
                        }
                    }
                    guard let written else {
                        throw file.error(
                            "a prompt mapping needs `id` (file://PATH) or `raw` (the text)", at: item,
                            hint: "such as {id: file://prompts/main.txt, label: main}")
                    }
                    prompts += try entry(written, label: label, at: item, in: file)
                default:
                    throw file.error("a prompt must be text or a mapping, not \(file.describe(item))", at: item)
                }
            }
        case .mapping:
            // The map form: `prompts: {file://prompts/a.txt: label-a}`.
            for (key, keyNode, value) in try file.mapping(node, known: [], what: "`prompts`", anyKey: true) {
                prompts += try entry(key, label: try file.string(value, "prompts"), at: keyNode, in: file)
            }
        case .alias:
            throw file.error("`prompts` must be a list of prompts", at: node)
        }
        guard !prompts.isEmpty else {
            throw file.error("`prompts` is empty", at: node, hint: "add prompts: [file://prompts/NAME.txt]")
        }
        return prompts
    }

    /// The prompts one written entry stands for.
    func entry(_ written: String, label: String?, at node: Node, in file: YAMLFile) throws(InputError)
        -> [PromptfooSuite.Prompt]
    {
        guard written.hasPrefix("file://") else {
            // promptfoo reads a bare path that exists as a file; anything else is the prompt's text.
            if !written.contains("\n"), let path = try? reader.path(written, at: node, in: file),
                (try? reader.tree.regularFile(path)) != nil
            {
                return try prompts(ofFile: path, label: label, at: node, in: file)
            }
            return [inline(written, label: label, at: node, in: file)]
        }
        var prompts: [PromptfooSuite.Prompt] = []
        for path in try reader.expand(try reader.path(written, at: node, in: file), at: node, in: file) {
            prompts += try self.prompts(ofFile: path, label: label, at: node, in: file)
        }
        return prompts
    }

    func inline(_ text: String, label: String?, at node: Node, in file: YAMLFile) -> PromptfooSuite.Prompt {
        let firstLine = text.split(separator: "\n").first.map(String.init) ?? text
        return PromptfooSuite.Prompt(
            label: label ?? String(firstLine.prefix(60)),
            messages: [PromptMessage(role: "user", source: .content(text), line: node.mark?.line, origin: file.path)])
    }

    func prompts(ofFile path: String, label: String?, at node: Node, in file: YAMLFile) throws(InputError)
        -> [PromptfooSuite.Prompt]
    {
        var name = RepoPath.name(of: path)
        var function: String?
        if let colon = name.firstIndex(of: ":") {
            function = String(name[name.index(after: colon)...])
            name = String(name[..<colon])
        }
        let suffix = name.split(separator: ".").last.map { String($0).lowercased() } ?? ""
        if Self.codeExtensions.contains(suffix) || function != nil {
            throw file.error(
                "the prompt \(path) is code (\(suffix)); deadbolt renders text and chat prompt files", at: node,
                hint: "write the prompt as a .txt or .json chat file, or render it in your provider command")
        }
        let text = try reader.text(path, at: node, in: file, what: "the prompt file")
        let line = node.mark?.line
        if Self.chatExtensions.contains(suffix) {
            return [PromptfooSuite.Prompt(label: label ?? path, messages: try chat(text, path: path, line: line))]
        }
        let parts = Self.separated(text)
        guard parts.count > 1 else {
            return [
                PromptfooSuite.Prompt(
                    label: label ?? path, messages: [PromptMessage(role: "user", source: .file(path), line: line)])
            ]
        }
        return parts.enumerated().map { index, part in
            PromptfooSuite.Prompt(
                label: "\(label ?? path) #\(index + 1)",
                messages: [PromptMessage(role: "user", source: .content(part), line: line, origin: path)])
        }
    }

    /// A text file's prompts: promptfoo splits one at lines holding only `---`.
    static func separated(_ text: String) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.contains(where: { $0.trimmingWhitespace() == "---" }) else { return [text] }
        var parts: [String] = []
        var current: [Substring] = []
        for line in lines {
            if line.trimmingWhitespace() == "---" {
                parts.append(current.joined(separator: "\n").trimmingWhitespace())
                current = []
            } else {
                current.append(line)
            }
        }
        parts.append(current.joined(separator: "\n").trimmingWhitespace())
        return parts.filter { !$0.isEmpty }
    }

    /// A chat file's messages: a list of `{role, content}` (JSON or YAML).
    func chat(_ text: String, path: String, line: Int?) throws(InputError) -> [PromptMessage] {
        let chat = try YAMLFile(path: path, text: text)
        guard let root = chat.root, case .sequence(let items) = root, !items.isEmpty else {
            throw InputError(
                file: path, line: 1,
                "must be a list of chat messages such as [{\"role\": \"system\", \"content\": \"...\"}]",
                hint: "write a text prompt in a .txt file instead")
        }
        var messages: [PromptMessage] = []
        for (index, item) in items.enumerated() {
            let what = "message \(index + 1)"
            var role: String?
            var content: String?
            for (key, _, value) in try chat.mapping(item, known: ["role", "content", "name"], what: what) {
                switch key {
                case "role": role = try chat.string(value, key)
                case "content":
                    guard case .scalar = value else {
                        throw chat.error(
                            "\(what): `content` must be text; deadbolt sends text messages, not parts or images",
                            at: value)
                    }
                    content = try chat.string(value, key)
                default: break
                }
            }
            guard let role, PromptMessage.roles.contains(role) else {
                throw chat.error(
                    "\(what) needs a `role`: " + PromptMessage.roles.joined(separator: ", "), at: item)
            }
            guard let content else { throw chat.error("\(what) has no `content`", at: item) }
            messages.append(
                PromptMessage(role: role, source: .content(content), line: item.mark?.line ?? line, origin: path))
        }
        return messages
    }
}
