import DeadboltCore
import Foundation

/// `deadbolt init`: a commented `deadbolt.yml` for the prompts the repository has, a first dataset
/// owning one, and a provider that runs.
public struct ProjectStarter {
    public let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }

    /// What `init` found and wrote.
    public struct Started: Sendable {
        public var written: [String] = []
        /// The prompt files found in the repository (empty when it had none and one was written).
        public var prompts: [String] = []
        public var globs: [String] = []
        public var promptfooConfigs: [String] = []
        /// `provider.command`, or the built-in provider for what the environment offered.
        public var provider: StarterFiles.Provider = .command(["bin/answer"])
        /// The promptfoo suites found: each config, its dataset's name, and why it cannot be read
        /// yet, if it cannot (then no dataset is written for it).
        public var suites: [(config: String, dataset: String, problem: InputError?)] = []
    }

    /// Writes the starter files that are not there yet: `deadbolt.yml` covering the prompt files the
    /// repository has, a first dataset owning one of them, and a provider: the built-in one when
    /// `OPENAI_API_KEY` or `OPENAI_BASE_URL` is set, else `bin/answer`, a stub that answers.
    ///
    /// - Parameter provider: the provider's argv for `provider.command`, nil to choose as above.
    public func write(provider: [String]?, environment: [String: String]) throws -> Started {
        let root = try workspace.workTree(for: "deadbolt init")
        let manager = FileManager.default
        guard !manager.fileExists(atPath: root + "/" + Config.fileName) else {
            throw InputError(
                file: Config.fileName, "already exists; deadbolt init changes nothing",
                hint: "edit it, or remove it and run deadbolt init again")
        }
        let found = PromptDiscovery.find((try? workspace.workTreeFiles().files(under: "")) ?? [])
        var started = Started()
        started.prompts = found.files
        started.globs = found.globs.isEmpty ? ["prompts/**"] : found.globs
        started.promptfooConfigs = found.promptfooConfigs
        var suiteModel: String?
        var suitePrompts: [String] = []
        if let tree = try? workspace.workTreeFiles() {
            var names = Set<String>()
            for config in found.promptfooConfigs.prefix(20) {
                let name = Self.suiteName(config, taken: &names)
                var problem: InputError?
                do {
                    let suite = try PromptfooReader.read(config, in: tree)
                    suiteModel = suiteModel ?? suite.providers.lazy.compactMap(Self.openAIModel).first
                    for prompt in suite.prompts {
                        for message in prompt.messages {
                            if let file = message.file ?? message.origin, file != config, !suitePrompts.contains(file) {
                                suitePrompts.append(file)
                            }
                        }
                    }
                } catch {
                    problem = error
                }
                started.suites.append((config, name, problem))
            }
        }
        var environment = environment
        if let suiteModel, (environment["OPENAI_MODEL"] ?? "").isEmpty { environment["OPENAI_MODEL"] = suiteModel }
        started.provider = Self.provider(argv: provider, environment: environment)
        for file in suitePrompts where !started.globs.contains(where: { Glob($0).matches(file) }) {
            started.globs.append(file)
        }
        let owner = found.owner ?? "prompts/example.md"
        func write(_ path: String, _ text: String, executable: Bool = false) throws {
            let full = root + "/" + path
            guard !manager.fileExists(atPath: full) else { return }
            do {
                try manager.createDirectory(
                    atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: URL(fileURLWithPath: full))
                if executable { try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: full) }
            } catch {
                throw InputError(file: path, "cannot be written: \(error.localizedDescription)")
            }
            started.written.append(path)
        }
        try write(Config.fileName, StarterFiles.configuration(prompts: started.globs, provider: started.provider))
        if started.suites.contains(where: { $0.problem == nil }) {
            // A promptfoo suite is the first dataset: its tests are the cases, nothing to write by hand.
            // One that cannot be read yet is only reported, so that what init writes passes lint.
            for suite in started.suites where suite.problem == nil {
                try write(
                    "evals/regression/\(suite.dataset)/dataset.yml", StarterFiles.suiteDefinition(config: suite.config))
            }
            if provider == nil, case .command(let argv) = started.provider, argv == ["bin/answer"] {
                try write("bin/answer", StarterFiles.stubProvider, executable: true)
            }
            return started
        }
        if found.files.isEmpty { try write(owner, "You are a helpful assistant. Replace this with your prompt.\n") }
        if provider == nil, case .command(let argv) = started.provider, argv == ["bin/answer"] {
            try write("bin/answer", StarterFiles.stubProvider, executable: true)
        }
        let folder = "evals/regression/example_regressions"
        try write(folder + "/dataset.yml", StarterFiles.datasetDefinition(owner: owner))
        let today = ISO8601DateFormatter.string(
            from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        try write(folder + "/cases.jsonl", StarterFiles.exampleCase(date: today))
        return started
    }

    /// A dataset name for the suite at `config`: its folder's name (`promptfoo` at the root) and
    /// `_suite`, made a valid name and unique among `taken`.
    static func suiteName(_ config: String, taken: inout Set<String>) -> String {
        let folder = RepoPath.name(of: RepoPath.folder(of: config))
        var base = String(
            (folder.isEmpty ? "promptfoo" : folder).map { character -> Character in
                character.isASCII && (character.isLetter || character.isNumber || character == "-") ? character : "_"
            }
            .prefix(80))
        if base.hasPrefix("-") || base.isEmpty { base = "promptfoo" }
        base += "_suite"
        var name = base
        var number = 2
        while !taken.insert(name).inserted {
            name = "\(base)_\(number)"
            number += 1
        }
        return name
    }

    /// The model of a promptfoo provider id such as `openai:gpt-4o-mini` or `openai:chat:gpt-4o`.
    static func openAIModel(_ id: String) -> String? {
        let parts = id.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, parts[0] == "openai" else { return nil }
        let model =
            parts.count >= 3 && ["chat", "responses"].contains(parts[1])
            ? parts[2...].joined(separator: ":")
            : parts[1...].joined(separator: ":")
        guard !model.isEmpty, model.utf8.count <= 200, !model.contains(where: \.isNewline),
            !["completion", "embedding", "embeddings", "assistant"].contains(parts[1])
        else { return nil }
        return model
    }

    /// The provider for `argv` when given; else the built-in one when the environment names a key or
    /// a server (`OPENAI_API_KEY`, `OPENAI_BASE_URL`, `OPENAI_MODEL`); else the stub.
    static func provider(argv: [String]?, environment: [String: String]) -> StarterFiles.Provider {
        if let argv { return .command(argv) }
        let key = environment["OPENAI_API_KEY"].map { !$0.isEmpty } ?? false
        var base = environment["OPENAI_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        // Only an address the provider accepts; anything else is left out rather than written.
        if let url = base, !(url.hasPrefix("http://") || url.hasPrefix("https://")) || url.utf8.count > 2_000 {
            base = nil
        }
        guard key || base != nil else { return .command(["bin/answer"]) }
        let model = environment["OPENAI_MODEL"].flatMap { text -> String? in
            text.isEmpty || text.utf8.count > 200 || text.contains(where: \.isNewline) ? nil : text
        }
        return .openAI(model: model ?? "gpt-4o-mini", baseURL: base, keyVariable: key ? "OPENAI_API_KEY" : nil)
    }
}
