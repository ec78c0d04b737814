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
