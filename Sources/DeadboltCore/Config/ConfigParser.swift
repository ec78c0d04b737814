import Yams

/// Reads `deadbolt.yml`, refusing unknown keys and wrong types with the line that holds them.
public enum ConfigParser {
    static let topKeys = [
        "version", "prompts", "guardrails", "datasets", "includes", "run_all_on", "provider",
        "bug_links", "locks", "commit_msg", "gates", "cache", "history", "tiers", "coverage",
    ]

    /// The configuration of the tree: `deadbolt.yml` if present, else the defaults.
    public static func load(from tree: any FileTree) throws(InputError) -> Config {
        guard let bytes = try tree.regularFile(Config.fileName) else { return Config() }
        return try parse(try YAMLFile.text(bytes, path: Config.fileName), path: Config.fileName)
    }

    /// Parses the text of a `deadbolt.yml`.
    public static func parse(_ text: String, path: String = Config.fileName) throws(InputError) -> Config {
        let file = try YAMLFile(path: path, text: text)
        var config = Config()
        config.source = path
        guard let root = file.root, !file.isNull(root) else {
            throw InputError(
                file: path, line: 1, "is empty; it needs at least `version: 1`",
                hint: "run `deadbolt init` to write one")
        }
        var sawVersion = false
        for (key, keyNode, value) in try file.mapping(root, known: topKeys, what: path) {
            switch key {
            case "version":
                config.version = try file.int(value, key)
                guard config.version == 1 else {
                    throw file.error(
                        "unsupported version \(config.version)", at: value, hint: "this deadbolt reads `version: 1`")
                }
                sawVersion = true
            case "prompts": config.prompts = try file.strings(value, key).map(Glob.init)
            case "guardrails": config.guardrails = try file.strings(value, key).map(Glob.init)
            case "datasets":
                let folder = try file.string(value, key)
                guard let normalized = RepoPath.normalize(folder) else {
                    throw file.error("`datasets` must be a folder inside the repository, not `\(folder)`", at: value)
                }
                config.datasets = normalized
            case "includes":
                let patterns = try file.strings(value, key)
                for (index, pattern) in patterns.enumerated() {
                    let node = value.array().indices.contains(index) ? value.array()[index] : value
                    guard let compiled = Pattern(pattern) else {
                        throw file.error(
                            "include pattern `\(pattern)` is not a valid regular expression: "
                                + (Pattern.error(in: pattern) ?? "it does not compile"), at: node)
                    }
                    if let nested = compiled.nestedQuantifier {
                        throw file.error(
                            "include pattern `\(pattern)` repeats a group that repeats itself (`\(nested)`), "
                                + "which can take minutes on one line", at: node,
                            hint: "repeat the inner part once, e.g. `(a+)` instead of `((a+)+)`")
                    }
                    guard compiled.hasCaptureGroup else {
                        throw file.error(
                            "include pattern `\(pattern)` has no group; group 1 must capture the included path",
                            at: node)
                    }
                }
                config.includes = patterns
            case "run_all_on": config.runAllOn = try file.strings(value, key).map(Glob.init)
            case "provider":
                config.provider = try ProviderConfigParser.parse(value, file)
                config.providerLine =
                    value["command"]?.mark?.line ?? value["type"]?.mark?.line ?? keyNode.mark?.line
            case "bug_links": config.bugLinks = try bugLinks(value, file)
            case "locks": config.locks = try locks(value, file)
            case "commit_msg": config.commitMessage = try commitMessage(value, file)
            case "gates": config.gates = try gates(value, file)
            case "cache": config.cache = try CacheConfigParser.parse(value, file)
            case "history": config.history = try HistoryConfigParser.history(value, file)
            case "tiers": config.tiers = try HistoryConfigParser.tiers(value, file)
            case "coverage": config.coverage = try CoverageConfigParser.parse(value, file)
            default: break
            }
        }
        guard sawVersion else {
            throw InputError(file: path, line: 1, "has no `version`", hint: "add `version: 1` as its first line")
        }
        return config
    }

