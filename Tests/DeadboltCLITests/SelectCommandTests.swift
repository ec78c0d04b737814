import DeadboltCore
import Foundation
import TestSupport
import Testing

@Suite struct SelectCommandTests {
    @Test func partialChangeShowsTheChainThatReachedTheDataset() throws {
        let fixture = try makePromptRepository()
        try fixture.write("prompts/partials/tone.md", "Sign off briskly.\n")
        try fixture.commit("Tone")
        let text = try deadbolt(["select", "--base", "HEAD~1"], in: fixture)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("prompts/partials/tone.md → prompts/refund.md → refund_policy_regressions"))
        #expect(!text.stdout.contains("shipping_time_regressions"))

        let json = try JSONValue.parse(
            try deadbolt(["select", "--base", "HEAD~1", "--format", "json"], in: fixture).stdout)
        #expect(json["gate"] == .string("pre-push"))
        #expect(json["tiers"] == .array([.string("smoke")]))
        #expect(json["scope"] == .string("affected"))
        let dataset = try #require(json["datasets"]?.arrayValue?.first)
        #expect(dataset["name"] == .string("refund_policy_regressions"))
        #expect(dataset["cases"] == .array([.string("reg-2026-11-21-a1b2c3"), .string("reg-2026-11-21-d4e5f6")]))
        #expect(dataset["reasons"]?.arrayValue?.first?["via"] == .array([.string("prompts/refund.md")]))
    }

    @Test func nothingRelevantSelectsNothingAndSaysWhy() throws {
        let fixture = try makePromptRepository()
        try fixture.write("src/app.py", "print('hi')\n")
        try fixture.commit("App code")
        let result = try deadbolt(["select", "--base", "HEAD~1"], in: fixture)
        #expect(result.status == 0)
        #expect(
            result.stdout.contains(
                "nothing selected: none of the 1 changed path is a prompt, guardrail, dataset or deadbolt configuration"
            ))
    }

    @Test func renamedOwnedPromptIsAnErrorNamingTheNewPath() throws {
        let fixture = try makePromptRepository()
        try fixture.git(["mv", "prompts/shipping.md", "prompts/shipping_times.md"])
        try fixture.commit("Rename")
        let result = try deadbolt(["select", "--base", "HEAD~1"], in: fixture)
        #expect(result.status == 2)
        #expect(result.stderr.contains("evals/regression/shipping_time_regressions/dataset.yml:1"))
        #expect(result.stderr.contains("which this change renamed to prompts/shipping_times.md"))
    }

    @Test func unknownGateExitsTwoWithSuggestion() throws {
        let fixture = try makePromptRepository()
        let result = try deadbolt(["select", "--gate", "nightlly"], in: fixture)
        #expect(result.status == 2)
        #expect(result.stderr.contains("did you mean `nightly`?"))
    }

    @Test func badConfigurationNamesFileLineAndKey() throws {
        let fixture = try makePromptRepository()
        try fixture.write("deadbolt.yml", "version: 1\nprovder:\n  command: [bin/answer]\n")
        try fixture.write("prompts/refund.md", "x\n")
        try fixture.commit("Typo")
        let result = try deadbolt(["select", "--base", "HEAD~1"], in: fixture)
        #expect(result.status == 2)
        #expect(result.stderr.contains("deadbolt.yml:2:1: error: unknown key `provder` in deadbolt.yml"))
        #expect(result.stderr.contains("did you mean `provider`?"))
    }

    @Test func emptyRepositorySelectsNothing() throws {
        let fixture = try GitFixture()
        let result = try deadbolt(["select"], in: fixture)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("the repository has no commits yet"))
    }
}

@Suite struct SelectFactsTests {
    @Test func factsAreKeptInTheGitFolderAndNeverGoStale() throws {
        let fixture = try makePromptRepository()
        try fixture.write("prompts/partials/tone.md", "Sign off briskly.\n")
        try fixture.commit("Tone")
        let first = try deadbolt(["select", "--base", "HEAD~1"], in: fixture)
        #expect(first.status == 0)
        let facts = try fixture.read(".git/deadbolt/facts")
        #expect(facts.contains("inc:"))
        #expect(facts.contains("own:"))
        let again = try deadbolt(["select", "--base", "HEAD~1"], in: fixture)
        #expect(again.stdout == first.stdout)

        // Now the shipping prompt includes the partial too: its new blob id is read afresh.
        try fixture.write("prompts/shipping.md", "Parcels ship in 3 days.\n{{> prompts/partials/tone.md}}\n")
        try fixture.commit("Shipping uses the tone")
        try fixture.write("prompts/partials/tone.md", "Sign off kindly.\n")
        try fixture.commit("Tone again")
        let after = try deadbolt(["select", "--base", "HEAD~1"], in: fixture)
        #expect(after.stdout.contains("prompts/partials/tone.md → prompts/shipping.md → shipping_time_regressions"))
        #expect(after.stdout.contains("prompts/partials/tone.md → prompts/refund.md → refund_policy_regressions"))
    }

    @Test func unreadableFactsFileIsIgnored() throws {
        let fixture = try makePromptRepository()
        try fixture.write(".git/deadbolt/facts", "garbage without tabs\n\u{1}\u{2}\ninc:x\n")
        try fixture.write("prompts/partials/tone.md", "Sign off briskly.\n")
        try fixture.commit("Tone")
        let result = try deadbolt(["select", "--base", "HEAD~1"], in: fixture)
        #expect(result.status == 0)
        #expect(result.stdout.contains("prompts/partials/tone.md → prompts/refund.md → refund_policy_regressions"))
    }
}
