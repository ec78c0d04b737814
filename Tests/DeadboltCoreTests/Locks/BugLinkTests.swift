import Foundation
import Testing

@testable import DeadboltCore

@Suite struct BugLinkTests {
    let extractor = BugLinkExtractor(
        config: {
            var config = BugLinkConfig()
            config.patterns = ["PROJ-[0-9]+", "BUG-[0-9]+"]
            return config
        }(), origin: "acme/support-bot")

    func links(_ message: String) -> [String] { extractor.links(in: message).map(\.text) }

    @Test func trailersOfConfiguredKeys() {
        #expect(
            links("Fix refunds\n\nBody.\n\nBug: https://tracker.example.com/BUG-142\nSigned-off-by: A <a@b>\n")
                == ["https://tracker.example.com/BUG-142"])
        #expect(links("Fix\n\nBody.\n\nIssue: PROJ-3\nResolves: #4\n") == ["PROJ-3", "#4"])
    }

    @Test func keyValueLineAnywhereInTheBody() {
        #expect(
            links("Fix\n\nBug: https://tracker.example.com/BUG-9\nThen prose follows.\n\nMore prose.\n")
                == ["https://tracker.example.com/BUG-9"])
    }

    @Test func githubClosingKeywordsAnywhere() {
        #expect(
            links(
                "Tighten wording\n\nThis Fixes #12 and closes acme/other#3.\n"
                    + "Resolved https://github.com/acme/support-bot/issues/9\n"
            )
                == ["#12", "acme/other#3", "https://github.com/acme/support-bot/issues/9"])
        #expect(links("Prefix\n\nprefixes #12 is not a keyword\n") == [])
    }

    @Test func patternsAnywhere() {
        #expect(links("PROJ-7: fix date parsing\n") == ["PROJ-7"])
    }

    @Test func sameBugIsListedOnce() {
        #expect(
            links("Fix\n\nFixes #12\n\nBug: https://github.com/acme/support-bot/issues/12\n") == [
                "https://github.com/acme/support-bot/issues/12"
            ])
        #expect(
            links("Fix BUG-142\n\nBody.\n\nBug: https://tracker.example.com/BUG-142\n") == [
                "https://tracker.example.com/BUG-142"
            ])
    }

    @Test func noLinksInAPlainMessage() {
        #expect(links("Refactor the tone partial\n\nNo behaviour change.\n") == [])
    }

    @Test func identities() {
        let origin = "acme/support-bot"
        func same(_ a: String, _ b: String) -> Bool {
            BugLink(a, origin: origin).sameBug(as: BugLink(b, origin: origin))
        }
        #expect(same("#12", "acme/support-bot#12"))
        #expect(same("#12", "https://github.com/acme/support-bot/issues/12"))
        #expect(same("https://github.com/Acme/Support-Bot/pull/12", "#12"))
        #expect(!same("#12", "acme/other#12"))
        #expect(!same("#12", "#13"))
        #expect(same("PROJ-7", "https://acme.atlassian.net/browse/PROJ-7"))
        #expect(same("BUG-142", "https://tracker.example.com/BUG-142"))
        #expect(!same("PROJ-7", "PROJ-70"))
        #expect(same("https://bugs.example.com/show?id=5", "https://bugs.example.com/show?id=5/"))
    }

    @Test func originFromRemoteURLs() {
        #expect(BugLink.githubRepository(fromRemote: "git@github.com:acme/support-bot.git") == "acme/support-bot")
        #expect(BugLink.githubRepository(fromRemote: "https://github.com/acme/support-bot") == "acme/support-bot")
        #expect(BugLink.githubRepository(fromRemote: "https://gitlab.com/acme/support-bot.git") == nil)
    }

    @Test func waiverTrailer() {
        #expect(
            BugLinkExtractor.waiver(
                "No-Lock", in: "Fix\n\nBody.\n\nBug: BUG-1\nNo-Lock: covered by the json contract suite\n")
                == "covered by the json contract suite")
        #expect(BugLinkExtractor.waiver("No-Lock", in: "Fix\n\nBug: BUG-1\n") == nil)
    }
}

@Suite struct LockCheckTests {
    let check = LockCheck(config: Config(), origin: "acme/support-bot")

    func commit(_ message: String, sha: String = "a1b2c3d4e5") -> CommitMessage {
        CommitMessage(sha: sha, subject: String(message.prefix { $0 != "\n" }), message: message)
    }

    @Test func statusesOfCommits() {
        let added = [
            AddedCase(
                dataset: "refunds", caseID: "reg-1", bugLink: "https://github.com/acme/support-bot/issues/12",
                file: "c.jsonl", line: 3)
        ]
        let locks = check.check(
            [
                commit("Fix refunds\n\nFixes #12\n"),
                commit("Fix dates\n\nBody.\n\nBug: #13\n"),
                commit("Fix tone\n\nBody.\n\nBug: #14\nNo-Lock: only a typo\n"),
                commit("Refactor\n"),
            ], added: added)
        #expect(locks.map(\.status) == [.locked, .unlocked, .waived, .noBug])
        #expect(locks[0].cases == ["reg-1"])
        #expect(locks[2].waiver == "only a typo")
    }

