/// What one case sends: its chat messages, and the content id of every prompt file they were
/// rendered from (the files `prompt:` or `messages:` name and everything those include).
public struct RenderedPrompt: Sendable, Equatable {
    public var messages: [ChatMessage]
    /// `{path: content id}`.
    public var files: [String: String]

    public init(messages: [ChatMessage], files: [String: String] = [:]) {
        self.messages = messages
        self.files = files
    }
}

/// Renders each case's chat messages from its dataset's `prompt:` or `messages:`, reading the
/// prompt files from one tree.
///
/// - A template (a prompt file, or a `content:` written in `dataset.yml`) first has its includes
///   replaced: each match of the configuration's `includes` patterns becomes the content of the
///   file its group 1 names, resolved as selection resolves it (from the repository root, else
///   from the including file's folder; `dataset.yml`'s folder for a `content:`), recursively, at
///   most ``maxDepth`` files deep and ``maxBytes`` long; a cycle is an error. A file's final
///   newline is dropped, so that an include on its own line adds no blank line.
/// - Then `{{input}}` and `{{input.FIELD}}` (nested: `{{input.customer.plan}}`,
///   `{{input.items.0}}`) are replaced by the case's values: strings as they are, anything else
///   as compact JSON. Placeholders in the case's values are not expanded again. `{{expected_output}}`
///   is refused: a prompt that shows the model the answer proves nothing. Other `{{...}}` text is
///   left as it is.
/// - `prompt: FILE` is a system message (the file) and a user message: the case's input as text
///   (``inputText(_:)``).
/// - A case whose input has `messages` (a chat list, as `capture` writes it) sends those, each
///   normalised (``ChatMessages``); the dataset's leading system messages come first unless the
///   case's own first message is a system message. The dataset's other messages are not used: the
///   case carries its conversation.
/// - Without `prompt:` or `messages:`, the case's input as text is the one user message.
///
/// Errors name `dataset.yml` and the line of `prompt:` or of the message at fault.
public final class PromptRenderer {
    /// How many files deep includes may nest.
    public static let maxDepth = 16
    /// The longest text a template may expand to through its includes.
    public static let maxBytes = 1 << 20

    let tree: (any FileTree)?
    let patterns: [Pattern]
    let limits: Pattern.ScanLimits
    /// Each file's text with its includes expanded, and the files that took (itself first).
    private var expanded: [String: (text: String, files: [String])] = [:]
    private var ids: [String: String] = [:]

    public init(tree: any FileTree, config: Config, limits: Pattern.ScanLimits = .standard) {
        self.tree = tree
        patterns = config.includes.compactMap { Pattern($0) }
        self.limits = limits
    }

    /// A renderer without files: for datasets with neither `prompt:` nor `messages:`, which need none.
    public init() {
        tree = nil
        patterns = Config().includes.compactMap { Pattern($0) }
        limits = .standard
    }

    /// The messages `regressionCase` sends, and the prompt files they came from.
    public func render(_ dataset: Dataset, _ regressionCase: RegressionCase) throws(InputError) -> RenderedPrompt {
        var files: [String: String] = [:]
        func rendered(_ message: PromptMessage) throws(InputError) -> ChatMessage {
            switch message.source {
            case .caseInput:
                return ChatMessage(role: message.role, text: Self.inputText(regressionCase.input))
            case .file, .content:
                let template = try self.template(message, in: dataset)
                for path in template.files { files[path] = ids[path] }
                let text = try Self.fill(
                    template.text, from: regressionCase, at: dataset, line: message.line, source: template.name)
                return ChatMessage(role: message.role, text: text)
            }
        }
        let template = regressionCase.messages ?? dataset.messages
        if let own = Self.caseMessages(regressionCase.input) {
            var messages: [ChatMessage] = []
            if own.first?.role != "system" {
                for message in template.prefix(while: { $0.role == "system" || $0.role == "developer" }) {
                    messages.append(try rendered(message))
                }
            }
            return RenderedPrompt(messages: messages + own, files: files)
        }
        guard !template.isEmpty else {
            return RenderedPrompt(messages: [ChatMessage(role: "user", text: Self.inputText(regressionCase.input))])
        }
        var messages: [ChatMessage] = []
        for message in template { messages.append(try rendered(message)) }
        return RenderedPrompt(messages: messages, files: files)
    }

    /// The problems a run of `cases` would meet, each once: missing or unreadable prompt files
    /// and includes, and placeholders naming a field some cases lack (with those cases' ids).
    public func problems(_ dataset: Dataset, cases: [RegressionCase]) -> [InputError] {
        // Cases of a promptfoo suite with several prompts each render their own.
        var groups: [(messages: [PromptMessage], cases: [RegressionCase])] = []
        for regressionCase in cases {
            let messages = regressionCase.messages ?? dataset.messages
            if let at = groups.firstIndex(where: { $0.messages == messages }) {
                groups[at].cases.append(regressionCase)
            } else {
                groups.append((messages, [regressionCase]))
            }
        }
        if groups.isEmpty { groups = [(dataset.messages, [])] }
        var problems: [InputError] = []
        for group in groups {
            for problem in self.problems(dataset, messages: group.messages, cases: group.cases)
            where !problems.contains(problem) {
                problems.append(problem)
            }
        }
        return problems
    }

