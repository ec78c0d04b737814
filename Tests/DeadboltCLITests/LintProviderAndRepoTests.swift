import DeadboltCore
import Foundation
import TestSupport
import Testing

/// `lint` says when the provider cannot start, and `-C DIR` works before the subcommand as after.
@Suite struct LintProviderAndRepoTests {
    func repository(provider: String) throws -> GitFixture {
        let fixture = try makePromptRepository()
        try fixture.write("deadbolt.yml", "version: 1\n" + provider)
        return fixture
    }

    @Test func aProviderProgramThatIsNotThereIsALintError() throws {
        let fixture = try repository(provider: "provider:\n  command: [bin/not-there]\n")
        let result = try expectDeadbolt(["lint"], in: fixture, exits: 1)
        #expect(
            result.stdout.contains(
                "deadbolt.yml: error: the provider cannot start: cannot start bin/not-there: no such file"),
            "\(result.stdout)")
        #expect(result.stdout.contains("[provider]"))
    }

    @Test func aScriptWhoseInterpreterIsNotInstalledIsALintError() throws {
        let fixture = try repository(provider: "provider:\n  command: [bin/answer-x]\n")
        try fixture.write("bin/answer-x", "#!/usr/bin/env no-such-interpreter-7f3a\nprint('hi')\n")
        chmod(fixture.root + "/bin/answer-x", 0o755)
        let result = try expectDeadbolt(["lint"], in: fixture, exits: 1)
        #expect(
            result.stdout.contains(
                "bin/answer-x is a script for no-such-interpreter-7f3a, which is not installed here"),
            "\(result.stdout)")
        try fixture.write("bin/answer-x", "#!/bin/sh\necho hi\n")
        let fixed = try expectDeadbolt(["lint"], in: fixture, exits: 0)
        #expect(!fixed.stdout.contains("[provider]"))
    }

    @Test func aProgramOnPathAndTheBuiltInProviderWithoutItsKey() throws {
        let onPath = try repository(provider: "provider:\n  command: [cat]\n")
        try expectDeadbolt(["lint"], in: onPath, exits: 0)
        let missing = try repository(provider: "provider:\n  command: [no-such-program-7f3a]\n")
        let refused = try expectDeadbolt(["lint"], in: missing, exits: 1)
        #expect(refused.stdout.contains("not found on PATH"))
        let keyed = try repository(
            provider: "provider:\n  type: openai\n  model: gpt-test\n  api_key_env: DEADBOLT_TEST_KEY_7F3A\n")
        let warned = try expectDeadbolt(["lint"], in: keyed, exits: 0)
        #expect(warned.stdout.contains("$DEADBOLT_TEST_KEY_7F3A is not set here"), "\(warned.stdout)")
        let set = try expectDeadbolt(["lint"], in: keyed, environment: ["DEADBOLT_TEST_KEY_7F3A": "sk-x"], exits: 0)
        #expect(!set.stdout.contains("is not set here"))
    }

    @Test func theRepositoryMayBeNamedBeforeTheSubcommand() throws {
        let fixture = try makePromptRepository()
        let linted = ["lint: 0 errors, 1 warning"]
        try expectDeadbolt(["-C", fixture.root, "lint"], in: "/", exits: 0, stdout: linted)
        try expectDeadbolt(["--repo=" + fixture.root, "lint"], in: "/", exits: 0, stdout: linted)
        try expectDeadbolt(["--repo", fixture.root, "history", "export", "--format", "jsonl"], in: "/", exits: 0)
        try expectDeadbolt(["lint", "-C", fixture.root], in: "/", exits: 0, stdout: linted)
        let outside = try expectDeadbolt(["-C", "/", "lint"], in: fixture.root, exits: 2)
        #expect(outside.stderr.contains("is not inside a git repository"))
    }
}
