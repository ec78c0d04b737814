import DeadboltCore
import Foundation
import TestSupport
import Testing

/// `deadbolt bisect` over real commits: it tests only the commits that changed what the case
/// depends on, each in its own files, and names the first on which the case fails.
@Suite(.timeLimit(.minutes(2))) struct BisectCommandTests {
    /// Commits: the bot with its case, a README, a harmless prompt edit, a README, the breaking
    /// edit, an unrelated file, another prompt edit.
    func history(noisy: String? = nil) throws -> (GitFixture, [String: String]) {
        let fixture = try GitFixture()
        let counter = try TemporaryFolder.make(prefix: "deadbolt-bisect") + "/count"
        try fixture.write(
            "deadbolt.yml", "version: 1\nprovider:\n  command: [bin/answer]\n  timeout: 10s\n  jobs: 1\n")
        // The answer is the prompt; a prompt marked NOISY is answered wrongly every other time.
        try fixture.write(
            "bin/answer",
            """
            #!/bin/sh
            cat > /dev/null
            if grep -q NOISY prompts/refund.md; then
              n=$(cat \(counter) 2>/dev/null || echo 0); n=$((n + 1)); echo $n > \(counter)
              if [ $((n % 2)) -eq 1 ]; then echo "Sorry, no refunds."; exit 0; fi
            fi
            cat prompts/refund.md

            """)
        chmod(fixture.root + "/bin/answer", 0o755)
        try fixture.write("prompts/refund.md", "Annual plans are refunded pro-rata.\n")
        try fixture.write("evals/regression/refund_regressions/dataset.yml", "owners: [prompts/refund.md]\n")
        try fixture.write(
            "evals/regression/refund_regressions/cases.jsonl",
            #"{"id":"reg-1","input":"Refund?","expected_output":"pro-rata"}"# + "\n")
        var shas: [String: String] = [:]
        shas["c1"] = try fixture.commit("Add the refund bot")
        try fixture.write("README.md", "The bot.\n")
        shas["c2"] = try fixture.commit("Readme")
        try fixture.write("prompts/refund.md", "Annual plans are refunded pro-rata. Be kind.\(noisy ?? "")\n")
        shas["c3"] = try fixture.commit("Be kind")
        try fixture.write("README.md", "The bot, kinder.\n")
        shas["c4"] = try fixture.commit("Readme again")
        try fixture.write("prompts/refund.md", "Annual plans are not refundable.\n")
        shas["c5"] = try fixture.commit("Tighten refunds")
        try fixture.write("src/app.py", "print('hi')\n")
        shas["c6"] = try fixture.commit("App")
        try fixture.write("prompts/refund.md", "Annual plans are never refundable.\n")
        shas["c7"] = try fixture.commit("Never")
        return (fixture, shas)
    }

    @Test func theFirstBadCommitIsFoundTestingOnlyCommitsThatChangedThePrompt() throws {
        let (fixture, shas) = try history()
        let result = try deadbolt(["bisect", "reg-1", "--format", "json"], in: fixture)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONValue.parse(result.stdout)
        #expect(json["first_bad"] == .string(shas["c5"]!))
        #expect(json["subject"] == .string("Tighten refunds"))
        #expect(json["good"] == .string(shas["c1"]!), "the default good revision is where the case was added")
        #expect(json["commits"] == .number(6) && json["candidates"] == .number(3))
        let tested = (json["tested"]?.arrayValue ?? []).compactMap { $0["commit"]?.stringValue }
        #expect(Set(tested) == Set(["c7", "c1", "c5", "c3"].map { shas[$0]! }), "\(tested)")
        let statuses = (json["tested"]?.arrayValue ?? []).compactMap { $0["status"]?.stringValue }
        #expect(statuses == ["failed", "passed", "failed", "passed"])
        let diff = json["diffs"]?.arrayValue?.first
        #expect(diff?["path"] == .string("prompts/refund.md"))
        #expect(diff?["diff"]?.stringValue?.contains("+ Annual plans are not refundable.") == true)
        #expect(diff?["diff"]?.stringValue?.contains("- Annual plans are refunded pro-rata. Be kind.") == true)

        let text = try deadbolt(["bisect", "reg-1"], in: fixture)
        #expect(text.status == 0)
        #expect(text.stdout.contains("first bad commit: \(shas["c5"]!) Tighten refunds"), "\(text.stdout)")
        let c4 = String(shas["c4"]!.prefix(7))
        let c5 = String(shas["c5"]!.prefix(7))
        #expect(text.stdout.contains("reproduce: deadbolt bisect reg-1 --good \(c4) --bad \(c5)"), "\(text.stdout)")
        // The reproduction gives the same answer.
        let again = try deadbolt(["bisect", "reg-1", "--good", c4, "--bad", c5, "--format", "json"], in: fixture)
        #expect(try JSONValue.parse(again.stdout)["first_bad"] == .string(shas["c5"]!))
    }

    @Test func withRepeatANoisyCommitIsNotTakenForTheBreak() throws {
        let (fixture, shas) = try history(noisy: " NOISY")
        // One run each: the noisy commit's first answer is wrong, and it is taken for the break.
        let once = try deadbolt(["bisect", "reg-1", "--format", "json"], in: fixture)
        #expect(try JSONValue.parse(once.stdout)["first_bad"] == .string(shas["c3"]!), "\(once.stdout)\(once.stderr)")
        let repeated = try deadbolt(["bisect", "reg-1", "--repeat", "3", "--format", "json"], in: fixture)
        let json = try JSONValue.parse(repeated.stdout)
        #expect(json["first_bad"] == .string(shas["c5"]!), "\(repeated.stdout)\(repeated.stderr)")
        let noisy = json["tested"]?.arrayValue?.first { $0["commit"] == .string(shas["c3"]!) }
        #expect(noisy?["status"] == .string("flaky"))
        #expect(noisy?["runs"]?.arrayValue?.count == 3)
    }

    @Test func whatBisectCannotSearchIsSaid() throws {
        let (fixture, shas) = try history()
        let unknown = try deadbolt(["bisect", "reg-nope"], in: fixture)
        #expect(unknown.status == 2 && unknown.stderr.contains("case `reg-nope` is in no dataset"))
        let reversed = try deadbolt(["bisect", "reg-1", "--good", shas["c7"]!, "--bad", shas["c1"]!], in: fixture)
        #expect(reversed.status == 2 && reversed.stderr.contains("is not an ancestor"), "\(reversed.stderr)")
        let passing = try deadbolt(["bisect", "reg-1", "--bad", shas["c4"]!, "--format", "json"], in: fixture)
        #expect(passing.status == 0)
        #expect(try JSONValue.parse(passing.stdout)["first_bad"] == .null)
        let failingGood = try deadbolt(["bisect", "reg-1", "--good", shas["c5"]!], in: fixture)
        #expect(failingGood.status == 2 && failingGood.stderr.contains("too, the good revision"))
        let badRepeat = try deadbolt(["bisect", "reg-1", "--repeat", "0"], in: fixture)
        #expect(badRepeat.status == 2 && badRepeat.stderr.contains("--repeat 0 is out of range"))
    }
}
