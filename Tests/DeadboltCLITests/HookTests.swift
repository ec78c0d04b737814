import DeadboltCore
import Foundation
import TestSupport
import Testing

/// A prompt repository with deadbolt's hooks installed and a bare remote.
func makeHookedRepository(installExtra: ((GitFixture) throws -> Void)? = nil) throws -> (GitFixture, GitFixture) {
    let fixture = try makePromptRepository()
    fixture.extraEnvironment["DEADBOLT_BIN"] = DeadboltBinary.path
    let remote = try GitFixture(bare: true)
    try fixture.git(["remote", "add", "origin", remote.root])
    fixture.companions.append(remote)
    try installExtra?(fixture)
    let install = try deadbolt(["install"], in: fixture)
    try #require(install.status == 0, "\(install.stderr)")
    return (fixture, remote)
}

func breakRefundPrompt(_ fixture: GitFixture) throws {
    try fixture.write("prompts/refund.md", "Annual plans are not refundable.\n{{> prompts/partials/tone.md}}\n")
}

@Suite struct PrePushHookTests {
    @Test func firstPushThenNewBranchThatBreaksACaseIsRefused() throws {
        let (fixture, remote) = try makeHookedRepository()
        let first = try fixture.gitResult(["push", "-q", "origin", "main"])
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")

        try fixture.git(["checkout", "-q", "-b", "topic"])
        try breakRefundPrompt(fixture)
        try fixture.commit("Shorter refund policy\n\nBody.\n\nBug: BUG-311\n")
        let refused = try fixture.gitResult(["push", "origin", "topic"])
        #expect(refused.status != 0)
        #expect(refused.stdout.contains("FAIL  refund_policy_regressions / reg-2026-11-21-a1b2c3"))
        #expect(refused.stderr.contains("push refused by deadbolt"))
        #expect(refused.stderr.contains("deadbolt check --gate pre-push --base"))
        #expect(refused.stderr.contains("git push --no-verify"))
        #expect(try remote.gitResult(["rev-parse", "--verify", "refs/heads/topic"]).status != 0)
    }

    @Test func everyPushedRefIsCheckedNotOnlyTheFirst() throws {
        let (fixture, _) = try makeHookedRepository()
        try fixture.git(["push", "-q", "origin", "main"])
        try fixture.git(["checkout", "-q", "-b", "a-fine"])
        try fixture.write("README.md", "docs\n")
        try fixture.commit("Docs")
        try fixture.git(["checkout", "-q", "-b", "z-broken", "main"])
        try breakRefundPrompt(fixture)
        try fixture.commit("Break it\n\nBug: BUG-1")
        let result = try fixture.gitResult(["push", "origin", "a-fine", "z-broken"])
        #expect(result.status != 0)
        #expect(result.stdout.contains("refs/heads/a-fine"))
        #expect(result.stdout.contains("refs/heads/z-broken"))
        #expect(result.stdout.contains("nothing to check"))
    }

