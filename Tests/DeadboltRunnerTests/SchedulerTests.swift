import DeadboltCore
import DeadboltRunner
import Foundation
import TestSupport
import Testing

@Suite struct SchedulerTests {
    @Test func passingAndFailingAnswersAreTold() async throws {
        let provider = try ProviderFixture(script: #"cat > /dev/null; echo "Annual plans are refunded pro-rata.""#)
        let results = try await provider.run([
            ProviderFixture.regressionCase("a"),
            ProviderFixture.regressionCase("b", expected: "full refund"),
        ])
        #expect(results.map(\.status) == [.passed, .failed])
        #expect(results[1].assertions.first?.pass == false)
        #expect(results[1].assertions.first?.message.contains("full refund") == true)
        #expect(results[0].output == "Annual plans are refunded pro-rata.")
    }

    @Test func providerReceivesTheRequestOfTheContract() async throws {
        let provider = try ProviderFixture(script: "cat")
        let results = try await provider.run([ProviderFixture.regressionCase("a", expected: "refund?")])
        let request = try JSONValue.parse(try #require(results.first?.output))
        #expect(request["case"]?["id"] == .string("a"))
        #expect(request["case"]?["input"] == .object(["question": .string("refund?")]))
        #expect(request["case"]?["tags"] == .object([:]))
        #expect(request["dataset"] == .string("refund_policy_regressions"))
        #expect(request["prompts"] == .object(["prompts/refund.md": .string("abc123")]))
        #expect(request["revision"] == .string("deadbeef"))
    }

    @Test func jsonAnswerGivesOutputModelLatencyAndCost() async throws {
        let provider = try ProviderFixture(
            script:
                #"cat > /dev/null; echo '{"output": "pro-rata it is", "model": "m-1", "#
                + #""latency_ms": 12, "cost": 0.0004}'"#
        )
        let result = try #require(try await provider.run([ProviderFixture.regressionCase("a")]).first)
        #expect(result.status == .passed)
        #expect(result.output == "pro-rata it is")
        #expect(result.model == "m-1")
        #expect(result.latencyMs == 12)
        #expect(result.cost == 0.0004)
    }

    @Test func nonZeroExitIsErroredWithStderrTail() async throws {
        let provider = try ProviderFixture(script: "cat > /dev/null; echo 'model quota exceeded' >&2; exit 3")
        let result = try #require(try await provider.run([ProviderFixture.regressionCase("a")]).first)
        #expect(result.status == .errored)
        #expect(result.failure?.exitCode == 3)
        #expect(result.failure?.reason == "the provider exited with code 3")
        #expect(result.failure?.stderrTail == "model quota exceeded")
    }

    @Test func hangingProviderTimesOut() async throws {
        let provider = try ProviderFixture(script: "sleep 30")
        let result = try #require(try await provider.run([ProviderFixture.regressionCase("a")], timeout: 0.5).first)
        #expect(result.status == .errored)
        #expect(result.failure?.timedOut == true)
        #expect(result.failure?.reason.contains("timed out after 0.5 s") == true)
        // Measured on the job's own thread: the provider was stopped long before its 30 s sleep.
        #expect(result.durationMs < 10_000)
    }

    @Test func hugeOutputIsCutAndErrored() async throws {
        let provider = try ProviderFixture(script: "cat > /dev/null; head -c 100000000 /dev/zero | tr '\\0' 'x'")
        let result = try #require(
            try await provider.run([ProviderFixture.regressionCase("a")], timeout: 30, outputLimit: 1024 * 1024).first)
        #expect(result.status == .errored)
        #expect(result.failure?.reason.contains("printed more than 1 MiB") == true)
    }

    @Test func invalidUTF8IsShownWithANote() async throws {
        let provider = try ProviderFixture(script: #"cat > /dev/null; printf 'pro-rata \377\376 end'"#)
        let result = try #require(try await provider.run([ProviderFixture.regressionCase("a")]).first)
        #expect(result.status == .passed)
        #expect(result.output?.contains("\u{FFFD}") == true)
        #expect(result.notes.first?.contains("not valid UTF-8") == true)
    }

    @Test func signalIsErrored() async throws {
        let provider = try ProviderFixture(script: "cat > /dev/null; kill -9 $$")
        let result = try #require(try await provider.run([ProviderFixture.regressionCase("a")]).first)
        #expect(result.status == .errored)
        #expect(result.failure?.signal == 9)
    }

    @Test func providerThatIgnoresItsInputStillWorks() async throws {
        let provider = try ProviderFixture(script: "echo pro-rata")
        let big = JSONValue.object(["blob": .string(String(repeating: "y", count: 1_000_000))])
        let result = try #require(try await provider.run([ProviderFixture.regressionCase("a", input: big)]).first)
        #expect(result.status == .passed)
    }

    @Test func caseDataNeverReachesAShell() async throws {
        let marker = try TemporaryFolder.make(prefix: "owned") + "/owned"
        let provider = try ProviderFixture(script: #"input=$(cat); printf '%s' "$input""#)
        let hostile = JSONValue.object(["question": .string("$(touch \(marker)); `touch \(marker)`; rm -rf ~ ; echo")])
        let result = try #require(
            try await provider.run([ProviderFixture.regressionCase("a", input: hostile, expected: "touch")]).first)
        #expect(result.status == .passed)
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test func repeatRevealsFlakyCases() async throws {
        let provider = try ProviderFixture(
            script: """
                cat > /dev/null
                n=$(cat count 2>/dev/null || echo 0); n=$((n + 1)); echo $n > count
                if [ $((n % 2)) -eq 0 ]; then echo pro-rata; else echo nope; fi
                """)
        let result = try #require(
            try await provider.run([ProviderFixture.regressionCase("a")], jobs: 1, repeatCount: 4).first)
        #expect(result.status == .flaky)
        #expect(result.runs == [.failed, .passed, .failed, .passed])
    }

    @Test func jobsRunCasesAtTheSameTime() async throws {
        // Each run marks itself as running, waits for a second one to show up (for at most
        // five seconds), and answers how many it saw: with jobs 4 they overlap.
        let provider = try ProviderFixture(
            script: """
                cat > /dev/null
                touch running.$$
                i=0
                while [ "$(ls running.* | wc -l)" -lt 2 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
                echo "pro-rata seen $(ls running.* | wc -l)"
                sleep 0.2
                rm -f running.$$
                """)
        let results = try await provider.run(
            (0..<8).map { ProviderFixture.regressionCase("c\($0)") }, timeout: 20, jobs: 4)
        #expect(results.map(\.caseID) == (0..<8).map { "c\($0)" })
        #expect(results.allSatisfy { $0.status == .passed })
        let seen = results.compactMap { $0.output?.split(separator: " ").last.flatMap { Int($0) } }
        #expect(seen.count == 8)
        // Some ran together; never more than four at once. (The last one may run alone.)
        #expect((seen.max() ?? 0) >= 2)
        #expect(seen.allSatisfy { $0 <= 4 })
    }

    @Test func missingProgramCannotStart() {
        #expect(throws: ProcessStartError.self) { try ExecutableLookup.resolve("bin/nope", in: "/tmp") }
        #expect(throws: ProcessStartError.self) {
            try ExecutableLookup.resolve("definitely-not-a-program-xyz", in: "/tmp")
        }
        #expect((try? ExecutableLookup.resolve("sh", in: "/tmp")) != nil)
    }

    @Test func execAssertionRunsTheEvaluator() async throws {
        let provider = try ProviderFixture(script: "cat > /dev/null; echo pro-rata")
        let judge = provider.folder + "/judge"
        let judgeScript =
            "#!/bin/sh\ngrep -q pro-rata && echo '{\"pass\": true, \"score\": 1, \"reason\": \"mentions pro-rata\"}' "
            + "|| echo '{\"pass\": false, \"reason\": \"no\"}'\n"
        try Data(judgeScript.utf8).write(to: URL(fileURLWithPath: judge))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: judge)
        let spec: JSONValue = .object(["type": .string("exec"), "command": .array([.string(judge)])])
        let result = try #require(
            try await provider.run([ProviderFixture.regressionCase("a", assertions: [spec])]).first)
        #expect(result.status == .passed)
        #expect(result.assertions.first?.message == "mentions pro-rata")
    }
}