    static func bugLinks(_ node: Node, _ file: YAMLFile) throws(InputError) -> BugLinkConfig {
        var config = BugLinkConfig()
        for (key, _, value) in try file.mapping(
            node, known: ["trailers", "github_keywords", "patterns"], what: "bug_links")
        {
            switch key {
            case "trailers": config.trailers = try file.strings(value, "bug_links.trailers")
            case "github_keywords": config.githubKeywords = try file.bool(value, "bug_links.github_keywords")
            case "patterns":
                config.patterns = try file.strings(value, "bug_links.patterns")
                for pattern in config.patterns where Pattern(pattern) == nil {
                    throw file.error(
                        "bug link pattern `\(pattern)` is not a valid regular expression: "
                            + (Pattern.error(in: pattern) ?? "it does not compile"), at: value)
                }
            default: break
            }
        }
        return config
    }

    static func locks(_ node: Node, _ file: YAMLFile) throws(InputError) -> LockConfig {
        var config = LockConfig()
        for (key, _, value) in try file.mapping(node, known: ["missing", "waiver"], what: "locks") {
            switch key {
            case "missing":
                let text = try file.string(value, "locks.missing")
                guard let missing = LockConfig.Missing(rawValue: text) else {
                    throw file.error("`locks.missing` must be `warn` or `fail`, not `\(text)`", at: value)
                }
                config.missing = missing
            case "waiver": config.waiver = try file.string(value, "locks.waiver")
            default: break
            }
        }
        return config
    }

    static func commitMessage(_ node: Node, _ file: YAMLFile) throws(InputError) -> CommitMessageConfig {
        var config = CommitMessageConfig()
        for (key, _, value) in try file.mapping(node, known: ["require_bug_link", "waiver"], what: "commit_msg") {
            switch key {
            case "require_bug_link":
                let text = try file.string(value, "commit_msg.require_bug_link")
                guard let requirement = CommitMessageConfig.Requirement(rawValue: text) else {
                    throw file.error(
                        "`commit_msg.require_bug_link` must be never, prompt-changes or always, not `\(text)`",
                        at: value)
                }
                config.requireBugLink = requirement
            case "waiver": config.waiver = try file.string(value, "commit_msg.waiver")
            default: break
            }
        }
        return config
    }

    static func gates(_ node: Node, _ file: YAMLFile) throws(InputError) -> [Gate] {
        guard case .mapping(let mapping) = node else {
            throw file.error("`gates` must be a mapping of gate names to {tiers, scope}", at: node)
        }
        var gates = Gate.defaults
        for (nameNode, value) in mapping {
            let name = nameNode.string ?? ""
            var gate = gates.first(where: { $0.name == name }) ?? Gate(name: name, tiers: [.smoke], scope: .affected)
            for (key, _, setting) in try file.mapping(value, known: ["tiers", "scope"], what: "gate `\(name)`") {
                if key == "tiers" {
                    var tiers: [Tier] = []
                    let items = setting.array().isEmpty ? [setting] : setting.array()
                    for item in items {
                        tiers.append(
                            try Tier.parse(
                                try file.string(item, "tiers"), file: file.path, line: item.mark?.line,
                                column: item.mark?.column))
                    }
                    gate.tiers = tiers
                } else {
                    let text = try file.string(setting, "scope")
                    guard let scope = Scope(rawValue: text) else {
                        throw file.error("`scope` must be `affected` or `all`, not `\(text)`", at: setting)
                    }
                    gate.scope = scope
                }
            }
            if let index = gates.firstIndex(where: { $0.name == name }) {
                gates[index] = gate
            } else {
                gates.append(gate)
            }
        }
        return gates
    }
}

/// Durations as people write them in configuration: `30s`, `500ms`, `2m`, `1.5s`, or seconds.
public enum DurationText {
    public static func seconds(_ text: String) -> Double? {
        // Concrete Substring steps, not reversed().drop(while:): those generic wrappers cost a no-op hook
        // a runtime metadata instantiation each (about 5% of its time, measured with perf).
        var trimmed = Substring(text)
        while let first = trimmed.first, first == " " || first == "\t" { trimmed.removeFirst() }
        while let last = trimmed.last, last == " " || last == "\t" { trimmed.removeLast() }
        let factor: Double
        if trimmed.hasSuffix("ms") {
            factor = 0.001
            trimmed.removeLast(2)
        } else if let unit = trimmed.last, let scale = unitScale(unit) {
            factor = scale
            trimmed.removeLast()
        } else {
            factor = 1
        }
        return Double(trimmed).map { $0 * factor }
    }

    private static func unitScale(_ unit: Character) -> Double? {
        switch unit {
        case "s": 1
        case "m": 60
        case "h": 3600
        case "d": 86_400
        default: nil
        }
    }
}