    @Test func forcePushComparesWithTheMergeBase() throws {
        let (fixture, _) = try makeHookedRepository()
        try fixture.git(["push", "-q", "origin", "main"])
        try fixture.write("README.md", "docs\n")
        try fixture.commit("Docs")
        try fixture.git(["push", "-q", "origin", "main"])
        try breakRefundPrompt(fixture)
        try fixture.git(["add", "-A"])
        try fixture.git(["commit", "-q", "--amend", "-m", "Docs and a prompt\n\nBug: BUG-1"])
        let result = try fixture.gitResult(["push", "--force", "origin", "main"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("a force push"))
        #expect(result.stdout.contains("FAIL  refund_policy_regressions"))
    }

    @Test func deletionAndTagOfPushedCommitNeedNoCheck() throws {
        let (fixture, remote) = try makeHookedRepository()
        try fixture.git(["push", "-q", "origin", "main"])
        try fixture.git(["checkout", "-q", "-b", "topic"])
        try fixture.write("README.md", "docs\n")
        try fixture.commit("Docs")
        try fixture.git(["push", "-q", "origin", "topic"])
        try fixture.git(["tag", "-a", "v1", "-m", "release", "main"])
        let tag = try fixture.gitResult(["push", "origin", "v1"])
        #expect(tag.status == 0, "\(tag.stdout)\(tag.stderr)")
        let deletion = try fixture.gitResult(["push", "origin", ":topic"])
        #expect(deletion.status == 0, "\(deletion.stdout)\(deletion.stderr)")
        #expect(try remote.gitResult(["rev-parse", "--verify", "refs/heads/topic"]).status != 0)
    }

    @Test func pushOfHEADToAnotherNameAndDetachedHead() throws {
        let (fixture, remote) = try makeHookedRepository()
        try fixture.git(["push", "-q", "origin", "main"])
        try fixture.git(["checkout", "-q", "--detach"])
        try fixture.write("README.md", "detached\n")
        let sha = try fixture.commit("Detached work")
        let result = try fixture.gitResult(["push", "origin", "HEAD:refs/heads/review"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(try remote.git(["rev-parse", "refs/heads/review"]) == sha)
    }

    @Test func emptyStandardInputPasses() throws {
        let fixture = try makePromptRepository()
        let result = try expectDeadbolt(
            ["hook", "pre-push", "origin", "https://example.com/x.git"], in: fixture, input: "", exits: 0)
        #expect(result.stdout.isEmpty)
    }

    @Test func garbageOnStandardInputExitsTwo() throws {
        let fixture = try makePromptRepository()
        try expectDeadbolt(
            ["hook", "pre-push", "origin"], in: fixture, input: "not a ref line\n", exits: 2,
            stderr: ["standard input:1"])
    }

    @Test func pushFromALinkedWorktree() throws {
        let (fixture, _) = try makeHookedRepository()
        try fixture.git(["push", "-q", "origin", "main"])
        let worktree = try TemporaryFolder.make(prefix: "worktree") + "/wt"
        try fixture.git(["worktree", "add", "-q", "-b", "wt-branch", worktree])
        try Data("Annual plans are not refundable.\n".utf8).write(
            to: URL(fileURLWithPath: worktree + "/prompts/refund.md"))
        try fixture.git(["add", "-A"], in: worktree)
        try fixture.git(["commit", "-q", "-m", "Break from worktree\n\nBug: BUG-1"], in: worktree)
        let result = try fixture.gitResult(["push", "origin", "wt-branch"], in: worktree)
        #expect(result.status != 0)
        #expect(result.stdout.contains("FAIL  refund_policy_regressions"))
    }

    @Test func hooksPathIsRespected() throws {
        let (fixture, _) = try makeHookedRepository { try $0.git(["config", "core.hooksPath", ".githooks"]) }
        #expect(FileManager.default.fileExists(atPath: fixture.root + "/.githooks/pre-push"))
        #expect(!FileManager.default.fileExists(atPath: fixture.root + "/.git/hooks/pre-push"))
        try fixture.git(["push", "-q", "origin", "main"])
        try fixture.git(["checkout", "-q", "-b", "topic"])
        try breakRefundPrompt(fixture)
        try fixture.commit("Break\n\nBug: BUG-1")
        #expect(try fixture.gitResult(["push", "origin", "topic"]).status != 0)
    }
}

@Suite struct InstallTests {
    @Test func existingHookIsKeptChainedAndRestored() throws {
        let fixture = try makePromptRepository()
        fixture.extraEnvironment["DEADBOLT_BIN"] = DeadboltBinary.path
        let remote = try GitFixture(bare: true)
        try fixture.git(["remote", "add", "origin", remote.root])
        let hook = fixture.root + "/.git/hooks/pre-push"
        let original = "#!/bin/sh\n# git-lfs stand-in\ncat > \"$(dirname \"$0\")/../lfs-saw-stdin\"\n"
        try Data(original.utf8).write(to: URL(fileURLWithPath: hook))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)

        try #require(try deadbolt(["install"], in: fixture).status == 0)
        let again = try deadbolt(["install"], in: fixture)
        #expect(again.stdout.contains("already installed"))
        let push = try fixture.gitResult(["push", "origin", "main"])
        #expect(push.status == 0, "\(push.stdout)\(push.stderr)")
        let saw = try String(contentsOfFile: fixture.root + "/.git/lfs-saw-stdin", encoding: .utf8)
        #expect(saw.contains("refs/heads/main"))

        let removed = try deadbolt(["install", "--uninstall"], in: fixture)
        #expect(removed.status == 0)
        #expect(try String(contentsOfFile: hook, encoding: .utf8) == original)
        #expect(!FileManager.default.fileExists(atPath: hook + ".deadbolt-chained"))
    }

    @Test func hookScriptsInTheRepositoryMatchWhatInstallWrites() throws {
        let fixture = try makePromptRepository()
        try #require(try deadbolt(["install"], in: fixture).status == 0)
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        for name in ["pre-push", "commit-msg"] {
            let installed = try String(contentsOfFile: fixture.root + "/.git/hooks/" + name, encoding: .utf8)
            let published = try String(contentsOfFile: packageRoot + "/hooks/" + name, encoding: .utf8)
            // The installed hook remembers the binary that installed it; the published one names none.
            let binary = URL(fileURLWithPath: DeadboltBinary.path).resolvingSymlinksInPath().path
            let remembered = "\ninstalled_by='\(binary)'\n"
            #expect(installed.contains(remembered), "\(name) remembers \(binary)")
            #expect(
                installed.replacingOccurrences(of: remembered, with: "\ninstalled_by=''\n") == published,
                "hooks/\(name) differs from what deadbolt install writes")
        }
    }

    @Test func hooksRunTheDeadboltThatInstalledThemWithoutPATHOrDEADBOLT_BIN() throws {
        let (fixture, _) = try makeHookedRepository()
        fixture.extraEnvironment["DEADBOLT_BIN"] = nil
        fixture.extraEnvironment["PATH"] = "/usr/bin:/bin"
        let first = try fixture.gitResult(["push", "origin", "main"])
        #expect(first.status == 0, "\(first.stderr)")
        try breakRefundPrompt(fixture)
        try fixture.commit("Break the refund answer\n\nBug: BUG-3")
        let push = try fixture.gitResult(["push", "origin", "main"])
        #expect(push.status != 0, "the gate ran and refused")
        #expect(push.stdout.contains("FAIL  refund_policy_regressions"), "\(push.stdout)\(push.stderr)")
        #expect(push.stderr.contains("push refused by deadbolt"))
        #expect(!push.stderr.contains("cannot find the deadbolt binary"))
    }

    @Test func aRemovedBinaryIsNamedWhenNothingElseIsFound() throws {
        let fixture = try makePromptRepository()
        let copy = try TemporaryFolder.make(prefix: "moved-deadbolt") + "/deadbolt"
        try FileManager.default.copyItem(atPath: DeadboltBinary.path, toPath: copy)
        let install = try ProcessResult.run([copy, "install"], in: fixture.root)
        try #require(install.status == 0, "\(install.stderr)")
        try FileManager.default.removeItem(atPath: copy)
        let remote = try GitFixture(bare: true)
        try fixture.git(["remote", "add", "origin", remote.root])
        fixture.companions.append(remote)
        fixture.extraEnvironment["PATH"] = "/usr/bin:/bin"
        let push = try fixture.gitResult(["push", "origin", "main"])
        #expect(push.status != 0)
        #expect(push.stderr.contains("cannot find the deadbolt binary (it was \(copy))"), "\(push.stderr)")
    }

    @Test func missingBinaryIsExplained() throws {
        let fixture = try makePromptRepository()
        try #require(try deadbolt(["install"], in: fixture).status == 0)
        fixture.extraEnvironment["DEADBOLT_BIN"] = "/nonexistent/deadbolt"
        let remote = try GitFixture(bare: true)
        try fixture.git(["remote", "add", "origin", remote.root])
        let push = try fixture.gitResult(["push", "origin", "main"])
        #expect(push.status != 0)
        #expect(push.stderr.contains("cannot find the deadbolt binary"))
        #expect(push.stderr.contains("--no-verify"))
    }
}

@Suite struct CommitMessageHookTests {
    @Test func promptCommitWithoutBugLinkIsRefusedWithAnExample() throws {
        let (fixture, _) = try makeHookedRepository()
        try fixture.write("prompts/refund.md", "Annual plans are refunded pro-rata.\n")
        try fixture.git(["add", "-A"])
        let refused = try fixture.gitResult(["commit", "-m", "Tweak refund wording"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("commit refused by deadbolt"))
        #expect(refused.stderr.contains("prompts/refund.md"))
        #expect(refused.stderr.contains("    Tweak refund wording\n\n    Bug: https://tracker.example.com/BUG-123"))
        #expect(refused.stderr.contains("No-Bug: reason"))

        let accepted = try fixture.gitResult(["commit", "-m", "Tweak refund wording\n\nBug: BUG-9"])
        #expect(accepted.status == 0, "\(accepted.stderr)")
    }

    @Test func otherChangesMergesFixupsAndWaiversGoThrough() throws {
        let (fixture, _) = try makeHookedRepository()
        try fixture.write("README.md", "docs\n")
        try fixture.git(["add", "-A"])
        #expect(try fixture.gitResult(["commit", "-m", "Docs"]).status == 0)
        try fixture.write("prompts/shipping.md", "Parcels ship in 2 days.\n")
        try fixture.git(["add", "-A"])
        #expect(try fixture.gitResult(["commit", "-m", "fixup! Docs"]).status == 0)
        try fixture.write("prompts/shipping.md", "Parcels ship in 1 day.\n")
        try fixture.git(["add", "-A"])
        #expect(try fixture.gitResult(["commit", "-m", "Faster\n\nNo-Bug: marketing asked for it"]).status == 0)
        try fixture.write("prompts/shipping.md", "Parcels ship today.\n")
        try fixture.git(["add", "-A"])
        #expect(try fixture.gitResult(["commit", "-m", "Ship today, fixes #12"]).status == 0)
    }
}

/// A commit that names a bug and stages no case for it hears "fix without lock" at commit time, and
/// still goes through.
@Suite struct CommitTimeLockTests {
    static let cases = "evals/regression/refund_policy_regressions/cases.jsonl"

