import DeadboltCore
import DeadboltHTTP
import DeadboltRunner
import Foundation

/// `provider: {type: openai, ...}`: deadbolt itself POSTs each case's messages to
/// `{base_url}/chat/completions` (OpenAI, Azure OpenAI, vLLM, Ollama, LiteLLM, OpenRouter, any
/// gateway speaking the same API) and reads the answer, the model that gave it, its token usage
/// and, when the server says, its cost.
///
/// 429 and 5xx are tried again (``HTTPSettings/attempts`` in all, waits doubling from
/// ``HTTPSettings/backoffSeconds`` or the server's `Retry-After`, each capped); any other refusal,
/// an answer that cannot be read, or no answer within `provider.timeout` is an errored case
/// that says why. The key and every header value read from the environment are kept out of
/// every message, log line and output.
public struct OpenAIProvider: Provider {
    public let config: OpenAIConfig
    let credentials: OpenAICredentials
    let client: RetryingHTTPClient
    let endpoint: String

    /// - Parameters:
    ///   - settings: its `timeoutSeconds` is `provider.timeout`, its `connectionsPerHost` at least the jobs.
    ///   - environment: read for the proxy variables.
    ///   - log: hears each request line and its answer (never a header), for DEADBOLT_TRACE.
    public init(
        config: OpenAIConfig, credentials: OpenAICredentials, settings: HTTPSettings, environment: [String: String],
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.config = config
        self.credentials = credentials
        endpoint = config.baseURL + "/chat/completions"
        client = RetryingHTTPClient(
            apiURL: endpoint, settings: settings, secrets: credentials.secrets, environment: environment, log: log)
    }

    /// Everything that changes the answer, for the result cache: never the key nor a header's value.
    public var identity: JSONValue {
        var object: [String: JSONValue] = [
            "type": .string("openai"), "base_url": .string(config.baseURL), "model": .string(config.model),
            "headers": .array(config.headers.keys.sorted().map { .string($0) }),
        ]
        if let temperature = config.temperature { object["temperature"] = .number(temperature) }
        if let maxTokens = config.maxTokens { object["max_tokens"] = .number(Double(maxTokens)) }
        if let seed = config.seed { object["seed"] = .number(Double(seed)) }
        if let format = config.responseFormat { object["response_format"] = format }
        return .object(object)
    }

    /// Blocks the job thread on its request: the request itself runs on the HTTP client's event
    /// loops, which never wait for a job thread, so 32 jobs waiting at once hold up nothing.
    public func answer(_ planned: PlannedCase, slot: Int, repetition: Int) -> ProviderReply {
        let start = ContinuousClock.now
        let request = APIRequest(
            method: "POST", url: endpoint, headers: [("Content-Type", "application/json")] + credentials.headers,
            body: JSONValueBody(requestBody(Self.messages(for: planned)).compactText()))
        let sent: Result<APIResponse, HTTPError>
        do throws(HTTPError) {
            sent = .success(try client.sendBlocking(request))
        } catch {
            sent = .failure(error)
        }
        let durationMs = TimeText.milliseconds(since: start)
        switch sent {
        case .success(let response):
            return reply(to: response, durationMs: durationMs)
        case .failure(let error):
            return .failed(failure(for: error), durationMs: durationMs)
        }
    }

    public func shutDown() {
        client.shutdownBlocking()
    }

    /// `{"model", "messages", "temperature"?, "max_tokens"?, "seed"?, "response_format"?}`.
    func requestBody(_ messages: [ChatMessage]) -> JSONValue {
        var body: [String: JSONValue] = [
            "model": .string(config.model), "messages": .array(messages.map(\.json)),
        ]
        if let temperature = config.temperature { body["temperature"] = .number(temperature) }
        if let maxTokens = config.maxTokens { body["max_tokens"] = .number(Double(maxTokens)) }
        if let seed = config.seed { body["seed"] = .number(Double(seed)) }
        if let format = config.responseFormat { body["response_format"] = format }
        return .object(body)
    }

    /// The messages the plan rendered for the case; without them, one user message of its input:
    /// a string as it is, an object's `question`, else the input as compact JSON.
    static func messages(for planned: PlannedCase) -> [ChatMessage] {
        guard planned.messages.isEmpty else { return planned.messages }
        let input = planned.regressionCase.input
        let text = input.stringValue ?? input["question"]?.stringValue ?? input.compactText()
        return [ChatMessage(role: "user", text: text)]
    }

    /// The case's answer from a chat-completions response, or why there is none.
    func reply(to response: APIResponse, durationMs: Int) -> ProviderReply {
        guard (200..<300).contains(response.status) else {
            return .failed(refusal(response), durationMs: durationMs)
        }
        switch ChatCompletion.read(response.body, latencyMs: response.latencyMs, headers: response) {
        case .success(var answer):
            answer.output = client.redact(answer.output)
            answer.model = answer.model.map(client.redact) ?? config.model
            return .answered(answer, durationMs: durationMs)
        case .failure(let problem):
            let body = client.redact(ChatCompletion.excerpt(response.body))
            return .failed(
                ProviderFailure(reason: client.redact(problem.message), stderrTail: body), durationMs: durationMs)
        }
    }

    /// A status other than 2xx, after any retries: the server's own message, and what to check.
    func refusal(_ response: APIResponse) -> ProviderFailure {
        let status = response.status
        let said = ChatCompletion.serverMessage(response.body).map { ": " + client.redact($0) } ?? ""
        let retried = status == 429 || status >= 500
        let tries = client.settings.attempts
        var reason =
            "the API answered \(status) to POST \(endpoint)"
            + (retried && tries > 1 ? " after \(tries) tries" : "") + said
        switch status {
        case 401, 403:
            let key = config.apiKeyVariable.map { "the key in \($0)" } ?? "the request (api_key_env is null)"
            reason += " (\(key) was refused: check it, and that it may use model \(config.model))"
        case 404:
            reason += " (check provider.base_url and provider.model)"
        case 429:
            reason += " (rate limited: lower provider.jobs, or raise DEADBOLT_HTTP_ATTEMPTS)"
        default:
            break
        }
        return ProviderFailure(reason: reason, stderrTail: client.redact(ChatCompletion.excerpt(response.body)))
    }

    /// No answer: a timeout (provider.timeout), no connection, an untrusted certificate.
    func failure(for error: HTTPError) -> ProviderFailure {
        switch error.kind {
        case .timedOut:
            return ProviderFailure(
                reason:
                    "no answer from the API within \(TimeText.seconds(client.settings.timeoutSeconds)) "
                    + "(provider.timeout): POST \(endpoint)", timedOut: true)
        default:
            return ProviderFailure(reason: client.redact(error.description))
        }
    }
}
