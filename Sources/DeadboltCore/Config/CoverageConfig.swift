import Yams

/// `coverage:` in `deadbolt.yml`: how production trace summaries name the shared keys, how they say a
/// trace went badly, and which prompt files their prompt names mean.
public struct CoverageConfig: Sendable, Equatable {
    /// A shared key to slice by, and the fields of a production row that carry it, first found wins.
    public struct Key: Sendable, Equatable {
        public var name: String
        public var fields: [String]

        public init(name: String, fields: [String]) {
            self.name = name
            self.fields = fields
        }
    }

    /// The shared keys, in order. Each reads its own name, and the common spellings of it.
    public var keys: [Key]
    /// The fields that say how a trace went, first found wins.
    public var outcome: [String]
    /// Outcomes that count as bad (compared without case).
    public var bad: [String]
    /// Outcomes that are a person complaining, a subset of `bad` in the counts.
    public var complaint: [String]
    /// The fields of the trace id, the time, the prompt version and the model.
    public var traceID: [String]
    public var time: [String]
    public var prompt: [String]
    public var model: [String]
    /// The fields of what the person wrote or asked, for grouping similar complaints.
    public var text: [String]
    /// Prompt names production uses, to the prompt file each means (`refund: prompts/refund.md`).
    public var prompts: [String: String] = [:]
    /// Where `coverage:` was written, for messages.
    public var line: Int?

    public static let defaultKeys: [Key] = [
        Key(name: "feature", fields: ["feature", "app.feature"]),
        Key(name: "intent", fields: ["intent", "app.intent"]),
        Key(name: "customer_tier", fields: ["customer_tier", "plan_tier", "customer.tier", "tier", "plan"]),
    ]

    /// The defaults. Every `deadbolt.yml` load (a hook's too) starts from them: one copy of these
    /// arrays, made once, rather than a dozen new ones each time.
    public init() { self = Self.standard }

    static let standard = CoverageConfig(
        keys: defaultKeys, outcome: ["outcome", "status", "feedback"],
        bad: ["bad", "complaint", "thumbs_down", "error", "failed", "negative"],
        complaint: ["complaint", "thumbs_down", "negative"], traceID: ["trace_id", "traceId", "id"],
        time: ["time", "timestamp", "start_time", "startTime", "created_at", "ts"],
        prompt: ["prompt_version", "prompt", "prompt_name", "promptVersion", "prompt_id"],
        model: ["model", "gen_ai.response.model", "llm.model_name"],
        text: ["comment", "feedback_comment", "feedback_text", "complaint_text", "user_comment", "question", "input"])

    private init(
        keys: [Key], outcome: [String], bad: [String], complaint: [String], traceID: [String], time: [String],
        prompt: [String], model: [String], text: [String]
    ) {
        self.keys = keys
        self.outcome = outcome
        self.bad = bad
        self.complaint = complaint
        self.traceID = traceID
        self.time = time
        self.prompt = prompt
        self.model = model
        self.text = text
    }

    /// The key named `name`: the configured one, else one read from the field of that name.
    public func key(named name: String) -> Key {
        keys.first { $0.name == name } ?? Self.defaultKeys.first { $0.name == name } ?? Key(name: name, fields: [name])
    }
}

enum CoverageConfigParser {
    static let known = ["keys", "outcome", "bad", "complaint", "fields", "prompts"]

    static func parse(_ node: Node, _ file: YAMLFile) throws(InputError) -> CoverageConfig {
        var config = CoverageConfig()
        config.line = node.mark?.line
        for (key, _, value) in try file.mapping(node, known: known, what: "coverage") {
            switch key {
            case "keys": config.keys = try keys(value, file)
            case "outcome": config.outcome = try names(value, "coverage.outcome", file)
            case "bad": config.bad = try names(value, "coverage.bad", file)
            case "complaint": config.complaint = try names(value, "coverage.complaint", file)
            case "fields": try fields(value, file, into: &config)
            case "prompts":
                for (name, _, path) in try file.mapping(value, known: [], what: "coverage.prompts", anyKey: true) {
                    let text = try file.string(path, "coverage.prompts.\(name)")
                    guard let normalized = RepoPath.normalize(text) else {
                        throw file.error(
                            "`coverage.prompts.\(name)` must be a file inside the repository, not `\(text)`", at: path)
                    }
                    config.prompts[name] = normalized
                }
            default: break
            }
        }
        return config
    }

    /// `keys: [feature, intent]`, or `keys: {customer_tier: plan_tier, feature: [feature, app.feature]}`.
    static func keys(_ node: Node, _ file: YAMLFile) throws(InputError) -> [CoverageConfig.Key] {
        var keys: [CoverageConfig.Key] = []
        if case .mapping = node {
            for (name, keyNode, value) in try file.mapping(node, known: [], what: "coverage.keys", anyKey: true) {
                try checkName(name, keyNode, file)
                keys.append(CoverageConfig.Key(name: name, fields: try names(value, "coverage.keys.\(name)", file)))
            }
        } else {
            for name in try file.strings(node, "coverage.keys") {
                try checkName(name, node, file)
                keys.append(CoverageConfig().key(named: name))
            }
        }
        guard !keys.isEmpty, keys.count <= CoverageConfig.keyLimit else {
            throw file.error(
                "`coverage.keys` must name 1 to \(CoverageConfig.keyLimit) keys, not \(keys.count)", at: node,
                hint: "slice by the tags production traces and cases share, such as [feature, intent, customer_tier]")
        }
        guard Set(keys.map(\.name)).count == keys.count else {
            throw file.error("`coverage.keys` names a key twice", at: node)
        }
        return keys
    }

    static func fields(_ node: Node, _ file: YAMLFile, into config: inout CoverageConfig) throws(InputError) {
        for (key, _, value) in try file.mapping(
            node, known: ["trace_id", "time", "prompt", "model", "text"], what: "coverage.fields")
        {
            let fields = try names(value, "coverage.fields.\(key)", file)
            switch key {
            case "trace_id": config.traceID = fields
            case "time": config.time = fields
            case "prompt": config.prompt = fields
            case "model": config.model = fields
            case "text": config.text = fields
            default: break
            }
        }
    }

    /// A non-empty list of names (one name is a list of one), each non-empty.
    static func names(_ node: Node, _ key: String, _ file: YAMLFile) throws(InputError) -> [String] {
        let names = try file.strings(node, key)
        guard !names.isEmpty, names.allSatisfy({ !$0.isEmpty && $0.utf8.count <= 200 }) else {
            throw file.error("`\(key)` must name at least one field, each of 1 to 200 characters", at: node)
        }
        return names
    }

    static func checkName(_ name: String, _ node: Node, _ file: YAMLFile) throws(InputError) {
        guard !name.isEmpty, name.utf8.count <= 100, !name.contains(","), !name.contains("=") else {
            throw file.error(
                "`\(name)` cannot be a coverage key: a key is 1 to 100 characters without `,` or `=`", at: node)
        }
    }
}

extension CoverageConfig {
    /// The most keys a slice has.
    public static let keyLimit = 8
}
