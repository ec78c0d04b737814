import DeadboltCore
import DeadboltHTTP
import DeadboltModels
import DeadboltRunner
import Foundation
import TestSupport
import Testing

/// `type: openai` against a real chat-completions server on 127.0.0.1: what is sent, what is
/// read back, and how refusals, slow answers and broken bodies become errored cases.
@Suite(.timeLimit(.minutes(2))) struct OpenAIProviderTests {
    static let key = "sk-test-0123456789abcdefSECRET"

    static let dataset = Dataset(
        name: "refund_policy_regressions", folder: "evals/regression/refund_policy_regressions",
        owners: ["prompts/refund.md"], assertions: [RunPlanner.defaultAssertion])

    static func regressionCase(_ id: String, question: String = "is it pro-rata?", expected: String = "pro-rata")
        -> RegressionCase
    {
        RegressionCase(
            id: id, input: .object(["question": .string(question)]), expectedOutput: .string(expected),
            assertions: nil, category: nil, bugLink: nil, tier: nil, tags: [:], fields: [:], line: 1)
    }

    static func config(_ server: OpenAICompatibleServer) -> OpenAIConfig {
        var config = OpenAIConfig(model: "gpt-test")
        config.baseURL = server.baseURL
        config.temperature = 0.2
        config.maxTokens = 64
        config.seed = 7
        return config
    }

    static func provider(
        _ config: OpenAIConfig, timeout: Double = 5, attempts: Int = 3, jobs: Int = 2,
        environment: [String: String] = ["OPENAI_API_KEY": key]
    ) throws -> OpenAIProvider {
        let credentials = try OpenAICredentials.resolve(config, environment: environment)
        let settings = HTTPSettings(
            timeoutSeconds: timeout, attempts: attempts, backoffSeconds: 0.05, connectionsPerHost: jobs)
        return OpenAIProvider(config: config, credentials: credentials, settings: settings, environment: [:])
    }

    static func run(
        _ provider: OpenAIProvider, _ cases: [RegressionCase], messages: [ChatMessage] = [], jobs: Int = 2
    ) async throws -> [CaseResult] {
        var plan = try RunPlanner.plan([(dataset, cases)], prompts: { _ in [:] }, revision: nil)
        for index in plan.indices { plan[index].messages = messages }
        let settings = RunSettings(command: [], directory: NSTemporaryDirectory(), jobs: jobs)
        return await Scheduler.run(plan, provider: provider, settings: settings)
    }

    static func body(_ request: OpenAICompatibleServer.Request) throws -> JSONValue {
        try JSONValue.parse(request.body)
    }

    @Test func answersWithTheModelThatAnsweredItsUsageAndLatency() async throws {
        let server = try OpenAICompatibleServer([.echo(cost: 0.00042, delay: 0.05)])
        let provider = try Self.provider(Self.config(server))
        let result = try #require(try await Self.run(provider, [Self.regressionCase("a")]).first)
        #expect(result.status == .passed, "\(String(describing: result.failure))")
        #expect(result.output == "is it pro-rata?")
        #expect(result.model == "gpt-test-2025-01-01", "the snapshot that answered, not the alias asked for")
        #expect(result.usage == TokenUsage(prompt: 11, completion: 7))
        #expect(result.cost == 0.00042)
        #expect((result.latencyMs ?? 0) >= 50)

        let requests = try server.requests()
        let request = try #require(requests.first)
        #expect(requests.count == 1)
        #expect(request.method == "POST" && request.path == "/v1/chat/completions")
        #expect(request.headers["authorization"] == "Bearer \(Self.key)")
        #expect(request.headers["content-type"] == "application/json")
        #expect(
            try Self.body(request)
                == .object([
                    "model": .string("gpt-test"),
                    "messages": .array([.object(["role": .string("user"), "content": .string("is it pro-rata?")])]),
                    "temperature": .number(0.2), "max_tokens": .number(64), "seed": .number(7),
                ]))
    }

    @Test func sendsThePlannedMessagesAndOnlyTheParametersSet() async throws {
        let server = try OpenAICompatibleServer([.echo()])
        var config = OpenAIConfig(model: "llama3.1")
        config.baseURL = server.baseURL
        config.apiKeyVariable = nil
        config.responseFormat = .object(["type": .string("json_object")])
        config.headers = ["X-Team": "evals"]
        let messages = [
            ChatMessage(role: "system", text: "Refunds are pro-rata."), ChatMessage(role: "user", text: "pro-rata?"),
        ]
        let results = try await Self.run(
            try Self.provider(config, environment: [:]), [Self.regressionCase("a")], messages: messages)
        #expect(results.first?.status == .passed)
        let request = try #require(try server.requests().first)
        #expect(request.headers["authorization"] == nil, "api_key_env: null sends no key")
        #expect(request.headers["x-team"] == "evals")
        #expect(
            try Self.body(request)
                == .object([
                    "model": .string("llama3.1"), "messages": .array(messages.map(\.json)),
                    "response_format": .object(["type": .string("json_object")]),
                ]))
    }

    @Test func aRateLimitIsWaitedOutAsRetryAfterSays() async throws {
        let server = try OpenAICompatibleServer([
            .status(429, body: #"{"error": {"message": "Rate limit reached"}}"#, headers: ["Retry-After": "1"]),
            .echo(),
        ])
        let start = ContinuousClock.now
        let result = try #require(
            try await Self.run(try Self.provider(Self.config(server)), [Self.regressionCase("a")]).first)
        #expect(result.status == .passed)
        #expect(try server.requests().count == 2)
        #expect(ContinuousClock.now - start >= .milliseconds(900), "Retry-After: 1 is a second, not the 50 ms backoff")
    }

    @Test func aServerErrorIsTriedAgain() async throws {
        let server = try OpenAICompatibleServer([.status(500, body: #"{"error": {"message": "boom"}}"#), .echo()])
        let result = try #require(
            try await Self.run(try Self.provider(Self.config(server)), [Self.regressionCase("a")]).first)
        #expect(result.status == .passed)
        #expect(try server.requests().count == 2)
    }

    @Test func aServerThatKeepsFailingErrsAfterTheLastTry() async throws {
        let server = try OpenAICompatibleServer([
            .status(503, body: #"{"error": {"message": "The engine is currently overloaded"}}"#)
        ])
        let result = try #require(
            try await Self.run(try Self.provider(Self.config(server)), [Self.regressionCase("a")]).first)
        #expect(result.status == .errored)
        let reason = result.failure?.reason ?? ""
        #expect(reason.contains("503") && reason.contains("after 3 tries"), "\(reason)")
        #expect(reason.contains("The engine is currently overloaded"), "\(reason)")
        #expect(try server.requests().count == 3)
    }

    @Test func aSlowAnswerTimesOutAndIsNotTriedAgain() async throws {
        let server = try OpenAICompatibleServer([.echo(delay: 3)])
        let provider = try Self.provider(Self.config(server), timeout: 0.5)
        let result = try #require(try await Self.run(provider, [Self.regressionCase("a")]).first)
        #expect(result.status == .errored)
        #expect(result.failure?.timedOut == true)
        #expect(result.failure?.reason.contains("within 0.5 s (provider.timeout)") == true, "\(result.failure!)")
        #expect(try server.requests().count == 1)
    }

    @Test func aBodyThatIsNotJSONIsErrored() async throws {
        let server = try OpenAICompatibleServer([.raw(200, "<html>502 Bad Gateway</html>")])
        let result = try #require(
            try await Self.run(try Self.provider(Self.config(server)), [Self.regressionCase("a")]).first)
        #expect(result.status == .errored)
        #expect(result.failure?.reason.contains("not JSON") == true, "\(result.failure!)")
        #expect(result.failure?.reason.contains("<html>502 Bad Gateway</html>") == true)
    }

    @Test func anAnswerWithoutChoicesIsErrored() async throws {
        let server = try OpenAICompatibleServer([.raw(200, #"{"model": "m", "choices": []}"#)])
        let result = try #require(
            try await Self.run(try Self.provider(Self.config(server)), [Self.regressionCase("a")]).first)
        #expect(result.status == .errored)
        #expect(result.failure?.reason == "the API's answer has no choices")
    }

    @Test func aBadRequestIsErroredWithTheServersMessageAndNotRetried() async throws {
        let message = "Invalid value for 'temperature': must be at most 2."
        let server = try OpenAICompatibleServer([
            .status(400, body: #"{"error": {"message": "\#(message)", "type": "invalid_request_error"}}"#)
        ])
        let result = try #require(
            try await Self.run(try Self.provider(Self.config(server)), [Self.regressionCase("a")]).first)
        #expect(result.status == .errored)
        #expect(result.failure?.reason.contains("answered 400") == true)
        #expect(result.failure?.reason.contains(message) == true, "\(result.failure!)")
        #expect(try server.requests().count == 1)
    }

    @Test func aRefusedKeyIsNamedAndNeverRepeated() async throws {
        let server = try OpenAICompatibleServer([
            .status(401, body: #"{"error": {"message": "Incorrect API key provided: \#(Self.key)."}}"#)
        ])
        let result = try #require(
            try await Self.run(try Self.provider(Self.config(server)), [Self.regressionCase("a")]).first)
        #expect(result.status == .errored)
        let failure = try #require(result.failure)
        #expect(failure.reason.contains("401") && failure.reason.contains("OPENAI_API_KEY"), "\(failure.reason)")
        #expect(failure.reason.contains("Incorrect API key provided: ***"))
        #expect(!failure.reason.contains(Self.key) && !failure.stderrTail.contains(Self.key))
        #expect(try server.requests().count == 1)
    }

    @Test func numbersOutOfRangeAreRefused() async throws {
        let negative = #"""
            {"model": "m", "choices": [{"message": {"content": "pro-rata"}}],
             "usage": {"prompt_tokens": -3, "completion_tokens": 2}}
            """#
        let costly = #"""
            {"model": "m", "choices": [{"message": {"content": "pro-rata"}}], "cost": 1e12}
            """#
        let fraction = #"""
            {"model": "m", "choices": [{"message": {"content": "pro-rata"}}],
             "usage": {"prompt_tokens": 1.5, "completion_tokens": 2}}
            """#
        let server = try OpenAICompatibleServer([.raw(200, negative), .raw(200, costly), .raw(200, fraction)])
        let provider = try Self.provider(Self.config(server))
        let results = try await Self.run(
            provider, [Self.regressionCase("a"), Self.regressionCase("b"), Self.regressionCase("c")], jobs: 1)
        #expect(results.map(\.status) == [.errored, .errored, .errored])
        #expect(results[0].failure?.reason.contains("usage.prompt_tokens") == true, "\(results[0].failure!)")
        #expect(results[1].failure?.reason.contains("`cost` must be a number from 0 to 1000000") == true)
        #expect(results[2].failure?.reason.contains("usage.prompt_tokens") == true)
    }

    @Test func contentPartsAndTheOpenRouterCostAreRead() async throws {
        let parts = #"""
            {"model": "anthropic/claude-x", "choices": [{"finish_reason": "length", "message": {"content":
              [{"type": "text", "text": "pro-"}, {"type": "text", "text": "rata"}]}}],
             "usage": {"prompt_tokens": 5, "completion_tokens": 2, "cost": 0.25}}
            """#
        let server = try OpenAICompatibleServer([.raw(200, parts)])
        let result = try #require(
            try await Self.run(try Self.provider(Self.config(server)), [Self.regressionCase("a")]).first)
        #expect(result.status == .passed)
        #expect(result.output == "pro-rata")
        #expect(result.cost == 0.25)
        #expect(result.notes.contains { $0.contains("finish_reason: length") })
    }

    @Test func thirtyTwoJobsShareTheEventLoopsWithoutWaitingOnEachOther() async throws {
        let server = try OpenAICompatibleServer([.echo(delay: 0.1)])
        let provider = try Self.provider(Self.config(server), jobs: 32)
        let cases = (0..<96).map { Self.regressionCase("c\($0)") }
        let results = try await Self.run(provider, cases, jobs: 32)
        #expect(results.count == 96)
        #expect(results.allSatisfy { $0.status == .passed })
        #expect(try server.requests().count == 96)
    }

    @Test func theIdentityNamesWhatChangesTheAnswerAndNoSecret() throws {
        var config = OpenAIConfig(model: "gpt-4o-mini")
        config.temperature = 0
        config.seed = 1
        config.headers = ["api-key": "${AZURE_KEY}", "X-Team": "evals"]
        let provider = try Self.provider(
            config, environment: ["OPENAI_API_KEY": Self.key, "AZURE_KEY": "azure-secret-1"])
        let identity = provider.identity.compactText()
        #expect(
            identity
                == #"{"base_url":"https://api.openai.com/v1","headers":["X-Team","api-key"],"model":"gpt-4o-mini","#
                + #""seed":1,"temperature":0,"type":"openai"}"#)
        #expect(!identity.contains(Self.key) && !identity.contains("azure-secret-1"))
    }

    @Test func credentialsReadTheKeyAndTheHeadersFromTheEnvironment() throws {
        var config = OpenAIConfig(model: "m")
        config.headers = ["api-key": "${AZURE_KEY}", "X-Gateway": "Bearer ${GATEWAY}"]
        let environment = ["OPENAI_API_KEY": Self.key, "AZURE_KEY": "azure-secret-1", "GATEWAY": "gw-token-22"]
        let credentials = try OpenAICredentials.resolve(config, environment: environment)
        #expect(
            credentials.headers.map { "\($0.0): \($0.1)" } == [
                "Authorization: Bearer \(Self.key)", "X-Gateway: Bearer gw-token-22", "api-key: azure-secret-1",
            ])
        #expect(Set(credentials.secrets) == [Self.key, "azure-secret-1", "gw-token-22"])
        #expect(OpenAICredentials.variables(config) == ["OPENAI_API_KEY", "AZURE_KEY", "GATEWAY"])

        #expect(throws: OpenAICredentials.Missing(variable: "OPENAI_API_KEY", header: nil, empty: false)) {
            try OpenAICredentials.resolve(config, environment: [:])
        }
        #expect(throws: OpenAICredentials.Missing(variable: "OPENAI_API_KEY", header: nil, empty: true)) {
            try OpenAICredentials.resolve(config, environment: ["OPENAI_API_KEY": ""])
        }
        #expect(throws: OpenAICredentials.Missing(variable: "GATEWAY", header: "X-Gateway", empty: false)) {
            try OpenAICredentials.resolve(config, environment: ["OPENAI_API_KEY": "k", "AZURE_KEY": "a"])
        }
    }
}

@Suite struct RetryWaitTests {
    @Test func retryAfterIsSecondsOrAnHTTPDateAndIsCapped() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let settings = HTTPSettings(backoffSeconds: 0.5, waitLimitSeconds: 60)
        #expect(settings.wait(afterAttempt: 1, retryAfter: "2", now: now) == 2)
        #expect(settings.wait(afterAttempt: 1, retryAfter: " 0.25 ", now: now) == 0.25)
        #expect(settings.wait(afterAttempt: 1, retryAfter: "3600", now: now) == 60, "capped")
        let date = "Tue, 14 Nov 2023 22:13:30 GMT" // now + 10 s
        #expect(settings.wait(afterAttempt: 1, retryAfter: date, now: now) == 10)
        #expect(settings.wait(afterAttempt: 1, retryAfter: "Tue, 14 Nov 2023 22:00:00 GMT", now: now) == 0, "past")
        #expect(settings.wait(afterAttempt: 3, retryAfter: "soon", now: now) == 2, "unreadable: the backoff, doubled")
        #expect(settings.wait(afterAttempt: 3, retryAfter: "-5", now: now) == 2)
        #expect(settings.wait(afterAttempt: 20, retryAfter: nil, now: now) == 60)
    }
}
