import DeadboltCore
import Testing

@Suite struct CIContextTests {
    func detect(_ environment: [String: String], event: String? = nil) throws -> CIContext? {
        try CIContext.detect(environment: environment) { _ in event.map { Array($0.utf8) } }
    }

    @Test func githubPullRequestUsesTheBranchHeadNotTheMergeCommit() throws {
        let context = try detect(
            [
                "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": "/e.json",
                "GITHUB_SHA": "merge0",
            ],
            event: #"{"pull_request":{"base":{"sha":"base1"},"head":{"sha":"head1"}}}"#)
        #expect(context == CIContext(system: "github", base: "base1", head: "head1", gate: "pull-request"))
    }

    @Test func githubPushMergeGroupAndSchedule() throws {
        let zero = String(repeating: "0", count: 40)
        #expect(
            try detect(
                ["GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push", "GITHUB_EVENT_PATH": "/e"],
                event: #"{"before":"\#(zero)","after":"new1"}"#)
                == CIContext(system: "github", base: nil, head: "new1", gate: "pull-request"))
        #expect(
            try detect(
                ["GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push", "GITHUB_EVENT_PATH": "/e"],
                event: #"{"before":"old1","after":"new1"}"#)?.base == "old1")
        #expect(
            try detect(
                ["GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "merge_group", "GITHUB_EVENT_PATH": "/e"],
                event: #"{"merge_group":{"base_sha":"b","head_sha":"h"}}"#)
                == CIContext(system: "github", base: "b", head: "h", gate: "pull-request"))
        #expect(
            try detect(["GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "schedule", "GITHUB_SHA": "s"])?.gate
                == "nightly")
    }

    @Test func gitlabMergeRequestPushAndSchedule() throws {
        #expect(
            try detect(["GITLAB_CI": "true", "CI_MERGE_REQUEST_DIFF_BASE_SHA": "b", "CI_COMMIT_SHA": "h"])
                == CIContext(system: "gitlab", base: "b", head: "h", gate: "pull-request"))
        #expect(
            try detect([
                "GITLAB_CI": "true", "CI_COMMIT_BEFORE_SHA": String(repeating: "0", count: 40), "CI_COMMIT_SHA": "h",
            ])?.base == nil)
        #expect(
            try detect(["GITLAB_CI": "true", "CI_PIPELINE_SOURCE": "schedule", "CI_COMMIT_SHA": "h"])?.gate == "nightly"
        )
        #expect(try detect([:]) == nil)
    }

    @Test func brokenEventFileIsBadInput() {
        let error = #expect(throws: InputError.self) {
            try detect(
                ["GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": "/e.json"],
                event: "{oops")
        }
        #expect(error?.file == "/e.json")
    }

    @Test func shardsDealRoundRobin() throws {
        #expect(try Shard.parse("2/4") == Shard(index: 2, total: 4))
        #expect(throws: InputError.self) { try Shard.parse("5/4") }
        #expect(throws: InputError.self) { try Shard.parse("0/4") }
        #expect(throws: InputError.self) { try Shard.parse("two") }
        let shares = (1...3).map { index in (0..<10).filter { Shard(index: index, total: 3).owns(position: $0) } }
        #expect(shares == [[0, 3, 6, 9], [1, 4, 7], [2, 5, 8]])
        #expect(try Shard.fromEnvironment(["CI_NODE_INDEX": "1", "CI_NODE_TOTAL": "2"]) == Shard(index: 1, total: 2))
    }
}
