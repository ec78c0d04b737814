import DeadboltCore
import DeadboltRunner
import Foundation
import TestSupport
import Testing

/// What a provider leaves running is stopped, and does not turn a quick answer into a timeout.
@Suite struct LeftoverProcessTests {
    /// Whether `pid` is a live process (a zombie waiting for init to reap it counts as dead).
    static func isAlive(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return true }
        let state = stat[stat.index(close, offsetBy: 2)]
        return state != "Z" && state != "X"
    }

    /// The pid the provider wrote to `file`, waiting briefly for it.
    static func pid(in file: String) throws -> Int32 {
        for _ in 0..<100 {
            if let text = try? String(contentsOfFile: file, encoding: .utf8),
                let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                return pid
            }
            usleep(20_000)
        }
        throw CancellationError()
    }

    /// Waits up to two seconds for `pid` to die.
    static func dies(_ pid: Int32) -> Bool {
        for _ in 0..<100 {
            if !isAlive(pid) { return true }
            usleep(20_000)
        }
        return false
    }

    @Test func backgroundChildHoldingStdoutIsNotATimeout() async throws {
        let provider = try ProviderFixture(script: "cat > /dev/null; echo pro-rata; sleep 100 & echo $! > leftover.pid")
        let result = try #require(try await provider.run([ProviderFixture.regressionCase("a")], timeout: 20).first)
        #expect(result.status == .errored)
        #expect(result.failure?.timedOut == false)
        #expect(result.failure?.reason.contains("exited with code 0") == true)
        #expect(result.failure?.reason.contains("kept its output open") == true)
        let pid = try Self.pid(in: provider.folder + "/leftover.pid")
        #expect(Self.dies(pid))
    }

    @Test func childThatCalledSetsidIsKilledOnTimeout() async throws {
        let provider = try ProviderFixture(
            script: """
                cat > /dev/null
                setsid sh -c 'echo $$ > escaped.pid; exec sleep 100' < /dev/null > /dev/null 2>&1 &
                sleep 100
                """)
        let result = try #require(try await provider.run([ProviderFixture.regressionCase("a")], timeout: 1).first)
        #expect(result.failure?.timedOut == true)
        let pid = try Self.pid(in: provider.folder + "/escaped.pid")
        #expect(Self.dies(pid))
    }

    @Test func setsidChildHoldingStdoutIsKilledAfterTheProviderExits() async throws {
        let provider = try ProviderFixture(
            script: """
                cat > /dev/null
                setsid sh -c 'echo $$ > escaped.pid; exec sleep 100' &
                echo pro-rata
                """)
        let result = try #require(try await provider.run([ProviderFixture.regressionCase("a")], timeout: 20).first)
        #expect(result.failure?.reason.contains("kept its output open") == true)
        let pid = try Self.pid(in: provider.folder + "/escaped.pid")
        #expect(Self.dies(pid))
    }

    @Test func quickProviderIsUnaffected() async throws {
        let provider = try ProviderFixture(script: "cat > /dev/null; echo pro-rata")
        let result = try #require(try await provider.run([ProviderFixture.regressionCase("a")]).first)
        #expect(result.status == .passed)
    }
}

/// CI tokens do not reach the provider unless asked for, and never come back out of it.
@Suite struct TokenTests {
    static let token = "ghp_0123456789abcdefSECRET"

    @Test func inheritedTokensAreNotPassedToTheProgram() throws {
        let outcome = try ProcessRunner.run(
            ["/bin/sh", "-c", "echo \"gh=$GITHUB_TOKEN gl=$GITLAB_TOKEN job=$CI_JOB_TOKEN path=${PATH:+set}\""],
            in: "/", input: [],
            timeoutSeconds: 5, redaction: .none,
            baseEnvironment: [
                "GITHUB_TOKEN": Self.token, "GITLAB_TOKEN": "glpat-abcdefgh", "CI_JOB_TOKEN": "x", "PATH": "/bin",
            ])
        #expect(String(decoding: outcome.standardOutput, as: UTF8.self) == "gh= gl= job= path=set\n")
    }

    @Test func aProviderEnvTokenIsPassedButRedactedFromWhatItPrints() async throws {
        let provider = try ProviderFixture(
            script: #"cat > /dev/null; echo "pro-rata $GITHUB_TOKEN"; echo "err $GITHUB_TOKEN" >&2; exit 1"#)
        let settings = RunSettings(
            command: [provider.folder + "/provider"], directory: provider.folder,
            environment: ["GITHUB_TOKEN": Self.token],
            timeoutSeconds: 5)
        let results = await Scheduler.run(try provider.plan([ProviderFixture.regressionCase("a")]), settings: settings)
        let result = try #require(results.first)
        #expect(result.failure?.stderrTail == "err ***")
        let passing = try ProviderFixture(script: #"cat > /dev/null; echo "pro-rata $GITHUB_TOKEN""#)
        let again = RunSettings(
            command: [passing.folder + "/provider"], directory: passing.folder,
            environment: ["GITHUB_TOKEN": Self.token],
            timeoutSeconds: 5)
        let output = await Scheduler.run(try passing.plan([ProviderFixture.regressionCase("a")]), settings: again)
            .first?.output
        #expect(output == "pro-rata ***")
    }

    @Test func execEvaluatorOutputIsRedacted() async throws {
        let provider = try ProviderFixture(script: "cat > /dev/null; echo pro-rata")
        let evaluator = provider.folder + "/evaluator"
        try Data("#!/bin/sh\ncat > /dev/null; echo '{\"pass\": false, \"reason\": \"saw \(Self.token)\"}'\n".utf8)
            .write(to: URL(fileURLWithPath: evaluator))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: evaluator)
        let settings = RunSettings(
            command: [provider.folder + "/provider"], directory: provider.folder, timeoutSeconds: 5,
            redaction: SecretRedaction(environment: ["GITLAB_TOKEN": Self.token]))
        let spec: JSONValue = .object(["type": .string("exec"), "value": .array([.string(evaluator)])])
        let planned = try provider.plan([ProviderFixture.regressionCase("a", assertions: [spec])])
        let result = try #require(await Scheduler.run(planned, settings: settings).first)
        #expect(result.assertions.first?.message == "saw ***")
    }

    @Test func providerAnswerOutOfRangeIsErroredNotATrap() async throws {
        let provider = try ProviderFixture(
            script: #"cat > /dev/null; echo '{"output": "pro-rata", "latency_ms": 1e300}'"#)
        let result = try #require(try await provider.run([ProviderFixture.regressionCase("a")]).first)
        #expect(result.status == .errored)
        #expect(result.failure?.reason.contains("latency_ms") == true)
    }
}