    @Test func addedCasesAreNewRowsNotEditedOnes() {
        let base = MemoryTree([
            "evals/regression/refunds/cases.jsonl": #"{"id":"old","input":{},"expected_output":"x","bug_link":"BUG-1"}"#
                + "\n"
        ])
        let head = MemoryTree([
            "evals/regression/refunds/cases.jsonl":
                #"{"id":"old","input":{},"expected_output":"edited","bug_link":"BUG-2"}"# + "\n"
                + #"{"id":"new","input":{},"expected_output":"y","bug_link":"BUG-3"}"# + "\n"
        ])
        let change = Classifier(config: Config()).classify(
            PathChange(status: .modified, path: "evals/regression/refunds/cases.jsonl"))
        let added = check.addedCases(changes: [change], base: base, head: head)
        #expect(added.map(\.caseID) == ["new"])
        #expect(added.first?.line == 2)
        #expect(added.first?.dataset == "refunds")
    }

    @Test func warningSaysWhatToAdd() {
        let lock = CommitLock(
            sha: "a1b2c3d4e5f6", subject: "Fix pro-rata refunds", bugLinks: [BugLink("BUG-142", origin: nil)],
            status: .unlocked, cases: [], waiver: nil)
        let warning = check.warning(for: lock, datasets: ["refund_policy_regressions"])
        #expect(
            warning.message.hasPrefix(
                "fix without lock: a1b2c3d \"Fix pro-rata refunds\" references BUG-142 "
                    + "but adds no regression case for it"
            ))
        #expect(warning.message.contains("evals/regression/refund_policy_regressions/cases.jsonl"))
        #expect(warning.kind == .fixWithoutLock && warning.kind.rawValue == "fix-without-lock")
    }
}

@Suite struct CommitMessageCheckTests {
    let staged = [PathChange(status: .modified, path: "prompts/refund.md", kinds: [.prompt])]

    @Test func commentsAndScissorsAreIgnored() {
        let check = CommitMessageCheck(config: Config())
        let message =
            "Tweak wording\n\n# Bug: BUG-1 in a comment does not count\n"
            + "# ------------------------ >8 ------------------------\nBug: BUG-2 below the scissors\n"
        guard case .refused = check.check(message, staged: staged, origin: nil) else {
            Issue.record("a link only in comments or below the scissors must not count")
            return
        }
        let custom = CommitMessageCheck(config: Config(), commentChar: ";")
        #expect(
            custom.check("Tweak\n\n; note\nBug: BUG-3\n", staged: staged, origin: nil) == .accepted("bug link BUG-3"))
    }

    @Test func requirementFollowsConfiguration() {
        var config = Config()
        config.commitMessage.requireBugLink = .never
        #expect(
            CommitMessageCheck(config: config).check("Tweak", staged: staged, origin: nil)
                == .accepted("commit_msg.require_bug_link is never"))
        config.commitMessage.requireBugLink = .always
        guard case .refused(let text) = CommitMessageCheck(config: config).check("Docs only", staged: [], origin: nil)
        else {
            Issue.record("always must refuse a message without a link")
            return
        }
        #expect(text.contains("require_bug_link is always"))
        #expect(
            CommitMessageCheck(config: Config()).check("Docs", staged: [], origin: nil)
                == .accepted("no prompt or guardrail is staged"))
        #expect(
            CommitMessageCheck(config: Config()).check("Revert \"Tweak\"", staged: staged, origin: nil)
                == .accepted("Revert \" commits need no bug link"))
    }

    @Test func theClosingKeywordRegexRunsOnlyForAMessageThatCanHoldOne() {
        #expect(!BugLinkExtractor.mayClose("Tighten the refund prompt\n\nSee #12"))
        #expect(BugLinkExtractor.mayClose("FIXES #12"))
        #expect(BugLinkExtractor.mayClose("Closed: org/repo#3"))
        #expect(BugLinkExtractor.mayClose("Resolves #4"))
        let extractor = BugLinkExtractor(config: BugLinkConfig(), origin: "acme/bot")
        #expect(extractor.links(in: "Tighten the refund prompt\n\nSee #12").isEmpty)
        #expect(extractor.links(in: "Tighten it\n\nFIXES #12").map(\.description) == ["#12"])
    }

    @Test func theHandMatchersAgreeWithTheRegularExpressionsTheyReplaced() {
        let url = #"^https?://[^/\s]+/([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)/(?:issues|pull)/([0-9]+)"#
        let id = #"^[A-Za-z][A-Za-z0-9_]*-[0-9]+$"#
        let pieces = [
            "https://", "http://", "ftp://", "github.com", "g h", "/", "org", "re.po", "a_b-c", "issues", "pull",
            "pulls", "12", "7x", "", "-", "PROJ", "proj_2", "9", "é", "#", "?q=1",
        ]
        var compared = 0
        var state: UInt64 = 42
        for _ in 0..<20_000 {
            var text = ""
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            for k in 0..<Int(state >> 61) + 2 {
                text += pieces[Int((state >> UInt64(8 * (k % 7))) % UInt64(pieces.count))]
            }
            let regexIssue = text.range(of: url, options: .regularExpression).map { range -> String in
                let parts = text[range].split(separator: "/")
                return "\(parts[2].lowercased())/\(parts[3].lowercased())#\(parts[5])"
            }
            let handIssue = BugLink.githubIssue(text).map { "\($0.0)#\($0.1)" }
            #expect(handIssue == regexIssue, "\(text)")
            #expect(BugLink.isTrackerID(text) == (text.range(of: id, options: .regularExpression) != nil), "\(text)")
            compared += 1
        }
        #expect(compared == 20_000)
        #expect(
            BugLink.githubIssue("https://github.com/Acme/Bot/issues/12#x").map { "\($0.0)#\($0.1)" } == "acme/bot#12")
        #expect(BugLink.isTrackerID("PROJ-7") && !BugLink.isTrackerID("PROJ-7-8") && !BugLink.isTrackerID("7-8"))
    }
}
