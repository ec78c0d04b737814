import DeadboltCore
import Foundation
import TestSupport
import Testing

/// The result cache seen as a user sees it: a second unchanged run calls no provider.
@Suite struct ResultCacheCommandTests {
    let fixture: GitFixture
    let log: String

    /// The prompt repository with a provider that also notes each call in a log outside it.
    init() throws {
        fixture = try makePromptRepository()
        log = try TemporaryFolder.make(prefix: "calls") + "/calls.log"
        try fixture.write(
            "bin/answer",
            """
            #!/bin/sh
            cat > /dev/null
            echo "$DEADBOLT_CASE_ID" >> \(log)
            cat prompts/refund.md prompts/partials/tone.md prompts/shipping.md

            """)
        try fixture.git(["add", "-A"])
        try fixture.commit("Log provider calls")
    }

    var calls: Int {
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").count
    }

    @Test func aSecondUnchangedRunCallsNoProviderAndSaysSo() throws {
        let first = try deadbolt(["run", "--format", "json"], in: fixture)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(calls == 3)
        let second = try deadbolt(["run", "--format", "json"], in: fixture)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(calls == 3)
        let json = try JSONValue.parse(second.stdout)
        #expect(json["cache"]?["hits"] == .number(3))
        #expect(json["cache"]?["runs"] == .number(3))
        #expect(json["results"]?.arrayValue?.allSatisfy { $0["cached_runs"] == .number(1) } == true)
        let text = try deadbolt(["run"], in: fixture)
        #expect(text.stdout.contains("(3 of 3 runs from the cache)"))
    }

    @Test func noCacheAsksTheProviderAgain() throws {
        _ = try deadbolt(["run"], in: fixture)
        let bypass = try deadbolt(["run", "--no-cache", "--format", "json"], in: fixture)
        #expect(bypass.status == 0, "\(bypass.stderr)")
        #expect(calls == 6)
        #expect(try JSONValue.parse(bypass.stdout)["cache"]?["hits"] == .number(0))
    }

    @Test func editingAPromptMissesOnlyItsOwnDataset() throws {
        _ = try deadbolt(["run"], in: fixture)
        try fixture.write("prompts/shipping.md", "Parcels ship in 3 days, tracked.\n")
        let result = try deadbolt(["run", "--format", "json"], in: fixture)
        #expect(result.status == 0, "\(result.stderr)")
        // The shipping case was asked again; the two refund cases came from the cache.
        #expect(calls == 4)
        #expect(try JSONValue.parse(result.stdout)["cache"]?["hits"] == .number(2))
    }

    @Test func editingAFileInAnOwnedFolderMissesItsDataset() throws {
        try fixture.write("evals/regression/shipping_time_regressions/dataset.yml", "owners: [prompts/]\n")
        _ = try deadbolt(["run", "--dataset", "shipping_time_regressions"], in: fixture)
        #expect(calls == 1)
        try fixture.write("prompts/shipping.md", "Parcels ship in 5 days.\n")
        let result = try deadbolt(["run", "--dataset", "shipping_time_regressions", "--format", "json"], in: fixture)
        // The folder's files are in the request, so the edit is a miss, and the new answer fails.
        #expect(calls == 2)
        #expect(result.status == 1)
    }

    @Test func editingTheProviderMissesEverything() throws {
        _ = try deadbolt(["run"], in: fixture)
        let script = try String(contentsOfFile: fixture.root + "/bin/answer", encoding: .utf8)
        try fixture.write("bin/answer", script + "# edited\n")
        _ = try deadbolt(["run"], in: fixture)
        #expect(calls == 6)
    }

    @Test func editingApplicationCodeNamedInRunAllOnMissesEverything() throws {
        try fixture.write(
            "deadbolt.yml",
            "version: 1\nrun_all_on: [deadbolt.yml, \"app/**\"]\nprovider:\n  command: [\"bin/answer\"]\n")
        try fixture.write("app/llm/client.py", "MODEL = 'a'\n")
        _ = try deadbolt(["run"], in: fixture)
        try fixture.write("docs/unrelated.md", "not application code\n")
        _ = try deadbolt(["run"], in: fixture)
        #expect(calls == 3)
        try fixture.write("app/llm/client.py", "MODEL = 'b'\n")
        _ = try deadbolt(["run"], in: fixture)
        #expect(calls == 6)
    }

    @Test func repeatRunsEveryRepetitionOnceThenReplaysThem() throws {
        _ = try deadbolt(["run", "--dataset", "shipping_time_regressions", "--repeat", "3"], in: fixture)
        #expect(calls == 3)
        let again = try deadbolt(
            ["run", "--dataset", "shipping_time_regressions", "--repeat", "3", "--format", "json"], in: fixture)
        #expect(calls == 3)
        #expect(try JSONValue.parse(again.stdout)["cache"]?["hits"] == .number(3))
    }

    @Test func aCommitThatTouchesNoInputKeepsTheCache() throws {
        _ = try deadbolt(["run"], in: fixture)
        try fixture.write("README.md", "docs only\n")
        try fixture.commit("Docs")
        _ = try deadbolt(["run"], in: fixture)
        #expect(calls == 3)
    }

    @Test func cacheOffAndABadTTLAreRead() throws {
        try fixture.write(
            "deadbolt.yml", "version: 1\nprovider:\n  command: [\"bin/answer\"]\ncache: off\n")
        _ = try deadbolt(["run"], in: fixture)
        _ = try deadbolt(["run"], in: fixture)
        #expect(calls == 6)
        try fixture.write(
            "deadbolt.yml", "version: 1\nprovider:\n  command: [\"bin/answer\"]\ncache:\n  ttl: 0s\n")
        let bad = try deadbolt(["run"], in: fixture)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("deadbolt.yml:5"))
        #expect(bad.stderr.contains("`cache.ttl` must be a duration from 1s to 3650d"))
    }

    @Test func anUnwritableCacheFolderIsAWarningNotAFailure() throws {
        try fixture.write("blocked", "a file where the cache folder would go\n")
        try fixture.write(
            "deadbolt.yml", "version: 1\nprovider:\n  command: [\"bin/answer\"]\ncache:\n  dir: blocked/cache\n")
        let result = try deadbolt(["run"], in: fixture)
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stderr.contains("warning: the result cache at"))
        #expect(result.stderr.contains("running without it"))
    }
}
