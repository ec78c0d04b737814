import DeadboltCore
import Foundation
import TestSupport
import Testing

@Suite struct RunCommandTests {
    @Test func runsSmokeCasesOfTheWorkTreeByDefault() throws {
        let fixture = try makePromptRepository()
        let result = try deadbolt(["run", "--format", "json"], in: fixture)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONValue.parse(result.stdout)
        let cases = json["results"]?.arrayValue?.compactMap { $0["case"]?.stringValue } ?? []
        #expect(cases.sorted() == ["reg-2026-11-21-a1b2c3", "reg-2026-11-21-d4e5f6", "reg-2026-11-21-ship01"])
    }

    @Test func allRunsEveryTierAndDatasetNarrows() throws {
        let fixture = try makePromptRepository()
        let all = try deadbolt(["run", "--all", "--format", "json"], in: fixture)
        #expect(try JSONValue.parse(all.stdout)["results"]?.arrayValue?.count == 4)
        let one = try deadbolt(["run", "--dataset", "shipping_time_regressions", "--format", "json"], in: fixture)
        #expect(try JSONValue.parse(one.stdout)["results"]?.arrayValue?.count == 1)
    }

    @Test func runReadsTheWorkTreeNotACommit() throws {
        let fixture = try makePromptRepository()
        try fixture.write("prompts/refund.md", "No refunds.\n")
        let result = try deadbolt(["run", "--dataset", "refund_policy_regressions"], in: fixture)
        #expect(result.status == 1)
        #expect(result.stdout.contains("FAIL  refund_policy_regressions / reg-2026-11-21-a1b2c3"))
    }

    @Test func unknownDatasetSuggestsTheNearest() throws {
        let fixture = try makePromptRepository()
        let result = try deadbolt(["run", "--dataset", "refund_policy_regresions"], in: fixture)
        #expect(result.status == 2)
        #expect(result.stderr.contains("did you mean `refund_policy_regressions`?"))
    }

    @Test func repeatMustBePositive() throws {
        let fixture = try makePromptRepository()
        let result = try deadbolt(["run", "--repeat", "0"], in: fixture)
        #expect(result.status == 2)
    }

    @Test func hangingProviderIsErroredAndFailsTheRun() throws {
        let fixture = try makePromptRepository()
        try fixture.write("deadbolt.yml", "version: 1\nprovider:\n  command: [\"sleep\", \"30\"]\n  timeout: 300ms\n")
        let result = try deadbolt(["run", "--dataset", "shipping_time_regressions"], in: fixture)
        #expect(result.status == 1)
        #expect(result.stdout.contains("ERROR  shipping_time_regressions / reg-2026-11-21-ship01"))
        #expect(result.stdout.contains("timed out after 0.3 s"))
    }
}

@Suite struct LintCommandTests {
    @Test func cleanRepositoryPassesWithWarningsOnly() throws {
        let fixture = try makePromptRepository()
        let result = try deadbolt(["lint"], in: fixture)
        #expect(result.status == 0, "\(result.stdout)")
        // The guardrail is owned by no dataset in this fixture.
        #expect(result.stdout.contains("guardrails/pii.yaml: warning: no dataset owns this guardrail"))
    }

    @Test func reportsEveryProblemWithFileAndLine() throws {
        let fixture = try makePromptRepository()
        try fixture.write(
            "evals/regression/shipping_time_regressions/dataset.yml", "owners: [prompts/shipping.md, prompts/gone.md]\n"
        )
        try fixture.write(
            "evals/regression/shipping_time_regressions/cases.jsonl",
            [
                #"{"id":"reg-2026-11-21-a1b2c3","input":{},"expected_output":"x"}"#,
                #"{"id":"s2","input":{},"expected_output":"x","assert":[{"type":"contians","value":"x"}]}"#,
            ].joined(separator: "\n") + "\n")
        try fixture.write("prompts/loop_a.md", "{{> prompts/loop_b.md}}\n")
        try fixture.write("prompts/loop_b.md", "{{> prompts/loop_a.md}}\n")
        let result = try deadbolt(["lint", "--format", "json"], in: fixture)
        #expect(result.status == 1)
        let json = try JSONValue.parse(result.stdout)
        let errors = json["errors"]?.arrayValue ?? []
        let rules = errors.compactMap { $0["rule"]?.stringValue }
        #expect(rules.contains("missing-owner"))
        #expect(rules.contains("duplicate-id"))
        #expect(rules.contains("assertion"))
        #expect(rules.contains("include-cycle"))
        let duplicate = errors.first { $0["rule"] == .string("duplicate-id") }
        #expect(duplicate?["file"] == .string("evals/regression/shipping_time_regressions/cases.jsonl"))
        #expect(duplicate?["line"] == .number(1))
        let assertion = errors.first { $0["rule"] == .string("assertion") }
        #expect(assertion?["message"]?.stringValue?.contains("contains") == true)
        let warnings = json["warnings"]?.arrayValue?.compactMap { $0["rule"]?.stringValue } ?? []
        #expect(warnings.contains("unowned-prompt"))
    }

