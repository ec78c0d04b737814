import DeadboltCore

/// A promptfoo suite, as a dataset with `promptfoo:` reads it and `deadbolt import promptfoo`
/// converts it: the input up to a line `====` is the config; what follows is every file the config
/// may name (`prompt.txt`, `chat.json`, `tests.yaml`, `tests.jsonl`, `tests.csv`, `var.txt`).
enum PromptfooTarget {
    static let target = FuzzTarget("promptfoo", "a promptfoo config, then ==== and the files it names") { bytes in
        let (config, rest) = FuzzInput.split(bytes, at: Array("\n====\n".utf8))
        var files: [String: [UInt8]] = ["promptfooconfig.yaml": config]
        for name in ["prompt.txt", "chat.json", "tests.yaml", "tests.jsonl", "tests.csv", "var.txt"] {
            files[name] = rest
        }
        let tree = FilesTree(files: files)
        guard let suite = try? PromptfooReader.read("promptfooconfig.yaml", in: tree) else { return }
        for prompt in suite.prompts {
            for message in prompt.messages {
                if case .content(let text) = message.source { _ = try? PromptfooTemplate.qualified(text) }
            }
            _ = try? PromptfooImport.files(suite, prompt: prompt.label)
        }
        // The cases as a run plans them: every assertion parsed.
        var dataset = Dataset(name: "fuzz", folder: "evals/fuzz", owners: suite.files)
        dataset.adopt(suite)
        _ = try? RunPlanner.plan(
            [(dataset, suite.cases)], prompts: { _ in [:] }, renderer: PromptRenderer(tree: tree, config: Config()),
            revision: nil)
    }
}

/// A repository of a few files held in memory.
struct FilesTree: FileTree {
    let files: [String: [UInt8]]

    func read(_ path: String) throws -> [UInt8]? { files[path] }
    func exists(_ path: String) throws -> Bool {
        files[path] != nil || files.keys.contains { $0.hasPrefix(path + "/") }
    }
    func folders(in path: String) throws -> [String]? { nil }
    func files(under path: String) throws -> [String] {
        files.keys.filter { path.isEmpty || $0.hasPrefix(path + "/") }.sorted()
    }
    func contentID(_ path: String) throws -> String? { nil }
    func entryIDs(in path: String) throws -> [String: String]? { nil }
    func fileIDs(under path: String) throws -> [(path: String, id: String?)] {
        try files(under: path).map { ($0, nil) }
    }
}
