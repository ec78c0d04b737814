import Yams

/// A promptfoo config read as a regression set: its prompts, its tests as cases, and every file
/// it read (the config, prompt, test and var files), which are what the dataset owns.
public struct PromptfooSuite: Sendable, Equatable {
    /// One entry of `prompts`.
    public struct Prompt: Sendable, Equatable {
        /// Its `label`, else its file or its text's first line.
        public var label: String
        public var messages: [PromptMessage]
    }

    /// The config's path from the repository root.
    public var configPath: String
    public var description: String?
    public var prompts: [Prompt]
    public var cases: [RegressionCase]
    /// Every file the suite is made of, the config first, each once.
    public var files: [String]
    /// The providers the config names (`openai:gpt-4o-mini`, ...), as written.
    public var providers: [String]
}

/// Reads a promptfoo config and the files it names from a tree.
///
/// Paths in the config are relative to its folder, with or without `file://`. What deadbolt
/// cannot do as promptfoo does (JavaScript and Python prompts or assertions, model-graded
/// assertions, Nunjucks beyond `{{ var }}`, generated tests) is an error naming the file and line,
/// never skipped.
public final class PromptfooReader {
    /// The most tests a suite may have once var lists are expanded.
    public static let maxCases = 100_000
    /// The most tests one test may expand into through var lists.
    public static let maxExpansion = 1_000
    /// The largest file a suite may read.
    public static let maxFileBytes = 64 << 20

    static let configKeys = [
        "description", "prompts", "providers", "tests", "defaultTest", "assertionTemplates", "scenarios",
        "outputPath", "sharing", "evaluateOptions", "env", "commandLineOptions", "writeLatestResults", "tags",
        "metadata", "derivedMetrics", "nunjucksFilters", "extensions", "redteam", "targets", "$schema",
    ]

    let tree: any FileTree
    public let configPath: String
    /// The config's folder, which its paths are relative to.
    let base: String
    var files: [String] = []
    var templates: [String: (node: Node, file: YAMLFile)] = [:]

    public init(tree: any FileTree, configPath: String) {
        self.tree = tree
        self.configPath = configPath
        base = RepoPath.folder(of: configPath)
    }

    /// The suite at `configPath` in `tree`.
    public static func read(_ configPath: String, in tree: any FileTree) throws(InputError) -> PromptfooSuite {
        try PromptfooReader(tree: tree, configPath: configPath).read()
    }

    public func read() throws(InputError) -> PromptfooSuite {
        let file = try yaml(configPath, what: "the promptfoo config")
        guard let root = file.root, !file.isNull(root) else {
            throw InputError(
                file: configPath, line: 1, "is empty; a promptfoo config needs `prompts` and `tests`",
                hint: "see https://www.promptfoo.dev/docs/configuration/guide/")
        }
        var description: String?
        var promptsNode: Node?
        var testsNode: Node?
        var defaultNode: Node?
        var providers: [String] = []
        for (key, keyNode, value) in try file.mapping(root, known: Self.configKeys, what: configPath) {
            switch key {
            case "description": description = try file.string(value, key)
            case "prompts": promptsNode = value
            case "tests": testsNode = value
            case "defaultTest": defaultNode = value
            case "providers", "targets": providers += Self.providerIDs(value)
            case "assertionTemplates":
                for (name, _, template) in try file.mapping(
                    value, known: [], what: "`assertionTemplates`", anyKey: true)
                {
                    templates[name] = (template, file)
                }
            case "scenarios", "redteam":
                throw file.error(
                    "`\(key)` generates tests when promptfoo runs, which deadbolt cannot read as cases", at: keyNode,
                    hint: "write the tests out under `tests:` (or in a tests file) to keep them as regression cases")
            default: break
            }
        }
        guard let promptsNode else {
            throw file.error(
                "has no `prompts`; deadbolt renders the suite's prompts for each test", at: root,
                hint: "add prompts: [file://prompts/NAME.txt]")
        }
        let prompts = try PromptfooPrompts(reader: self).read(promptsNode, in: file)
        guard let testsNode else {
            throw file.error(
                "has no `tests`; a regression set needs at least one test", at: root,
                hint: "add tests with vars and assert, or tests: file://tests.yaml")
        }
        let defaults = try defaultNode.map { node throws(InputError) in try defaultTest(node, in: file) }
        let cases = try PromptfooTests(reader: self, prompts: prompts, defaults: defaults).read(testsNode, in: file)
        return PromptfooSuite(
            configPath: configPath, description: description, prompts: prompts, cases: cases, files: files,
            providers: providers)
    }

    // MARK: Files

