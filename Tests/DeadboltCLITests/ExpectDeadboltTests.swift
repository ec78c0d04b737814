import Foundation
import TestSupport
import Testing

/// `expectDeadbolt` fails the test that calls it, at its line, when the binary does not do what
/// was expected; and the pre-push hook's input handled end to end through it.
@Suite struct ExpectDeadboltTests {
    @Test func wrongExitCodeIsRecordedAsAnIssue() throws {
        let fixture = try makePromptRepository()
        try withKnownIssue("deadbolt select exits 0, not 3") {
            try expectDeadbolt(["select", "--base", "HEAD"], in: fixture, exits: 3)
        } matching: { issue in
            issue.comments.contains { $0.rawValue.contains("exited 0, expected 3") }
        }
    }

    @Test func missingOutputIsRecordedWithWhatWasPrinted() throws {
        let fixture = try makePromptRepository()
        try withKnownIssue("the text is not in the output") {
            try expectDeadbolt(
                ["select", "--base", "HEAD"], in: fixture, exits: 0, stdout: ["no such text"],
                stderr: ["nor this"])
        } matching: { issue in
            let text = issue.comments.map(\.rawValue).joined()
            return text.contains("stdout lacks \"no such text\"") && text.contains("stderr lacks \"nor this\"")
                && text.contains("--- stdout:")
        }
    }

    @Test func matchingRunRecordsNothingAndReturnsTheOutput() throws {
        let fixture = try makePromptRepository()
        let result = try expectDeadbolt(["select", "--base", "HEAD"], in: fixture.root, exits: 0)
        #expect(result.status == 0)
    }

    @Test func prePushOfOnlyADeletionChecksNothing() throws {
        let fixture = try makePromptRepository()
        let zero = String(repeating: "0", count: 40)
        let line = "(delete) \(zero) refs/heads/old \(try fixture.sha("HEAD"))\n"
        let result = try expectDeadbolt(["hook", "pre-push", "origin"], in: fixture, input: line, exits: 0)
        #expect(result.stdout.isEmpty)
    }

    @Test func prePushLineWithAShortShaIsRefused() throws {
        let fixture = try makePromptRepository()
        let short = String(try fixture.sha("HEAD").prefix(7))
        try expectDeadbolt(
            ["hook", "pre-push", "origin"], in: fixture,
            input: "refs/heads/main \(short) refs/heads/main \(String(repeating: "0", count: 40))\n", exits: 2,
            stderr: ["standard input:1", "is not a pre-push line"])
    }

    @Test func prePushOfANewBranchThatBreaksACaseFailsAndSaysHowToReproduce() throws {
        let fixture = try makePromptRepository()
        try fixture.git(["checkout", "-q", "-b", "topic"])
        try fixture.write("prompts/refund.md", "Annual plans are not refundable.\n{{> prompts/partials/tone.md}}\n")
        let head = try fixture.commit("Shorter refunds\n\nBug: BUG-9")
        // No remote refs at all: the whole history is new, compared with the empty tree.
        let line = "refs/heads/topic \(head) refs/heads/topic \(String(repeating: "0", count: 40))\n"
        try expectDeadbolt(
            ["hook", "pre-push", "origin"], in: fixture, input: line, exits: 1,
            stdout: ["FAIL  refund_policy_regressions / reg-2026-11-21-a1b2c3"],
            stderr: ["origin has none of this history", "push refused by deadbolt", "deadbolt check --gate pre-push"])
    }
}
