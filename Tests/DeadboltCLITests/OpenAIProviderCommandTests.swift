import DeadboltCore
import Foundation
import TestSupport
import Testing

/// The real binary with `provider: {type: openai}` against a chat-completions server on
/// 127.0.0.1: the verdict records the model that answered and its usage, and the key is in no
/// output, trace or report, even when the server repeats it back.
@Suite(.timeLimit(.minutes(2))) struct OpenAIProviderCommandTests {
    static let key = "sk-e2e-4f1c9a7b2d8e6f3a0c5b"

    func repository(baseURL: String, keyVariable: String = "OPENAI_API_KEY") throws -> GitFixture {
        let fixture = try GitFixture()
        try fixture.write(
            "deadbolt.yml",
            """
            version: 1
            provider:
              type: openai
              base_url: \(baseURL)
              model: gpt-test
              api_key_env: \(keyVariable)
              temperature: 0
              seed: 42
              max_tokens: 100
              timeout: 5s
              jobs: 1

            """)
        try fixture.write("prompts/refund.md", "Annual plans are refunded pro-rata.\n")
        try fixture.write(
            "evals/regression/refund_policy_regressions/dataset.yml", "owners: [prompts/refund.md]\ntier: smoke\n")
        try fixture.write(
            "evals/regression/refund_policy_regressions/cases.jsonl",
            [
                #"{"id":"reg-a","input":{"question":"Is the refund pro-rata?"},"expected_output":"pro-rata"}"#,
                #"{"id":"reg-b","input":"Say: happy to help","expected_output":"happy to help"}"#,
            ].joined(separator: "\n") + "\n")
        try fixture.commit("Add the refund bot")
        return fixture
    }

    @Test func theVerdictRecordsTheModelUsageAndLatencyAndNeverTheKey() throws {
        let server = try OpenAICompatibleServer([.echo(model: "gpt-test-2025-06-01", cost: 0.001, delay: 0.02)])
        let fixture = try repository(baseURL: server.baseURL)
        let environment = ["OPENAI_API_KEY": Self.key, "DEADBOLT_TRACE": "1"]
        let result = try deadbolt(["run", "--all", "--format", "json"], in: fixture, environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains(Self.key) && !result.stderr.contains(Self.key))
        let traced = "trace: openai: POST \(server.baseURL)/chat/completions → 200"
        #expect(result.stderr.contains(traced), "\(result.stderr)")

        let json = try JSONValue.parse(result.stdout)
        let results = try #require(json["results"]?.arrayValue)
        #expect(results.count == 2)
        for item in results {
            #expect(item["status"] == .string("passed"))
            #expect(item["model"] == .string("gpt-test-2025-06-01"))
            #expect(item["usage"] == .object(["prompt_tokens": .number(11), "completion_tokens": .number(7)]))
            #expect(item["cost"] == .number(0.001))
            #expect((item["latency_ms"]?.numberValue ?? -1) >= 20)
        }

        let requests = try server.requests()
        #expect(requests.count == 2)
        #expect(requests.allSatisfy { $0.headers["authorization"] == "Bearer \(Self.key)" })
        let bodies = try requests.map { try JSONValue.parse($0.body) }
        let questions = bodies.compactMap { $0["messages"]?.arrayValue?.first?["content"]?.stringValue }.sorted()
        #expect(questions == ["Is the refund pro-rata?", "Say: happy to help"])
        for body in bodies {
            #expect(body["model"] == .string("gpt-test"))
            #expect(body["temperature"] == .number(0) && body["seed"] == .number(42))
            #expect(body["max_tokens"] == .number(100))
        }
    }

    @Test func aServerThatRepeatsTheKeyBackHasItRedactedEverywhere() throws {
        let refusal = #"{"error": {"message": "Incorrect API key provided: \#(Self.key). See the docs."}}"#
        let server = try OpenAICompatibleServer([.status(401, body: refusal), .echo()])
        let fixture = try repository(baseURL: server.baseURL)
        let formats = ["json", "junit", "markdown", "html"]
        let result = try deadbolt(
            ["run", "--all"] + formats.flatMap { ["--report", "\($0)=\(fixture.root)/report.\($0)"] }, in: fixture,
            environment: ["OPENAI_API_KEY": Self.key, "DEADBOLT_TRACE": "1"])
        #expect(result.status == 1, "one case errored: \(result.stderr)")
        let shown = result.stdout + result.stderr
        #expect(!shown.contains(Self.key), "\(shown)")
        #expect(shown.contains("401") && shown.contains("Incorrect API key provided: ***"), "\(shown)")
        for format in formats {
            let report = try fixture.read("report.\(format)")
            #expect(report.contains("401"), "\(format): \(report)")
            #expect(!report.contains(Self.key), "\(format): \(report)")
        }
        let verdict = try JSONValue.parse(try fixture.read("report.json"))
        let statuses = verdict["results"]?.arrayValue?.compactMap { $0["status"]?.stringValue }
        #expect(statuses == ["errored", "passed"])
    }

    @Test func aMissingKeyStopsTheRunBeforeAnyCaseNamingTheVariableAndTheLine() throws {
        let server = try OpenAICompatibleServer([.echo()])
        let fixture = try repository(baseURL: server.baseURL, keyVariable: "DEADBOLT_TEST_UNSET_KEY")
        let result = try deadbolt(["run", "--all"], in: fixture)
        #expect(result.status == 2)
        #expect(
            result.stderr.contains(
                "deadbolt.yml:6: error: `type: openai` reads its API key from DEADBOLT_TEST_UNSET_KEY, which is not set"
            ),
            "\(result.stderr)")
        let empty = try deadbolt(["run", "--all"], in: fixture, environment: ["DEADBOLT_TEST_UNSET_KEY": ""])
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("DEADBOLT_TEST_UNSET_KEY, which is empty"), "\(empty.stderr)")
        #expect(try server.requests().isEmpty, "no case ran")
    }
}
