import DeadboltCore
import Foundation
import TestSupport
import Testing

@Suite struct LocksCommandTests {
    @Test func lockedUnlockedWaivedAndNoBugAcrossARangeWithAMerge() throws {
        let fixture = try makePromptRepository()
        let base = try fixture.sha("HEAD")
        try fixture.git(["checkout", "-q", "-b", "topic"])
        try fixture.write(
            "prompts/refund.md",
            "Annual plans are refunded pro-rata, monthly ones within 14 days.\n{{> prompts/partials/tone.md}}\n")
        let cases = try fixture.read("evals/regression/refund_policy_regressions/cases.jsonl")
        try fixture.write(
            "evals/regression/refund_policy_regressions/cases.jsonl",
            cases
                + #"{"id":"reg-2026-11-21-lock01","input":{"question":"Monthly refund?"},"expected_output":"14 days","#
                + #""bug_link":"https://tracker.example.com/BUG-200"}"#
                + "\n")
        let locked = try fixture.commit("Fix monthly refunds\n\nBug: BUG-200\n")
        let unlocked = try fixture.commit("Fix shipping estimate\n\nBody.\n\nBug: BUG-201\n")
        let waived = try fixture.commit("Fix typo\n\nBody.\n\nBug: BUG-202\nNo-Lock: wording only\n")
        try fixture.git(["checkout", "-q", "main"])
        try fixture.write("README.md", "docs\n")
        try fixture.commit("Docs")
        try fixture.git(["merge", "-q", "--no-ff", "-m", "Merge topic", "topic"])

        let result = try deadbolt(["locks", "--base", base, "--format", "json"], in: fixture)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONValue.parse(result.stdout)
        let commits = try #require(json["commits"]?.arrayValue)
        func status(_ sha: String) -> JSONValue? { commits.first { $0["sha"] == .string(sha) }?["status"] }
        #expect(status(locked) == .string("locked"))
        #expect(status(unlocked) == .string("unlocked"))
        #expect(status(waived) == .string("waived"))
        #expect(commits.contains { $0["subject"] == .string("Merge topic") && $0["status"] == .string("no-bug") })
        #expect(commits.first { $0["sha"] == .string(locked) }?["cases"] == .array([.string("reg-2026-11-21-lock01")]))
        #expect(commits.first { $0["sha"] == .string(unlocked) }?["bug_links"] == .array([.string("BUG-201")]))
    }

    @Test func checkWarnsOfAFixWithoutLockAndFailsWhenConfigured() throws {
        let fixture = try makePromptRepository()
        try fixture.write(
            "prompts/refund.md", "Annual plans are refunded pro-rata, and quickly.\n{{> prompts/partials/tone.md}}\n")
        try fixture.commit("Fix pro-rata refunds\n\nBody.\n\nBug: BUG-142\n")
        let warned = try deadbolt(["check", "--base", "HEAD~1"], in: fixture)
        #expect(warned.status == 0, "\(warned.stdout)\(warned.stderr)")
        #expect(warned.stdout.contains("warning: fix without lock:"))
        #expect(
            warned.stdout.contains("\"Fix pro-rata refunds\" references BUG-142 but adds no regression case for it"))
        #expect(warned.stdout.contains("evals/regression/refund_policy_regressions/cases.jsonl"))

        try fixture.write("deadbolt.yml", try fixture.read("deadbolt.yml") + "locks:\n  missing: fail\n")
        try fixture.commit("Make locks strict\n\nBody.\n\nBug: BUG-143\n")
        let failed = try deadbolt(["check", "--base", "HEAD~2", "--format", "json"], in: fixture)
        #expect(failed.status == 1)
        let json = try JSONValue.parse(failed.stdout)
        #expect(json["verdict"] == .string("fail"))
        #expect(json["warnings"]?.arrayValue?.contains { $0["kind"] == .string("fix-without-lock") } == true)
    }
}

@Suite struct LockProofTests {
    @Test func aLockThatFailsBeforeTheFixIsProvenAndOneThatPassesIsCalledOut() throws {
        let fixture = try makePromptRepository()
        try fixture.write("prompts/refund.md", "Annual plans are not refundable.\n{{> prompts/partials/tone.md}}\n")
        try fixture.commit("Regress refunds")
        let before = try fixture.sha("HEAD")
        try fixture.write("prompts/refund.md", "Annual plans are refunded pro-rata.\n{{> prompts/partials/tone.md}}\n")
        let cases = try fixture.read("evals/regression/refund_policy_regressions/cases.jsonl")
        try fixture.write(
            "evals/regression/refund_policy_regressions/cases.jsonl",
            cases
                + #"{"id":"reg-2026-11-21-bite01","input":{"question":"Annual refund?"},"#
                + #""expected_output":"pro-rata","bug_link":"BUG-300"}"#
                + "\n"
                + #"{"id":"reg-2026-11-21-soft01","input":{"question":"Sign-off?"},"#
                + #""expected_output":"Happy to help","bug_link":"BUG-301"}"#
                + "\n")
        try fixture.commit("Fix pro-rata refunds\n\nBody.\n\nBug: BUG-300\nBug: BUG-301\n")

        let result = try deadbolt(["check", "--base", before, "--format", "json"], in: fixture)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let json = try JSONValue.parse(result.stdout)
        let lock = try #require(json["locks"]?.arrayValue?.first { $0["status"] == .string("locked") })
        let proofs = try #require(lock["proofs"]?.arrayValue)
        let byCase = Dictionary(
            uniqueKeysWithValues: proofs.compactMap { proof in proof["case"]?.stringValue.map { ($0, proof) } })
        #expect(byCase["reg-2026-11-21-bite01"]?["finding"] == .string("proven"))
        #expect(byCase["reg-2026-11-21-bite01"]?["at_base"] == .string("failed"))
        #expect(byCase["reg-2026-11-21-bite01"]?["at_head"] == .string("passed"))
        #expect(byCase["reg-2026-11-21-soft01"]?["finding"] == .string("does-not-bite"))
        let warnings = json["warnings"]?.arrayValue ?? []
        let notBiting = warnings.first { $0["kind"] == .string("lock-does-not-bite") }
        #expect(notBiting?["message"]?.stringValue?.contains("so it would not have caught BUG-301") == true)

        let text = try deadbolt(["check", "--base", before], in: fixture)
        #expect(text.stdout.contains("lock proven: reg-2026-11-21-bite01 fails before the fix and passes after it"))
        #expect(text.stdout.contains("reg-2026-11-21-soft01 (refund_policy_regressions) passes before the fix too"))
    }
}