    @Test func malformedJSONLineIsAnErrorWithColumn() throws {
        let fixture = try makePromptRepository()
        try fixture.write(
            "evals/regression/shipping_time_regressions/cases.jsonl",
            #"{"id":"x","input":{},"expected_output":"y",}"# + "\n")
        let result = try deadbolt(["lint"], in: fixture)
        #expect(result.status == 1)
        #expect(result.stdout.contains("evals/regression/shipping_time_regressions/cases.jsonl:1:"))
        #expect(result.stdout.contains("trailing comma"))
    }

    @Test func badConfigurationIsReported() throws {
        let fixture = try makePromptRepository()
        try fixture.write("deadbolt.yml", "version: 1\ngates:\n  pre-push: {tiers: [smoke], scop: all}\n")
        let result = try deadbolt(["lint"], in: fixture)
        #expect(result.status == 1)
        #expect(result.stdout.contains("deadbolt.yml:3"))
        #expect(result.stdout.contains("did you mean `scope`?"))
    }

    @Test func datasetFolderWithoutCasesIsAnError() throws {
        let fixture = try makePromptRepository()
        try fixture.remove("evals/regression/shipping_time_regressions/cases.jsonl")
        let result = try deadbolt(["lint"], in: fixture)
        #expect(result.status == 1)
        #expect(result.stdout.contains("evals/regression/shipping_time_regressions/cases.jsonl: error: does not exist"))
    }
}

@Suite struct InitCommandTests {
    @Test func initWritesAConfigurationAndADatasetThatLintAccepts() throws {
        let fixture = try GitFixture()
        try fixture.write("prompts/support.md", "Be kind.\n")
        let result = try deadbolt(["init", "--provider", "python3", "bin/answer.py"], in: fixture)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("wrote deadbolt.yml"))
        let config = try ConfigParser.parse(try fixture.read("deadbolt.yml"))
        #expect(config.provider.command == ["python3", "bin/answer.py"])
        #expect(
            try fixture.read("evals/regression/example_regressions/dataset.yml").contains(
                "owners: [prompts/support.md]"))
        let lint = try deadbolt(["lint"], in: fixture)
        #expect(lint.status == 0, "\(lint.stdout)")
        let again = try deadbolt(["init"], in: fixture)
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists"))
    }
}

/// `deadbolt init` in a repository as teams have them: prompts in their folders and under their own
/// extensions, other people's files beside them, a model in the environment or none.
@Suite struct InitDiscoveryTests {
    static let noModel = ["OPENAI_API_KEY": "", "OPENAI_BASE_URL": "", "OPENAI_MODEL": ""]

    func application() throws -> GitFixture {
        let fixture = try GitFixture()
        try fixture.write(
            "app/prompts/refund.md", "Annual plans are refunded pro-rata.\n{{> app/prompts/partials/tone.md}}\n")
        try fixture.write("app/prompts/partials/tone.md", "Be kind.\n")
        try fixture.write("app/prompts/loader.py", "print('not a prompt')\n")
        try fixture.write("services/search/system.prompty", "---\nname: search\n---\nsystem: Find it.\n")
        try fixture.write("node_modules/somelib/prompts/theirs.md", "not ours\n")
        try fixture.write("src/main.py", "print('hello')\n")
        try fixture.write("evals/promptfooconfig.yaml", "prompts: [file://../app/prompts/refund.md]\n")
        return fixture
    }