    func problems(_ dataset: Dataset, messages: [PromptMessage], cases: [RegressionCase]) -> [InputError] {
        var problems: [InputError] = []
        let leading = messages.prefix { $0.role == "system" || $0.role == "developer" }.count
        for (index, message) in messages.enumerated() where message.source != .caseInput {
            // A case with its own messages renders only the leading system messages, and those
            // only when its messages do not start with a system message of their own.
            let users = cases.filter { regressionCase in
                guard let own = Self.caseMessages(regressionCase.input) else { return true }
                return index < leading && own.first?.role != "system"
            }
            let template: (text: String, files: [String], name: String)
            do { template = try self.template(message, in: dataset) } catch {
                if !problems.contains(error) { problems.append(error) }
                continue
            }
            var seen = Set<String>()
            for placeholder in TemplateExpansion.placeholders(in: template.text)
            where seen.insert(placeholder.path).inserted {
                if placeholder.path == "expected_output" {
                    problems.append(Self.expectedOutputError(dataset, line: message.line, source: template.name))
                    continue
                }
                let lacking = users.filter { regressionCase in
                    do {
                        _ = try TemplateExpansion.expand(
                            .string("{{\(placeholder.path)}}"), expectedOutput: nil, input: regressionCase.input)
                        return false
                    } catch { return true }
                }
                guard !lacking.isEmpty else { continue }
                let shown = lacking.prefix(5).map { "`\($0.id)`" }.joined(separator: ", ")
                let more = lacking.count > 5 ? " and \(lacking.count - 5) more" : ""
                problems.append(
                    InputError(
                        file: dataset.definitionPath, line: message.line,
                        "`{{\(placeholder.path)}}` in \(template.name): "
                            + "\(MessageText.count(lacking.count, "case")) of \(users.count) "
                            + "\(lacking.count == 1 ? "has" : "have") no such input field: \(shown)\(more)",
                        hint: "give every case the field, or take the placeholder out of the prompt"))
            }
        }
        return problems
    }

    /// The case's input as the text of a user message: a string as it is; of an object, its
    /// `question`, else the value of its only field when that is a string; else compact JSON.
    public static func inputText(_ input: JSONValue) -> String {
        switch input {
        case .string(let text):
            return text
        case .object(let fields):
            if let question = fields["question"] { return question.stringValue ?? question.compactText() }
            if fields.count == 1, let only = fields.first?.value.stringValue { return only }
            return input.compactText()
        default:
            return input.compactText()
        }
    }

    /// The chat messages a case's input carries under `messages`, normalised; nil when it has none.
    public static func caseMessages(_ input: JSONValue) -> [ChatMessage]? {
        guard let list = input["messages"], ChatMessages.isMessageList(list) else { return nil }
        return ChatMessages.flattened(list).map(ChatMessages.chatMessage)
    }

    // MARK: Templates

    /// The template of `message` with its includes expanded, the files that took, and how
    /// messages name it (its path, or "`messages` item N").
    func template(
        _ message: PromptMessage, in dataset: Dataset
    ) throws(InputError) -> (text: String, files: [String], name: String) {
        let found = try includesExpanded(message, in: dataset)
        guard dataset.placeholders == .promptfoo else { return found }
        do {
            return (try PromptfooTemplate.qualified(found.text), found.files, found.name)
        } catch {
            // A line in a prompt file is its line only when nothing was included into it.
            let file = message.file.flatMap { found.files.count == 1 ? $0 : nil }
            throw InputError(
                file: file ?? message.origin ?? dataset.definitionPath,
                line: file != nil ? error.line : message.origin == nil ? message.line : nil,
                "dataset `\(dataset.name)`: the prompt \(found.name) \(error.message)",
                hint: "write the prompt with plain `{{ var }}` placeholders, or keep this suite in promptfoo")
        }
    }

    /// The template of `message` with its includes expanded, before placeholders are read.
    func includesExpanded(
        _ message: PromptMessage, in dataset: Dataset
    ) throws(InputError) -> (text: String, files: [String], name: String) {
        let fail = { (text: String, hint: String?) in
            InputError(
                file: dataset.definitionPath, line: message.line, "dataset `\(dataset.name)`: \(text)", hint: hint)
        }
        guard let tree else {
            throw fail("its prompt cannot be rendered without the repository's files", nil)
        }
        switch message.source {
        case .file(let path):
            guard try exists(path, in: tree, fail: fail) else {
                throw fail(
                    "the prompt file \(path) does not exist",
                    "fix the path, or add the file (`check` reads the commit, `run` the work tree)")
            }
            let result = try expand(path, chain: [], in: tree, fail: fail)
            return (result.text, result.files, path)
        case .content(let text):
            var files: [String] = []
            let name =
                message.origin.map { "of \($0)" } ?? "the `content` of line \(message.line.map(String.init) ?? "?")"
            let result = try expandIncludes(
                text, of: dataset.definitionPath, name: name, chain: [], files: &files, in: tree, fail: fail)
            return (result, files, name)
        case .caseInput:
            return ("", [], "")
        }
    }

