import DeadboltCore
import Foundation
import TestSupport
import Testing

/// `protocol: jsonl` through the real binary, with the example worker of `examples/providers`.
@Suite struct WorkerCommandTests {
    static let exampleWorker = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples/providers/jsonl_worker.py").path

    /// The prompt repository, answered by the example worker (committed as bin/worker.py).
    static func workerRepository(jobs: Int = 2) throws -> GitFixture {
        let fixture = try makePromptRepository()
        try fixture.write("bin/worker.py", try String(contentsOfFile: exampleWorker, encoding: .utf8))
        try fixture.write(
            "deadbolt.yml",
            """
            version: 1
            provider:
              command: ["python3", "bin/worker.py"]
              protocol: jsonl
              timeout: 10s
              jobs: \(jobs)

            """)
        try fixture.commit("Answer with a persistent worker")
        return fixture
    }

    @Test func runAnswersEveryCaseThroughTheExampleWorker() throws {
        let fixture = try Self.workerRepository()
        let result = try deadbolt(["run", "--all", "--format", "json"], in: fixture)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let results = try #require(try JSONValue.parse(result.stdout)["results"]?.arrayValue)
        #expect(results.count == 4)
        #expect(results.allSatisfy { $0["status"] == .string("passed") }, "\(result.stdout)")
        #expect(results.allSatisfy { $0["model"] == .string("prompt-echo") })
    }

    @Test func checkFailsAPromptEditThroughTheWorker() throws {
        let fixture = try Self.workerRepository()
        try fixture.write("prompts/refund.md", "Annual plans are not refundable.\n{{> prompts/partials/tone.md}}\n")
        try fixture.commit("Simplify refund wording")
        let result = try deadbolt(["check", "--base", "HEAD~1"], in: fixture)
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("FAIL  refund_policy_regressions / reg-2026-11-21-a1b2c3"))
        #expect(result.stdout.contains("PASS  refund_policy_regressions / reg-2026-11-21-d4e5f6"))
        #expect(result.stdout.contains("verdict: FAIL"))
    }

    @Test func anExceptionInAnswerErrorsThatCaseOnly() throws {
        let fixture = try Self.workerRepository(jobs: 1)
        let worker = try fixture.read("bin/worker.py")
        try fixture.write(
            "bin/worker.py",
            worker.replacingOccurrences(
                of: "    texts = []\n",
                with: """
                        if request["case"]["id"].endswith("d4e5f6"):
                            raise ValueError("no sign-off")
                        texts = []

                    """))
        let result = try deadbolt(["run", "--all", "--format", "json"], in: fixture)
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        let results = try #require(try JSONValue.parse(result.stdout)["results"]?.arrayValue)
        let statuses = Dictionary(
            uniqueKeysWithValues: results.compactMap { r in r["case"]?.stringValue.map { ($0, r["status"]) } })
        #expect(statuses["reg-2026-11-21-d4e5f6"] == .string("errored"))
        #expect(statuses.values.filter { $0 == .string("passed") }.count == 3)
        let errored = try #require(results.first { $0["status"] == .string("errored") })
        #expect(errored["error"]?["reason"] == .string("the worker could not answer: ValueError: no sign-off"))
        #expect(errored["error"]?["stderr_tail"]?.stringValue?.contains("Traceback") == true)
    }

    @Test func aWorkerThatCannotStartErrorsTheRunQuickly() throws {
        let fixture = try Self.workerRepository()
        try fixture.write("bin/worker.py", "import torch_that_is_not_installed\n")
        let started = ContinuousClock.now
        let result = try deadbolt(["run", "--all"], in: fixture)
        #expect(ContinuousClock.now - started < .seconds(20))
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("the worker exited with code 1 before answering"), "\(result.stdout)")
        #expect(result.stdout.contains("torch_that_is_not_installed"))
    }
}