    /// `written` (a path relative to the config's folder, `file://` or not) from the repository root.
    func path(_ written: String, at node: Node?, in file: YAMLFile) throws(InputError) -> String {
        var text = written.trimmingWhitespace()
        if text.hasPrefix("file://") { text.removeFirst(7) }
        guard !text.isEmpty, !text.hasPrefix("/"), let path = RepoPath.join(RepoPath.folder(of: file.path), text),
            !path.isEmpty
        else {
            throw file.error(
                "`\(written)` is not a path inside the repository", at: node,
                hint: "paths in a promptfoo config are relative to its folder, such as file://prompts/main.txt")
        }
        return path
    }

    /// The paths matching `pattern` (from the repository root), sorted; the pattern itself when it
    /// has no wildcard.
    func expand(_ pattern: String, at node: Node?, in file: YAMLFile) throws(InputError) -> [String] {
        guard pattern.contains(where: { $0 == "*" || $0 == "?" }) else { return [pattern] }
        let glob = Glob(pattern)
        let listed: [String]
        do { listed = try tree.files(under: RepoPath.folder(of: glob.literalPrefix + "x")) } catch {
            throw file.error("cannot list the files of `\(pattern)`: \(error)", at: node)
        }
        let matched = listed.filter(glob.matches).sorted()
        guard !matched.isEmpty else {
            throw file.error("`\(pattern)` matches no file", at: node, hint: "fix the pattern, or add the files")
        }
        return matched
    }

    /// The bytes of `path`, remembered as a file of the suite.
    func bytes(_ path: String, at node: Node?, in file: YAMLFile?, what: String) throws(InputError) -> [UInt8] {
        guard let bytes = try tree.regularFile(path) else {
            guard let file else {
                throw InputError(file: path, "does not exist", hint: "give the path of a promptfoo config")
            }
            throw file.error(
                "\(what) \(path) does not exist", at: node,
                hint: "paths are relative to the promptfoo config's folder (\(base.isEmpty ? "the root" : base))")
        }
        guard bytes.count <= Self.maxFileBytes else {
            let message = "is \(bytes.count >> 20) MiB; the most a suite reads is 64 MiB"
            guard let file else { throw InputError(file: path, message) }
            throw file.error("\(path) " + message, at: node)
        }
        if !files.contains(path) { files.append(path) }
        return bytes
    }

    /// The text of `path`, which must be UTF-8.
    func text(_ path: String, at node: Node?, in file: YAMLFile, what: String) throws(InputError) -> String {
        try YAMLFile.text(try bytes(path, at: node, in: file, what: what), path: path)
    }

    /// `path` read as YAML (JSON is YAML too), with positions; without `file`, the config itself.
    func yaml(_ path: String, at node: Node? = nil, in file: YAMLFile? = nil, what: String) throws(InputError)
        -> YAMLFile
    {
        let read = try bytes(path, at: node, in: file, what: what)
        return try YAMLFile(path: path, text: try YAMLFile.text(read, path: path))
    }

    // MARK: Pieces

    /// `defaultTest`: a test mapping, or `file://` naming one.
    func defaultTest(_ node: Node, in file: YAMLFile) throws(InputError) -> (node: Node, file: YAMLFile) {
        guard case .scalar = node else { return (node, file) }
        let path = try path(try file.string(node, "defaultTest"), at: node, in: file)
        let loaded = try yaml(path, at: node, in: file, what: "the defaultTest file")
        guard let root = loaded.root else {
            throw InputError(file: path, line: 1, "is empty; a defaultTest file holds one test mapping")
        }
        return (root, loaded)
    }

    /// The provider ids of `providers:` (strings, or mappings with `id`).
    static func providerIDs(_ node: Node) -> [String] {
        switch node {
        case .scalar(let scalar): return [scalar.string]
        case .sequence(let items): return items.flatMap(providerIDs)
        case .mapping(let mapping):
            if let id = mapping.first(where: { $0.key.string == "id" })?.value.string { return [id] }
            // The map form: `- openai:gpt-4o: {config: ...}`.
            if mapping.count == 1, let key = mapping.first?.key.string { return [key] }
            return []
        case .alias: return []
        }
    }
}

extension Dataset {
    /// This dataset made of `suite`: its files are owners (at the line of `promptfoo:`), and its
    /// one prompt is what every case renders (with several, each case carries its own).
    public mutating func adopt(_ suite: PromptfooSuite) {
        for file in suite.files where !owners.contains(file) {
            owners.append(file)
            ownerLines.append(promptfooLine)
        }
        if description == nil { description = suite.description }
        messages = suite.prompts.count == 1 ? suite.prompts[0].messages : []
    }
}