    private func exists(
        _ path: String, in tree: any FileTree, fail: (String, String?) -> InputError
    ) throws(InputError) -> Bool {
        do { return try tree.exists(path) } catch { throw fail("\(path) cannot be read: \(error)", nil) }
    }

    /// The text of `path` with its includes expanded, and the files that took, `path` first.
    private func expand(
        _ path: String, chain: [String], in tree: any FileTree, fail: (String, String?) -> InputError
    ) throws(InputError) -> (text: String, files: [String]) {
        if let known = expanded[path] { return known }
        let chain = chain + [path]
        if chain.count > Self.maxDepth {
            throw fail(
                "includes nest more than \(Self.maxDepth) files deep: \(chain.joined(separator: " → "))",
                "flatten the includes")
        }
        let read: [UInt8]?
        do { read = try tree.regularFile(path) } catch {
            throw fail("\(error.location.map { "\($0): " } ?? "")\(error.message)", error.hint)
        }
        guard let bytes = read else { throw fail("\(path) does not exist", nil) }
        guard var text = String(validating: bytes, as: UTF8.self) else {
            throw fail("\(path) is not UTF-8 text", "save it as UTF-8")
        }
        if text.hasSuffix("\n") { text.removeLast() }
        var files = [path]
        ids[path] = (try? tree.contentID(path)) ?? nil
        let result = try expandIncludes(text, of: path, name: path, chain: chain, files: &files, in: tree, fail: fail)
        expanded[path] = (result, files)
        return (result, files)
    }

    /// `text` (of the file `path`, or of `dataset.yml` for a `content:`) with every include
    /// replaced by its file's expanded text; the files that took are added to `files`.
    private func expandIncludes(
        _ text: String, of path: String, name: String, chain: [String], files: inout [String], in tree: any FileTree,
        fail: (String, String?) -> InputError
    ) throws(InputError) -> String {
        let bytes = Array(text.utf8)
        var spans: [Pattern.Span] = []
        for pattern in patterns {
            do { spans += try pattern.spans(in: bytes, limits: limits) } catch {
                throw fail("\(name) is too costly to scan for includes: it \(error.reason)", error.hint)
            }
        }
        guard !spans.isEmpty else { return text }
        spans.sort { $0.range.lowerBound < $1.range.lowerBound }
        var result: [UInt8] = []
        var cursor = 0
        for span in spans where span.range.lowerBound >= cursor {
            let written = String(decoding: bytes[span.range], as: UTF8.self)
            guard let target = IncludeGraph.existing(span.group, from: path, in: tree) else {
                throw fail(
                    "\(name) includes \(span.group) (`\(written)`), which does not exist",
                    "include paths are read from the repository root, else from the including file's folder")
            }
            if let at = chain.firstIndex(of: target) {
                throw fail(
                    "include cycle: \((chain[at...] + [target]).joined(separator: " → "))",
                    "remove one of the includes")
            }
            let included = try expand(target, chain: chain, in: tree, fail: fail)
            for file in included.files where !files.contains(file) { files.append(file) }
            result += bytes[cursor..<span.range.lowerBound]
            result += Array(included.text.utf8)
            cursor = span.range.upperBound
            if result.count > Self.maxBytes {
                throw fail(
                    "\(name) grows past \(Self.maxBytes / 1024 / 1024) MiB through its includes",
                    "include less, or include each file once")
            }
        }
        result += bytes[cursor...]
        return String(decoding: result, as: UTF8.self)
    }

    // MARK: Placeholders

    /// `text` with the case's input filled in.
    static func fill(
        _ text: String, from regressionCase: RegressionCase, at dataset: Dataset, line: Int?, source: String
    ) throws(InputError) -> String {
        let found = TemplateExpansion.placeholders(in: text)
        guard !found.isEmpty else { return text }
        if found.contains(where: { $0.path == "expected_output" }) {
            throw expectedOutputError(dataset, line: line, source: source)
        }
        let value: JSONValue
        do {
            value = try TemplateExpansion.expand(.string(text), expectedOutput: nil, input: regressionCase.input)
        } catch {
            throw InputError(
                file: dataset.definitionPath, line: line,
                "case `\(regressionCase.id)` (\(regressionCase.source(in: dataset)):\(regressionCase.line)) "
                    + "cannot fill \(source): "
                    + error.message,
                hint: "give the case the field, or take the placeholder out of the prompt")
        }
        return value.stringValue ?? value.compactText()
    }

    static func expectedOutputError(_ dataset: Dataset, line: Int?, source: String) -> InputError {
        InputError(
            file: dataset.definitionPath, line: line,
            "`{{expected_output}}` in \(source): a prompt cannot show the model the expected output",
            hint: "only `{{input}}` and `{{input.FIELD}}` are filled in prompts; `{{expected_output}}` belongs in "
                + "assertions")
    }
}
