import DeadboltCore
import Foundation
import TestSupport
import Testing

/// Lock proofs when the range also changes the provider: the lock is still run before its fix.
@Suite struct LockProofProviderTests {
    let fixture: GitFixture
    let before: String

    /// A repository whose refund prompt regressed at `before`; the fix and its lock come next.
    init() throws {
        fixture = try makePromptRepository()
        try fixture.write("prompts/refund.md", "Annual plans are not refundable.\n{{> prompts/partials/tone.md}}\n")
        try fixture.commit("Regress refunds")
        before = try fixture.sha("HEAD")
    }

    func commitFixWithLock() throws {
        try fixture.write("prompts/refund.md", "Annual plans are refunded pro-rata.\n{{> prompts/partials/tone.md}}\n")
        let cases = try fixture.read("evals/regression/refund_policy_regressions/cases.jsonl")
        let lock =
            #"{"id":"reg-2026-11-21-bite01","input":{"question":"Annual refund?"},"expected_output":"pro-rata","#
            + #""bug_link":"BUG-300"}"#
        try fixture.write("evals/regression/refund_policy_regressions/cases.jsonl", cases + lock + "\n")
        try fixture.commit("Fix pro-rata refunds\n\nBug: BUG-300\n")
    }

    func proof(_ json: JSONValue) throws -> JSONValue {
        let lock = try #require(json["locks"]?.arrayValue?.first { $0["status"] == .string("locked") })
        return try #require(lock["proofs"]?.arrayValue?.first)
    }

    @Test func aProviderAddedInTheSameRangeProvesTheLockWithTheHeadsProviderAndSaysSo() throws {
        // The provider moves to a new file in the fix's range; the base has no bin/reply.
        try fixture.write(
            "bin/reply",
            "#!/bin/sh\ncat > /dev/null\ncat prompts/refund.md prompts/partials/tone.md prompts/shipping.md\n")
        _ = try ProcessResult.run(["chmod", "+x", fixture.root + "/bin/reply"], in: fixture.root)
        try fixture.write("deadbolt.yml", "version: 1\nprovider:\n  command: [\"bin/reply\"]\n  timeout: 5s\n")
        try commitFixWithLock()
        let result = try deadbolt(["check", "--base", before, "--format", "json"], in: fixture)
        let json = try JSONValue.parse(result.stdout)
        #expect(try proof(json)["finding"] == .string("proven"), "\(result.stdout)")
        let warnings = json["warnings"]?.arrayValue ?? []
        let note = warnings.first { $0["kind"] == .string("lock-provider-from-head") }
        #expect(note?["message"]?.stringValue?.contains("the provider (bin/reply) is missing or changed") == true)
    }

    @Test func aProviderChangedInTheRangeRunsAsTheHeadHasIt() throws {
        // At the base the provider answers nothing useful; the head's provider reads the prompt.
        try fixture.write("bin/answer", "#!/bin/sh\ncat > /dev/null\necho 'old provider'\n")
        try fixture.commit("An older provider")
        let older = try fixture.sha("HEAD")
        try fixture.write(
            "bin/answer",
            "#!/bin/sh\ncat > /dev/null\ncat prompts/refund.md prompts/partials/tone.md prompts/shipping.md\n")
        try commitFixWithLock()
        let result = try deadbolt(["check", "--base", older, "--format", "json"], in: fixture)
        let json = try JSONValue.parse(result.stdout)
        let proof = try proof(json)
        // With the base's own provider the lock would fail at head's standard only by accident;
        // with the head's it fails on the base's prompt and passes on the fix.
        #expect(proof["at_base"] == .string("failed"))
        #expect(proof["finding"] == .string("proven"))
        #expect((json["warnings"]?.arrayValue ?? []).contains { $0["kind"] == .string("lock-provider-from-head") })
    }

    @Test func anUnprovenLockShowsTheProvidersErrorBeforeTheFix() throws {
        // The head's provider needs a file the base does not have: it errors before the fix.
        try fixture.write(
            "bin/answer",
            "#!/bin/sh\ncat > /dev/null\n"
                + "[ -f prompts/refund_rules.md ] || { echo 'refund_rules.md is missing' >&2; exit 4; }\n"
                + "cat prompts/refund.md prompts/partials/tone.md\n")
        try fixture.write("prompts/refund_rules.md", "rules\n")
        try commitFixWithLock()
        let result = try deadbolt(["check", "--base", before, "--format", "json"], in: fixture)
        let json = try JSONValue.parse(result.stdout)
        let proof = try proof(json)
        #expect(proof["finding"] == .string("unproven"))
        #expect(proof["at_base"] == .string("errored"))
        let error = proof["base_error"]?.stringValue ?? ""
        #expect(error.contains("exited with code 4"))
        #expect(error.contains("refund_rules.md is missing"))
        let warning = (json["warnings"]?.arrayValue ?? []).first { $0["kind"] == .string("lock-unproven") }
        #expect(warning?["message"]?.stringValue?.contains("before the fix: the provider exited with code 4") == true)
    }
}
