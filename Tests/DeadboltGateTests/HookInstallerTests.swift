import DeadboltCore
import DeadboltGate
import DeadboltGit
import Foundation
import TestSupport
import Testing

/// Where deadbolt's hooks go, and how they live beside a hook that was there first.
@Suite struct HookInstallerTests {
    func committed() throws -> GitFixture {
        let fixture = try GitFixture()
        try fixture.write("a.txt", "one\n")
        try fixture.commit("first")
        return fixture
    }

    func installer(_ path: String) throws -> HookInstaller {
        HookInstaller(repository: try Repository(discoveringFrom: path))
    }

    func write(_ path: String, _ text: String, executable: Bool = true) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path) }
    }

    func text(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    func permissions(_ path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? 0
    }

    @Test func installsIntoTheCommonHooksFolderByDefault() throws {
        let fixture = try committed()
        let installer = try installer(fixture.root)
        #expect(installer.folder == fixture.root + "/.git/hooks")
        let said = try installer.install("pre-push", script: HookScripts.prePush)
        #expect(said == "installed at \(fixture.root)/.git/hooks/pre-push")
        #expect(try text(fixture.root + "/.git/hooks/pre-push") == HookScripts.prePush)
        #expect(try permissions(fixture.root + "/.git/hooks/pre-push") == 0o755)
    }

    @Test func installsIntoARelativeHooksPathFromTheWorkTreeRoot() throws {
        let fixture = try committed()
        try fixture.git(["config", "core.hooksPath", ".githooks"])
        // Opened from a subfolder: the path is still relative to the root, as git reads it.
        try FileManager.default.createDirectory(atPath: fixture.root + "/src/app", withIntermediateDirectories: true)
        let installer = try installer(fixture.root + "/src/app")
        #expect(installer.folder == fixture.root + "/.githooks")
        _ = try installer.install("pre-push", script: HookScripts.prePush)
        #expect(FileManager.default.fileExists(atPath: fixture.root + "/.githooks/pre-push"))
        #expect(!FileManager.default.fileExists(atPath: fixture.root + "/.git/hooks/pre-push"))
    }

    @Test func installsIntoAnAbsoluteHooksPath() throws {
        let fixture = try committed()
        let shared = try TemporaryFolder.make(prefix: "shared-hooks") + "/hooks"
        try fixture.git(["config", "core.hooksPath", shared])
        let installer = try installer(fixture.root)
        #expect(installer.folder == shared)
        _ = try installer.install("commit-msg", script: HookScripts.commitMessage)
        #expect(try text(shared + "/commit-msg") == HookScripts.commitMessage)
    }

    @Test func linkedWorktreeInstallsIntoTheHooksFolderItShares() throws {
        let fixture = try committed()
        let worktree = try TemporaryFolder.make(prefix: "linked") + "/wt"
        try fixture.git(["worktree", "add", "-q", "-b", "wt-branch", worktree])
        let installer = try installer(worktree)
        #expect(installer.folder == fixture.root + "/.git/hooks")
        _ = try installer.install("pre-push", script: HookScripts.prePush)
        #expect(FileManager.default.fileExists(atPath: fixture.root + "/.git/hooks/pre-push"))
        #expect(!FileManager.default.fileExists(atPath: fixture.root + "/.git/worktrees/wt/hooks/pre-push"))
        // git itself runs it from the worktree: `git rev-parse --git-path hooks` agrees.
        let gitPath = try fixture.git(["rev-parse", "--path-format=absolute", "--git-path", "hooks"], in: worktree)
        #expect(URL(fileURLWithPath: gitPath).resolvingSymlinksInPath().path == installer.folder)
    }

    @Test func existingHookMovesAsideKeepsItsTextAndStillRunsFirst() throws {
        let fixture = try committed()
        let hooks = fixture.root + "/.git/hooks"
        let log = fixture.root + "/.git/hook.log"
        let original = "#!/bin/sh\n# lfs stand-in\nprintf 'chained %s %s\\n' \"$1\" \"$(cat)\" >> '\(log)'\n"
        try write(hooks + "/pre-push", original)
        // A stand-in for the deadbolt binary: it says how it was called and what it read.
        let stub = fixture.root + "/.git/deadbolt-stub"
        try write(stub, "#!/bin/sh\nprintf 'deadbolt %s %s\\n' \"$*\" \"$(cat)\" >> '\(log)'\n")

        let installer = HookInstaller(folder: hooks)
        let said = try installer.install("pre-push", script: HookScripts.prePush)
        #expect(said.contains("the existing hook runs first, from \(hooks)/pre-push.deadbolt-chained"))
        #expect(try text(installer.chainedPath("pre-push")) == original)
        #expect(try permissions(installer.chainedPath("pre-push")) == 0o755)

        let line = "refs/heads/main \(try fixture.sha("HEAD")) refs/heads/main \(zeroSHA)"
        var environment = fixture.environment()
        environment["DEADBOLT_BIN"] = stub
        let run = try ProcessResult.run(
            [hooks + "/pre-push", "origin", "file:///remote"], in: fixture.root, environment: environment,
            input: Array((line + "\n").utf8))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            try text(log) == "chained origin \(line)\ndeadbolt hook pre-push origin file:///remote \(line)\n",
            "the old hook ran first, and both read git's ref lines")
    }

    @Test func failingChainedHookStopsThePushBeforeDeadboltRuns() throws {
        let fixture = try committed()
        let hooks = fixture.root + "/.git/hooks"
        let log = fixture.root + "/.git/hook.log"
        try write(hooks + "/pre-push", "#!/bin/sh\ncat > /dev/null\nexit 7\n")
        let stub = fixture.root + "/.git/deadbolt-stub"
        try write(stub, "#!/bin/sh\necho ran >> '\(log)'\n")
        _ = try HookInstaller(folder: hooks).install("pre-push", script: HookScripts.prePush)
        var environment = fixture.environment()
        environment["DEADBOLT_BIN"] = stub
        let run = try ProcessResult.run(
            [hooks + "/pre-push", "origin"], in: fixture.root, environment: environment, input: Array("x\n".utf8))
        #expect(run.status == 7)
        #expect(!FileManager.default.fileExists(atPath: log))
    }

    @Test func secondInstallUpdatesInPlaceAndKeepsTheChainedHook() throws {
        let fixture = try committed()
        let hooks = fixture.root + "/.git/hooks"
        let original = "#!/bin/sh\necho original\n"
        try write(hooks + "/commit-msg", original)
        let installer = HookInstaller(folder: hooks)
        _ = try installer.install("commit-msg", script: HookScripts.commitMessage)
        let again = try installer.install("commit-msg", script: HookScripts.commitMessage)
        #expect(again == "already installed at \(hooks)/commit-msg (updated)")
        #expect(try text(hooks + "/commit-msg") == HookScripts.commitMessage)
        #expect(try text(installer.chainedPath("commit-msg")) == original, "deadbolt's script never chains itself")
        let names = try FileManager.default.contentsOfDirectory(atPath: hooks).filter {
            $0.hasPrefix("commit-msg") && !$0.hasSuffix(".sample")
        }
        #expect(names.sorted() == ["commit-msg", "commit-msg.deadbolt-chained"])
    }

    @Test func foreignHookWithAChainedOneAlreadyThereIsRefusedAndLeftAlone() throws {
        let fixture = try committed()
        let hooks = fixture.root + "/.git/hooks"
        try write(hooks + "/pre-push", "#!/bin/sh\necho mine\n")
        try write(hooks + "/pre-push.deadbolt-chained", "#!/bin/sh\necho older\n")
        let installer = HookInstaller(folder: hooks)
        let error = #expect(throws: InputError.self) {
            try installer.install("pre-push", script: HookScripts.prePush)
        }
        #expect(error?.file == hooks + "/pre-push.deadbolt-chained")
        #expect(error?.message.contains("already exists, and \(hooks)/pre-push is not deadbolt's") == true)
        #expect(try text(hooks + "/pre-push") == "#!/bin/sh\necho mine\n")
        #expect(try text(hooks + "/pre-push.deadbolt-chained") == "#!/bin/sh\necho older\n")
    }

    @Test func hooksFolderThatCannotBeWrittenIsNamed() throws {
        let fixture = try committed()
        let blocker = fixture.root + "/not-a-folder"
        try write(blocker, "a file where the hooks folder should be\n", executable: false)
        let error = #expect(throws: InputError.self) {
            try HookInstaller(folder: blocker).install("pre-push", script: HookScripts.prePush)
        }
        #expect(error?.file == blocker + "/pre-push")
        #expect(error?.message.hasPrefix("cannot be written") == true)
    }

    @Test func uninstallRestoresThePreviousHookAndLeavesForeignOnesAlone() throws {
        let fixture = try committed()
        let hooks = fixture.root + "/.git/hooks"
        let original = "#!/bin/sh\necho original\n"
        try write(hooks + "/pre-push", original)
        let installer = HookInstaller(folder: hooks)
        _ = try installer.install("pre-push", script: HookScripts.prePush)
        #expect(try installer.uninstall("pre-push") == "removed; the previous hook is back at \(hooks)/pre-push")
        #expect(try text(hooks + "/pre-push") == original)
        #expect(!FileManager.default.fileExists(atPath: installer.chainedPath("pre-push")))
        #expect(try installer.uninstall("pre-push") == "not installed")
        #expect(try text(hooks + "/pre-push") == original)
        _ = try installer.install("commit-msg", script: HookScripts.commitMessage)
        #expect(try installer.uninstall("commit-msg") == "removed")
        #expect(!FileManager.default.fileExists(atPath: hooks + "/commit-msg"))
    }
}
