import DeadboltCore
import Foundation
import TestSupport
import Testing

@Suite struct CheckCommandTests {
    @Test func promptEditThatBringsTheBugBackFailsWithDiff() throws {
        let fixture = try makePromptRepository()
        try fixture.write("prompts/refund.md", "Annual plans are not refundable.\n{{> prompts/partials/tone.md}}\n")
        try fixture.commit("Simplify refund wording\n\nBug: https://tracker.example.com/BUG-311")
        let result = try expectDeadbolt(
            ["check", "--base", "HEAD~1"], in: fixture, exits: 1,
            stdout: [
                "FAIL  refund_policy_regressions / reg-2026-11-21-a1b2c3",
                "evals/regression/refund_policy_regressions/cases.jsonl:1", "pro-rata",
                "PASS  refund_policy_regressions / reg-2026-11-21-d4e5f6", "verdict: FAIL",
            ])
        #expect(!result.stdout.contains("reg-2026-11-21-full01"))
    }

    @Test func jsonVerdictHasTheContractShape() throws {
        let fixture = try makePromptRepository()
        try fixture.write("prompts/refund.md", "Annual plans are not refundable.\n")
        try fixture.commit("Regress")
        let result = try deadbolt(["check", "--base", "HEAD~1", "--format", "json"], in: fixture)
        #expect(result.status == 1)
        let json = try JSONValue.parse(result.stdout)
        #expect(json["verdict"] == .string("fail"))
        #expect(json["gate"] == .string("pre-push"))
        #expect(json["head"] == .string(try fixture.sha("HEAD")))
        #expect(json["base"] == .string(try fixture.sha("HEAD~1")))
        #expect(
            json["counts"]
                == .object(["passed": .number(1), "failed": .number(1), "errored": .number(0), "flaky": .number(0)]))
        let results = try #require(json["results"]?.arrayValue)
        #expect(results.count == 2)
        let first = try #require(results.first)
        #expect(first["dataset"] == .string("refund_policy_regressions"))
        #expect(first["case"] == .string("reg-2026-11-21-a1b2c3"))
        #expect(first["status"] == .string("failed"))
        #expect(first["duration_ms"]?.numberValue != nil)
        #expect(first["output"]?.stringValue?.contains("not refundable") == true)
        let assertion = try #require(first["assertions"]?.arrayValue?.first)
        #expect(assertion["type"] == .string("icontains"))
        #expect(assertion["pass"] == .bool(false))
        let locks = try #require(json["locks"]?.arrayValue)
        #expect(locks.count == 1)
        #expect(locks.first?["status"] == .string("no-bug"))
        #expect(locks.first?["subject"] == .string("Regress"))
        #expect(json["warnings"]?.arrayValue != nil)
    }

    @Test func passingChangeExitsZero() throws {
        let fixture = try makePromptRepository()
        try fixture.write(
            "prompts/refund.md", "Annual plans are refunded pro-rata, always.\n{{> prompts/partials/tone.md}}\n")
        try fixture.commit("Clarify")
        try expectDeadbolt(["check", "--base", "HEAD~1"], in: fixture, exits: 0, stdout: ["verdict: PASS"])
    }

    @Test func nothingAffectedPassesAndSaysWhy() throws {
        let fixture = try makePromptRepository()
        try fixture.write("src/app.py", "print('hi')\n")
        try fixture.commit("App code")
        let result = try deadbolt(["check", "--base", "HEAD~1", "--format", "json"], in: fixture)
        #expect(result.status == 0)
        let json = try JSONValue.parse(result.stdout)
        #expect(json["verdict"] == .string("pass"))
        #expect(json["note"]?.stringValue?.hasPrefix("nothing selected:") == true)
    }

    @Test func checkOfAnOlderHeadRunsInAMaterialisedTree() throws {
        let fixture = try makePromptRepository()
        try fixture.write("prompts/refund.md", "Annual plans are not refundable.\n")
        let broken = try fixture.commit("Regress")
        try fixture.write("prompts/refund.md", "Annual plans are refunded pro-rata.\n{{> prompts/partials/tone.md}}\n")
        try fixture.commit("Fix again")
        let result = try deadbolt(["check", "--base", "\(broken)~1", "--head", broken], in: fixture)
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("is not the checked-out commit"))
    }

    @Test func uncommittedPromptEditDoesNotLeakIntoTheRun() throws {
        let fixture = try makePromptRepository()
        try fixture.write("prompts/refund.md", "Annual plans are refunded pro-rata!\n{{> prompts/partials/tone.md}}\n")
        try fixture.commit("Edit")
        try fixture.write("prompts/refund.md", "BROKEN in the work tree\n")
        let result = try deadbolt(["check", "--base", "HEAD~1"], in: fixture)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("uncommitted changes"))
    }

    @Test func missingProviderExitsTwo() throws {
        let fixture = try makePromptRepository()
        try fixture.write("deadbolt.yml", "version: 1\nprovider:\n  command: [\"bin/nope\"]\n")
        try fixture.write("prompts/refund.md", "x\n")
        try fixture.commit("Break provider")
        let result = try deadbolt(["check", "--base", "HEAD~1"], in: fixture)
        #expect(result.status == 2)
        #expect(result.stderr.contains("deadbolt.yml:3"))
        #expect(result.stderr.contains("bin/nope"))
    }

    @Test func noProviderConfiguredExitsTwo() throws {
        let fixture = try makePromptRepository()
        try fixture.write("deadbolt.yml", "version: 1\n")
        try fixture.commit("No provider")
        let result = try deadbolt(["check", "--base", "HEAD~1"], in: fixture)
        #expect(result.status == 2)
        #expect(result.stderr.contains("no provider is configured"))
    }

    @Test func malformedCaseLineExitsTwoWithLineAndColumn() throws {
        let fixture = try makePromptRepository()
        try fixture.write(
            "evals/regression/refund_policy_regressions/cases.jsonl",
            #"{"id":"a","input":{},"expected_output":"x"}"# + "\n" + #"{"id":"b","input":{,}"# + "\n")
        try fixture.commit("Bad line")
        let result = try deadbolt(["check", "--base", "HEAD~1"], in: fixture)
        #expect(result.status == 2)
        #expect(result.stderr.contains("evals/regression/refund_policy_regressions/cases.jsonl:2:"))
        #expect(result.stderr.contains("is not valid JSON"))
    }

    @Test func reportJSONIsWritten() throws {
        let fixture = try makePromptRepository()
        try fixture.write("prompts/refund.md", "Annual plans are refunded pro-rata.\nHappy to help.\n")
        try fixture.commit("Inline tone")
        let path = fixture.root + "/verdict.json"
        let result = try deadbolt(["check", "--base", "HEAD~1", "--report", "json=\(path)"], in: fixture)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let json = try JSONValue.parse(try fixture.read("verdict.json"))
        #expect(json["verdict"] == .string("pass"))
        let bad = try deadbolt(["check", "--base", "HEAD~1", "--report", "xml=\(path)"], in: fixture)
        #expect(bad.status == 2)
    }
}