    @Test func initFindsThePromptsAndWritesAStubThatRuns() throws {
        let fixture = try application()
        let result = try expectDeadbolt(["init"], in: fixture, environment: Self.noModel, exits: 0)
        #expect(result.stdout.contains("found 3 prompt files: app/prompts/partials/tone.md, app/prompts/refund.md"))
        #expect(result.stdout.contains("wrote bin/answer"))
        // A suite without tests is reported, and the example dataset written instead.
        #expect(
            result.stdout.contains(
                "promptfoo suite evals/promptfooconfig.yaml cannot be a dataset yet: evals/promptfooconfig.yaml:1:1: "
                    + "has no `tests`"),
            "\(result.stdout)")
        let config = try ConfigParser.parse(try fixture.read("deadbolt.yml"))
        #expect(config.prompts.map(\.pattern) == ["app/prompts/**", "**/*.prompty"])
        #expect(config.provider.command == ["bin/answer"])
        #expect(
            try fixture.read("evals/regression/example_regressions/dataset.yml").contains(
                "owners: [app/prompts/refund.md]"))
        #expect(!FileManager.default.fileExists(atPath: fixture.root + "/prompts/example.md"))
        let mode = try FileManager.default.attributesOfItem(atPath: fixture.root + "/bin/answer")[.posixPermissions]
        #expect((mode as? Int).map { $0 & 0o111 != 0 } == true, "bin/answer is executable")
        try expectDeadbolt(["lint"], in: fixture, exits: 0)
        // The stub answers: the first run passes, through the real provider protocol.
        try expectDeadbolt(["run", "--all"], in: fixture, exits: 0, stdout: ["1 passed"])
    }

    @Test func aServerInTheEnvironmentBecomesTheBuiltInProvider() throws {
        let fixture = try application()
        var environment = Self.noModel
        environment["OPENAI_BASE_URL"] = "http://127.0.0.1:11434/v1"
        environment["OPENAI_MODEL"] = "llama3.1:8b"
        let result = try expectDeadbolt(["init"], in: fixture, environment: environment, exits: 0)
        #expect(result.stdout.contains("provider: the built-in OpenAI-compatible one, model llama3.1:8b"))
        #expect(!result.stdout.contains("bin/answer"))
        let config = try ConfigParser.parse(try fixture.read("deadbolt.yml"))
        #expect(config.provider.kind == .openai)
        #expect(config.provider.openAI?.model == "llama3.1:8b")
        #expect(config.provider.openAI?.baseURL == "http://127.0.0.1:11434/v1")
        #expect(config.provider.openAI?.apiKeyVariable == nil, "a local server takes no key")
        try expectDeadbolt(["lint"], in: fixture, exits: 0)

        let keyed = try application()
        environment = Self.noModel
        environment["OPENAI_API_KEY"] = "sk-test-not-real"
        environment["OPENAI_BASE_URL"] = "not a url"
        try expectDeadbolt(["init"], in: keyed, environment: environment, exits: 0)
        let text = try keyed.read("deadbolt.yml")
        #expect(text.contains("api_key_env: OPENAI_API_KEY") && !text.contains("sk-test"), "the name, never the key")
        #expect(!text.contains("not a url"), "an address the provider would refuse is left out")
    }
}

@Suite struct PinAndAppendOnlyTests {
    @Test func pinThenVerifyAcrossCommitsAndATag() throws {
        let fixture = try makePromptRepository()
        let pin = try deadbolt(["pin"], in: fixture)
        try #require(pin.status == 0, "\(pin.stderr)")
        #expect(pin.stdout.contains("pinned 2 datasets"))
        try fixture.commit("Pin v1")
        try fixture.git(["tag", "v1"])
        #expect(try deadbolt(["verify"], in: fixture).status == 0)

        let path = "evals/regression/shipping_time_regressions/cases.jsonl"
        try fixture.write(
            path,
            try fixture.read(path)
                + #"{"id":"reg-2026-11-21-ship02","input":{"question":"Where?"},"expected_output":"3 days"}"# + "\n")
        let stale = try deadbolt(["verify"], in: fixture)
        #expect(stale.status == 1)
        #expect(stale.stdout.contains("shipping_time_regressions: cases changed but the version is still 1"))
        try fixture.write(
            "evals/regression/shipping_time_regressions/dataset.yml", "owners: [prompts/shipping.md]\nversion: 2\n")
        let against = try deadbolt(["verify", "--against", "v1", "--format", "json"], in: fixture)
        #expect(against.status == 0, "\(against.stdout)")
        #expect(try JSONValue.parse(against.stdout)["ok"] == .bool(true))
        #expect(try deadbolt(["verify", "--against", "v9"], in: fixture).status == 2)
    }

    @Test func checkFailsWhenACaseIsRewrittenInPlace() throws {
        let fixture = try makePromptRepository()
        let path = "evals/regression/refund_policy_regressions/cases.jsonl"
        let rewritten = try fixture.read(path).replacingOccurrences(
            of: #""expected_output":"pro-rata""#, with: #""expected_output":"refund""#)
        try fixture.write(path, rewritten)
        try fixture.commit("Loosen the refund case")
        let result = try deadbolt(["check", "--base", "HEAD~1"], in: fixture)
        #expect(result.status == 1)
        #expect(result.stdout.contains("deleted or changed in place (reg-2026-11-21-a1b2c3)"))
        let lint = try deadbolt(["lint", "--base", "HEAD~1"], in: fixture)
        #expect(lint.status == 1)
        #expect(lint.stdout.contains("[append-only]"))
    }
}
