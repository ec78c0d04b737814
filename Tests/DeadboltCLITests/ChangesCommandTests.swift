import DeadboltCore
import Foundation
import TestSupport
import Testing

@Suite struct ChangesCommandTests {
    @Test func jsonListsClassifiedChangesWithRenames() throws {
        let fixture = try makePromptRepository()
        let base = try fixture.sha("HEAD")
        try fixture.git(["mv", "prompts/shipping.md", "prompts/shipping_times.md"])
        try fixture.write("prompts/partials/tone.md", "Sign off warmly.\n")
        try fixture.write("README.md", "hello\n")
        let head = try fixture.commit("Rename and edit")
        let result = try deadbolt(["changes", "--base", base, "--head", head, "--format", "json"], in: fixture)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONValue.parse(result.stdout)
        #expect(json["base"] == .string(base))
        #expect(json["head"] == .string(head))
        let changes = try #require(json["changes"]?.arrayValue)
        try #require(changes.count == 3)
        #expect(
            changes[0]
                == .object([
                    "status": .string("added"), "path": .string("README.md"), "old_path": .null, "kinds": .array([]),
                ]))
        #expect(
            changes[1]
                == .object([
                    "status": .string("modified"), "path": .string("prompts/partials/tone.md"), "old_path": .null,
                    "kinds": .array([.string("prompt")]),
                ]))
        #expect(
            changes[2]
                == .object([
                    "status": .string("renamed"), "path": .string("prompts/shipping_times.md"),
                    "old_path": .string("prompts/shipping.md"), "kinds": .array([.string("prompt")]),
                ]))
    }

    @Test func textMatchesGitNameStatus() throws {
        let fixture = try makePromptRepository()
        try fixture.write("prompts/refund.md", "Annual plans are not refundable.\n")
        try fixture.commit("Edit")
        let result = try deadbolt(["changes", "--base", "HEAD~1"], in: fixture)
        #expect(result.status == 0)
        #expect(result.stdout == "M  prompts/refund.md  [prompt]\n")
    }

    @Test func stagedComparesTheIndex() throws {
        let fixture = try makePromptRepository()
        try fixture.write("guardrails/pii.yaml", "redact: [card, email]\n")
        try fixture.git(["add", "guardrails/pii.yaml"])
        let result = try deadbolt(["changes", "--staged"], in: fixture)
        #expect(result.status == 0)
        #expect(result.stdout == "M  guardrails/pii.yaml  [guardrail]\n")
    }

    @Test func unknownRevisionExitsTwoNamingIt() throws {
        let fixture = try makePromptRepository()
        let result = try deadbolt(["changes", "--base", "no-such-branch"], in: fixture)
        #expect(result.status == 2)
        #expect(result.stderr.contains("unknown revision 'no-such-branch'"))
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test func unrelatedHistoriesExitTwo() throws {
        let fixture = try makePromptRepository()
        try fixture.git(["checkout", "-q", "--orphan", "other"])
        try fixture.commit("unrelated")
        let result = try deadbolt(["changes", "--base", "main", "--head", "other"], in: fixture)
        #expect(result.status == 2)
        #expect(result.stderr.contains("unrelated histories"))
    }

    @Test func shallowCloneWithoutTheBaseSaysHowToFetch() throws {
        let origin = try makePromptRepository()
        let base = try origin.sha("HEAD")
        try origin.write("prompts/refund.md", "Changed.\n")
        try origin.commit("Change")
        let folder = try TemporaryFolder.make(prefix: "shallow-cli")
        try origin.git(["clone", "-q", "--depth", "1", "file://" + origin.root, folder + "/clone"])
        let clone = GitFixture(existing: folder + "/clone")
        let result = try deadbolt(["changes", "--base", base], in: clone)
        #expect(result.status == 2)
        #expect(result.stderr.contains("shallow clone"))
        #expect(result.stderr.contains("fetch-depth: 0"))
    }

    @Test func outsideARepositoryExitsTwo() throws {
        let folder = try TemporaryFolder.make(prefix: "no-repo")
        let result = try DeadboltBinary.run(["changes"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("not inside a git repository"))
    }

    @Test func badFlagExitsTwoNotSixtyFour() throws {
        let fixture = try makePromptRepository()
        let result = try deadbolt(["changes", "--frobnicate"], in: fixture)
        #expect(result.status == 2)
        #expect(result.stderr.contains("--frobnicate"))
    }
}

@Suite struct MergeRangeTests {
    @Test func mergeCommitHeadShowsWhatTheBranchBrought() throws {
        let fixture = try makePromptRepository()
        let fork = try fixture.sha("HEAD")
        try fixture.git(["checkout", "-q", "-b", "topic"])
        try fixture.write("prompts/shipping.md", "Parcels ship in 2 days.\n")
        try fixture.commit("Faster shipping")
        try fixture.git(["checkout", "-q", "main"])
        try fixture.write("README.md", "main moved on\n")
        try fixture.commit("Docs")
        try fixture.git(["merge", "-q", "--no-ff", "-m", "Merge topic", "topic"])
        let result = try deadbolt(["changes", "--base", fork, "--format", "json"], in: fixture)
        #expect(result.status == 0, "\(result.stderr)")
        let paths = try JSONValue.parse(result.stdout)["changes"]?.arrayValue?.compactMap { $0["path"]?.stringValue }
        #expect(paths == ["README.md", "prompts/shipping.md"])
        // Against a base that moved on, the merge base is used, as a pull request would.
        try fixture.git(["checkout", "-q", "topic"])
        let topic = try deadbolt(["changes", "--base", "main~1", "--head", "topic"], in: fixture)
        #expect(topic.stdout == "M  prompts/shipping.md  [prompt]\n")
    }
}