    @Test func aBugLinkedCommitWithoutACaseIsWarnedAndGoesThrough() throws {
        let (fixture, _) = try makeHookedRepository()
        try fixture.write("prompts/refund.md", "Annual plans are refunded pro-rata.\n")
        try fixture.git(["add", "-A"])
        let warned = try fixture.gitResult(["commit", "-m", "Fix the annual refund answer\n\nBug: BUG-7"])
        #expect(warned.status == 0, "\(warned.stderr)")
        #expect(warned.stderr.contains("fix without lock: this commit references BUG-7"), "\(warned.stderr)")
        #expect(warned.stderr.contains("add the case that would have caught it to \(Self.cases)"), "\(warned.stderr)")
        #expect(warned.stderr.contains(#""bug_link": "BUG-7""#))
        #expect(try fixture.git(["log", "-1", "--format=%s"]) == "Fix the annual refund answer")
    }

    @Test func aStagedCaseForTheBugOrAWaiverIsNotWarned() throws {
        let (fixture, _) = try makeHookedRepository()
        try fixture.write("prompts/refund.md", "Annual plans are refunded pro-rata.\n")
        try fixture.write(
            Self.cases,
            try fixture.read(Self.cases)
                + #"{"id":"reg-bug-8","input":{"question":"Annual refund after 45 days?"},"#
                + #""expected_output":"pro-rata","bug_link":"BUG-8"}"# + "\n")
        try fixture.git(["add", "-A"])
        let locked = try fixture.gitResult(["commit", "-m", "Fix the annual refund answer\n\nBug: BUG-8"])
        #expect(locked.status == 0, "\(locked.stderr)")
        #expect(!locked.stderr.contains("fix without lock"), "\(locked.stderr)")

        // A case for another bug does not lock this one.
        try fixture.write("prompts/refund.md", "Annual plans are refunded pro-rata, always.\n")
        try fixture.git(["add", "-A"])
        let other = try fixture.gitResult(["commit", "-m", "Fix the wording\n\nBug: BUG-9"])
        #expect(other.status == 0)
        #expect(other.stderr.contains("fix without lock: this commit references BUG-9"), "\(other.stderr)")

        try fixture.write("prompts/refund.md", "Annual plans are refunded pro-rata, as ever.\n")
        try fixture.git(["add", "-A"])
        let waived = try fixture.gitResult([
            "commit", "-m", "Fix the wording\n\nBug: BUG-10\nNo-Lock: the case needs a model we do not run",
        ])
        #expect(waived.status == 0)
        #expect(!waived.stderr.contains("fix without lock"), "\(waived.stderr)")
    }
}

@Suite struct HookEnvironmentTests {
    @Test func commitAllUsesTheIndexGitPrepared() throws {
        let (fixture, _) = try makeHookedRepository()
        // Not staged: `git commit -a` stages it into a temporary index (GIT_INDEX_FILE).
        try fixture.write("prompts/refund.md", "Annual plans are refunded pro-rata!\n")
        let refused = try fixture.gitResult(["commit", "-a", "-m", "Tweak"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("prompts/refund.md"))
        #expect(try fixture.gitResult(["commit", "-a", "-m", "Tweak\n\nBug: BUG-5"]).status == 0)
    }

    @Test func pushFromASubmoduleUsesItsOwnHooksAndHistory() throws {
        let (inner, innerRemote) = try makeHookedRepository()
        try inner.git(["push", "-q", "origin", "main"])
        let outer = try GitFixture()
        outer.extraEnvironment["DEADBOLT_BIN"] = DeadboltBinary.path
        try outer.git(["-c", "protocol.file.allow=always", "submodule", "add", "-q", innerRemote.root, "bot"])
        try outer.commit("Add the bot")
        let sub = outer.root + "/bot"
        try #require(try DeadboltBinary.run(["install"], in: sub).status == 0)
        try Data("Annual plans are not refundable.\n".utf8).write(to: URL(fileURLWithPath: sub + "/prompts/refund.md"))
        try outer.git(["checkout", "-q", "-b", "broken"], in: sub)
        try outer.git(["commit", "-q", "-am", "Break in the submodule\n\nBug: BUG-6"], in: sub)
        let push = try outer.gitResult(["push", "origin", "broken"], in: sub)
        #expect(push.status != 0)
        #expect(push.stdout.contains("FAIL  refund_policy_regressions"))
    }
}

@Suite struct UnknownRemoteCommitTests {
    @Test func remoteCommitThatIsNotHereFallsBackAndSaysSo() throws {
        let (fixture, remote) = try makeHookedRepository()
        try fixture.git(["push", "-q", "origin", "main"])
        // Someone else pushes to main from another clone.
        let folder = try TemporaryFolder.make(prefix: "other-clone")
        try fixture.git(["clone", "-q", remote.root, folder + "/other"])
        try fixture.git(
            ["-c", "core.hooksPath=/dev/null", "commit", "-q", "--allow-empty", "-m", "Someone else"],
            in: folder + "/other")
        try fixture.git(["-c", "core.hooksPath=/dev/null", "push", "-q", "origin", "main"], in: folder + "/other")
        // We force-push a broken prompt without fetching first.
        try breakRefundPrompt(fixture)
        try fixture.commit("Break\n\nBug: BUG-7")
        let push = try fixture.gitResult(["push", "--force", "origin", "main"])
        #expect(push.status != 0)
        #expect(push.stderr.contains("which is not in this repository"))
        #expect(push.stdout.contains("FAIL  refund_policy_regressions"))
    }
}
