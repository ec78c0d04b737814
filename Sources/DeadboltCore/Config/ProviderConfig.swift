/// `provider:`: what answers each case, the user's program or a model's API.
public struct ProviderConfig: Sendable, Equatable {
    /// `type`: `command` runs the user's program; `openai` calls a chat-completions API itself.
    public enum Kind: String, Sendable, CaseIterable {
        case command, openai
    }

    /// `protocol` of a command provider: a process per case, or one long-lived worker per job.
    public enum WorkerProtocol: String, Sendable, CaseIterable {
        case once, jsonl
    }

    public var kind: Kind = .command
    public var workerProtocol: WorkerProtocol = .once
    /// argv; nil when the configuration names no provider.
    public var command: [String]?
    /// The chat-completions settings of `type: openai`.
    public var openAI: OpenAIConfig?
    /// How long one case may take.
    public var timeoutSeconds: Double = 30
    /// How many cases run at once.
    public var jobs: Int = 4
    /// Extra environment variables for the provider.
    public var environment: [String: String] = [:]

    /// What `provider.timeout` may be, in seconds: 1 ms to 24 hours.
    public static let timeoutRange: ClosedRange<Double> = 0.001...86_400
    /// What `provider.jobs` may be.
    public static let jobsRange: ClosedRange<Int> = 1...256

    public init() {}

    /// True when something is configured to answer cases.
    public var isConfigured: Bool { kind == .openai ? openAI != nil : command != nil }
}

/// `provider: {type: openai, ...}`: a chat-completions endpoint (OpenAI, Azure OpenAI, vLLM,
/// Ollama, LiteLLM, any gateway that speaks the same API).
public struct OpenAIConfig: Sendable, Equatable {
    /// Up to and including the version path; `/chat/completions` is added to it.
    public var baseURL = "https://api.openai.com/v1"
    public var model: String
    /// The variable holding the API key; nil sends no key (a local server).
    public var apiKeyVariable: String? = "OPENAI_API_KEY"
    public var temperature: Double?
    public var maxTokens: Int?
    public var seed: Int?
    /// Sent as given: `{type: json_object}`, or a JSON schema.
    public var responseFormat: JSONValue?
    /// Extra request headers; `${NAME}` in a value is read from the environment.
    public var headers: [String: String] = [:]
    /// The `deadbolt.yml` line of `api_key_env`, when it is written there.
    public var apiKeyLine: Int?
    /// The `deadbolt.yml` line of each header, by name.
    public var headerLines: [String: Int] = [:]

    /// What `temperature` may be.
    public static let temperatureRange: ClosedRange<Double> = 0...2
    /// What `max_tokens` may be.
    public static let maxTokensRange: ClosedRange<Int> = 1...10_000_000
    /// What `seed` may be: the integers a JSON number holds exactly.
    public static let seedRange: ClosedRange<Int> = -9_007_199_254_740_991...9_007_199_254_740_991

    public init(model: String) {
        self.model = model
    }
}
