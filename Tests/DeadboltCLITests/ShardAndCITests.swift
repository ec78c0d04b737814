import DeadboltCore
import Foundation
import TestSupport
import Testing

@Suite struct ShardAndCITests {
    func brokenChange() throws -> GitFixture {
        let fixture = try makePromptRepository()
        try fixture.write("prompts/refund.md", "Annual plans are not refundable.\n{{> prompts/partials/tone.md}}\n")
        try fixture.write("prompts/shipping.md", "Parcels ship in 3 days, or so.\n")
        try fixture.commit("Two prompts")
        return fixture
    }

    @Test func shardsTogetherRunWhatOneRunDoesAndMergeChecksCoverage() throws {
        let fixture = try brokenChange()
        let whole = try JSONValue.parse(
            try deadbolt(["check", "--base", "HEAD~1", "--gate", "pull-request", "--format", "json"], in: fixture)
                .stdout)
        var partials: [String] = []
        var ranCases: [String] = []
        for index in 1...2 {
            let path = fixture.root + "/partial-\(index).json"
            let result = try deadbolt(
                [
                    "check", "--base", "HEAD~1", "--gate", "pull-request", "--shard", "\(index)/2", "--report",
                    "json=\(path)",
                ], in: fixture)
            #expect(result.status <= 1, "\(result.stderr)")
            partials.append(path)
            let json = try JSONValue.parse(try fixture.read("partial-\(index).json"))
            ranCases += json["results"]?.arrayValue?.compactMap { $0["case"]?.stringValue } ?? []
        }
        let wholeCases = whole["results"]?.arrayValue?.compactMap { $0["case"]?.stringValue } ?? []
        #expect(ranCases.sorted() == wholeCases.sorted())
        #expect(wholeCases.count == 4)

        let merged = try DeadboltBinary.run(["merge", "--format", "json"] + partials, in: fixture.root)
        #expect(merged.status == 1)
        let json = try JSONValue.parse(merged.stdout)
        #expect(json["verdict"] == .string("fail"))
        #expect(json["counts"] == whole["counts"])

        let missing = try DeadboltBinary.run(["merge", partials[0]], in: fixture.root)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("shard 2/2 missing"))
        let doubled = try DeadboltBinary.run(["merge", partials[0], partials[0]], in: fixture.root)
        #expect(doubled.status == 2)
        #expect(doubled.stderr.contains("again"))
    }

    @Test func githubPullRequestNeedsNoFlags() throws {
        let fixture = try brokenChange()
        let baseSHA = try fixture.sha("HEAD~1")
        let headSHA = try fixture.sha("HEAD")
        let event = #"{"pull_request":{"base":{"sha":"\#(baseSHA)"},"head":{"sha":"\#(headSHA)"}}}"#
        try fixture.write("event.json", event)
        let result = try deadbolt(
            ["check", "--format", "json"], in: fixture,
            environment: [
                "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request",
                "GITHUB_EVENT_PATH": fixture.root + "/event.json",
            ])
        #expect(result.status == 1, "\(result.stderr)")
        let json = try JSONValue.parse(result.stdout)
        #expect(json["gate"] == .string("pull-request"))
        #expect(json["base"] == .string(try fixture.sha("HEAD~1")))
        #expect(json["counts"]?["failed"] == .number(2))
    }

    @Test func gitlabScheduleRunsTheNightlyGate() throws {
        let fixture = try makePromptRepository()
        let result = try deadbolt(
            ["check", "--format", "json"], in: fixture,
            environment: [
                "GITLAB_CI": "true", "CI_PIPELINE_SOURCE": "schedule", "CI_COMMIT_SHA": try fixture.sha("HEAD"),
            ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONValue.parse(result.stdout)
        #expect(json["gate"] == .string("nightly"))
        #expect(json["results"]?.arrayValue?.count == 4)
    }
}
