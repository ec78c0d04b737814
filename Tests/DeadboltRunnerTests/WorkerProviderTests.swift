import DeadboltCore
import DeadboltRunner
import Foundation
import TestSupport
import Testing

/// `protocol: jsonl`: one long-lived worker per job, and what happens when one misbehaves.
@Suite struct WorkerProviderTests {
    @Test func oneWorkerPerJobAnswersEveryCase() throws {
        let worker = try WorkerFixture()
        let ids = (0..<60).map { "case-\($0)" }
        let results = try worker.run(ids, jobs: 2)
        #expect(results.map(\.status) == Array(repeating: .passed, count: ids.count))
        for (id, result) in zip(ids, results) {
            #expect(result.output?.hasPrefix("pro-rata \(id) pid=") == true, "\(result.output ?? "")")
        }
        let pids = Set(results.compactMap { WorkerFixture.pid(in: $0.output) })
        #expect(results.allSatisfy { WorkerFixture.pid(in: $0.output) != nil })
        #expect((1...2).contains(pids.count), "60 cases on 2 jobs were answered by \(pids.count) processes")
        for pid in pids { #expect(LeftoverProcessTests.dies(pid)) }
    }

    @Test func theRequestIsTheOnceRequestWithAnID() throws {
        let worker = try WorkerFixture(python: #"reply["output"] = "pro-rata " + line"#)
        let results = try worker.run(["a", "b"])
        let requests = try results.map { try JSONValue.parse(String(try #require($0.output).dropFirst(9))) }
        #expect(requests.map { $0["case"]?["id"] } == [.string("a"), .string("b")])
        #expect(requests[0]["dataset"] == .string("refund_policy_regressions"))
        #expect(requests[0]["prompts"] == .object(["prompts/refund.md": .string("abc123")]))
        #expect(requests[0]["revision"] == .string("deadbeef"))
        let ids = requests.compactMap { $0["id"]?.stringValue }
        #expect(ids.count == 2 && Set(ids).count == 2)
    }

    @Test func aModelLatencyAndCostAreRead() throws {
        let worker = try WorkerFixture(
            python: """
                reply.update(model="m-1", latency_ms=7, cost=0.001)
                reply["usage"] = {"prompt_tokens": 3, "completion_tokens": 4}
                """)
        let result = try #require(try worker.run(["a"]).first)
        #expect(result.status == .passed)
        #expect(result.model == "m-1")
        #expect(result.latencyMs == 7)
        #expect(result.cost == 0.001)
        #expect(result.usage == TokenUsage(prompt: 3, completion: 4))
    }

    @Test func aCrashFailsOnlyTheCaseInFlight() throws {
        let worker = try WorkerFixture(
            python: """
                if case == "b":
                    print("boom on b", file=sys.stderr, flush=True)
                    sys.exit(3)
                """)
        let results = try worker.run(["a", "b", "c", "d"])
        #expect(results.map(\.status) == [.passed, .errored, .passed, .passed])
        let failure = try #require(results[1].failure)
        #expect(failure.exitCode == 3)
        #expect(failure.reason.contains("the worker exited with code 3 before answering"), "\(failure.reason)")
        #expect(failure.reason.contains("a new one starts for the next case"))
        #expect(failure.stderrTail == "boom on b")
        let pids = results.map { WorkerFixture.pid(in: $0.output) }
        #expect(pids[0] != nil && pids[2] != nil && pids[0] != pids[2])
        #expect(pids[2] == pids[3])
    }

    @Test func aSignalIsNamed() throws {
        let worker = try WorkerFixture(python: #"if case == "b": os.kill(os.getpid(), 11)"#)
        let results = try worker.run(["a", "b", "c"])
        #expect(results.map(\.status) == [.passed, .errored, .passed])
        #expect(results[1].failure?.signal == 11)
        #expect(results[1].failure?.reason.contains("signal 11 (SIGSEGV: it crashed) before answering") == true)
    }

    @Test func aHangIsStoppedAtTheTimeoutAndTheNextCasePasses() throws {
        let worker = try WorkerFixture(
            python: """
                if case == "b":
                    open("hung.pid", "w").write(str(os.getpid()))
                    time.sleep(60)
                """)
        // Long enough that a worker starting on a busy CI machine answers "a" in time.
        let results = try worker.run(["a", "b", "c"], timeout: 4)
        #expect(results.map(\.status) == [.passed, .errored, .passed])
        let failure = try #require(results[1].failure)
        #expect(failure.timedOut)
        #expect(failure.reason.contains("the worker timed out after 4 s and was stopped"), "\(failure.reason)")
        #expect(results[1].durationMs < 10_000)
        let hung = try LeftoverProcessTests.pid(in: worker.folder + "/hung.pid")
        #expect(!LeftoverProcessTests.isAlive(hung))
        #expect(WorkerFixture.pid(in: results[2].output) != hung)
    }

    @Test func aWrongIDGarbageOrNoOutputIsErroredAndTheWorkerReplaced() throws {
        let worker = try WorkerFixture(
            python: """
                if case == "b":
                    reply["id"] = "nope"
                if case == "c":
                    sys.stdout.write("loading weights...\\n")
                    sys.stdout.flush()
                    continue
                if case == "d":
                    reply = {"id": request["id"], "answer": "pro-rata"}
                """)
        let results = try worker.run(["a", "b", "c", "d", "e"])
        #expect(results.map(\.status) == [.passed, .errored, .errored, .errored, .passed])
        let reasons = results.map { $0.failure?.reason ?? "" }
        #expect(
            reasons[1].contains(#"the worker answered request "nope", but the request in flight was"#), "\(reasons[1])")
        #expect(reasons[2].contains(#"answer line is not JSON"#), "\(reasons[2])")
        #expect(reasons[2].contains(#""loading weights...""#))
        #expect(reasons[3].contains("has no `output`"), "\(reasons[3])")
        for reason in reasons[1...3] { #expect(reason.contains("so it was stopped")) }
        #expect(WorkerFixture.pid(in: results[0].output) != WorkerFixture.pid(in: results[4].output))
    }

    @Test func anErrorAnswerFailsTheCaseAndKeepsTheWorker() throws {
        let worker = try WorkerFixture(
            python: """
                if case == "b":
                    print("Traceback (most recent call last):\\nValueError: no refunds", file=sys.stderr, flush=True)
                    reply = {"id": request["id"], "error": "ValueError: no refunds"}
                """)
        let results = try worker.run(["a", "b", "c"])
        #expect(results.map(\.status) == [.passed, .errored, .passed])
        #expect(results[1].failure?.reason == "the worker could not answer: ValueError: no refunds")
        #expect(results[1].failure?.stderrTail.contains("Traceback") == true)
        #expect(WorkerFixture.pid(in: results[0].output) == WorkerFixture.pid(in: results[2].output))
    }

    @Test func outputAfterAnAnswerReplacesTheWorkerWithANote() throws {
        let worker = try WorkerFixture(
            python: """
                if case == "a":
                    sys.stdout.write(json.dumps(reply) + "\\nextra\\n")
                    sys.stdout.flush()
                    continue
                """)
        let results = try worker.run(["a", "b"])
        #expect(results.map(\.status) == [.passed, .passed])
        #expect(results[1].notes.first?.contains(#"the worker printed "extra\n""#) == true, "\(results[1].notes)")
        #expect(WorkerFixture.pid(in: results[0].output) != WorkerFixture.pid(in: results[1].output))
    }

    @Test func aWorkerThatCannotStartErrorsEveryCaseQuickly() throws {
        let worker = try WorkerFixture(shell: "")
        try Data("#!/nonexistent/python9\n".utf8).write(to: URL(fileURLWithPath: worker.command[0]))
        let started = ContinuousClock.now
        let ids = (0..<30).map { "case-\($0)" }
        let results = try worker.run(ids, jobs: 2)
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(results.allSatisfy { $0.status == .errored })
        #expect(results[0].failure?.reason.contains("the worker cannot start") == true, "\(results[0].failure!)")
        let last = try #require(results.last?.failure?.reason)
        #expect(last.contains("the worker did not start properly: 3 in a row failed before answering once"), "\(last)")
        #expect(last.contains("No such file or directory"))
    }

    @Test func aWorkerThatExitsAtOnceIsStartedAtMostThreeTimesAJob() throws {
        let worker = try WorkerFixture(
            shell: "echo start >> starts.log; echo \"ModuleNotFoundError: No module named 'torch'\" >&2; exit 1")
        let started = ContinuousClock.now
        let results = try worker.run((0..<30).map { "case-\($0)" }, settings: worker.settings(jobs: 2))
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(results.allSatisfy { $0.status == .errored })
        let first = try #require(results.first?.failure)
        #expect(first.reason.hasPrefix("the worker exited with code 1 before answering"), "\(first.reason)")
        #expect(first.stderrTail.contains("No module named 'torch'"))
        let last = try #require(results.last?.failure)
        #expect(last.reason.contains("did not start properly"), "\(last.reason)")
        #expect(last.reason.contains("the worker exited with code 1 before answering"))
        #expect(last.stderrTail.contains("No module named 'torch'"))
        let starts = (try? String(contentsOfFile: worker.folder + "/starts.log", encoding: .utf8)) ?? ""
        #expect(starts.split(separator: "\n").count <= 6)
    }

    @Test func shutDownLeavesNothingRunning() throws {
        let worker = try WorkerFixture(
            setup: """
                import subprocess
                child = subprocess.Popen(["sleep", "100"])
                escaped = subprocess.Popen(["sleep", "100"], start_new_session=True)
                with open("pids", "a") as f:
                    f.write(f"{os.getpid()}\\n{child.pid}\\n{escaped.pid}\\n")
                """)
        let results = try worker.run(["a", "b", "c", "d"], jobs: 2)
        #expect(results.allSatisfy { $0.status == .passed })
        let pids = worker.pids(in: "pids")
        #expect(!pids.isEmpty && pids.count % 3 == 0)
        for pid in pids { #expect(LeftoverProcessTests.dies(pid), "process \(pid) outlived shutDown") }
    }

    @Test func aWorkerThatIgnoresTheEndOfInputIsKilled() throws {
        let worker = try WorkerFixture(
            setup: #"open("pids", "a").write(f"{os.getpid()}\n")"#, teardown: "time.sleep(100)")
        let started = ContinuousClock.now
        let results = try worker.run(["a", "b"])
        #expect(results.allSatisfy { $0.status == .passed })
        #expect(ContinuousClock.now - started < .seconds(20))
        for pid in worker.pids(in: "pids") { #expect(LeftoverProcessTests.dies(pid)) }
    }

    @Test func aChattyWorkerNeverBlocks() throws {
        let worker = try WorkerFixture(python: #"sys.stderr.write("x" * 300000); sys.stderr.flush()"#)
        let results = try worker.run(["a", "b", "c", "d"], timeout: 20)
        #expect(results.allSatisfy { $0.status == .passed })
        #expect(Set(results.map { WorkerFixture.pid(in: $0.output) }).count == 1)
    }

    @Test func aRequestLargerThanAPipeIsWrittenWhole() throws {
        let worker = try WorkerFixture(python: #"reply["output"] += f" bytes={len(line)}""#)
        let big = ProviderFixture.regressionCase(
            "big", input: .object(["question": .string(String(repeating: "q", count: 300_000))]))
        let result = try #require(try worker.run(cases: [big], settings: worker.settings()).first)
        #expect(result.status == .passed)
        let bytes = result.output?.components(separatedBy: "bytes=").last.flatMap { Int($0) } ?? 0
        #expect(bytes > 300_000)
    }

    @Test func anAnswerLineIsBounded() throws {
        let worker = try WorkerFixture(python: #"if case == "b": reply["output"] = "x" * 5000"#)
        let results = try worker.run(["a", "b", "c"], settings: worker.settings(outputLimit: 1024))
        #expect(results.map(\.status) == [.passed, .errored, .passed])
        #expect(results[1].failure?.reason.contains("answer line was longer than 1 KiB") == true)
    }

    @Test func tokensAreRedactedFromOutputAndStderr() throws {
        let token = TokenTests.token
        let worker = try WorkerFixture(
            python: """
                reply["output"] += " " + os.environ["GITHUB_TOKEN"]
                if case == "b":
                    print("err " + os.environ["GITHUB_TOKEN"], file=sys.stderr, flush=True)
                    sys.exit(1)
                """)
        let settings = worker.settings(environment: ["GITHUB_TOKEN": token])
        let results = try worker.run(["a", "b"], settings: settings)
        #expect(results[0].output?.hasSuffix(" ***") == true, "\(results[0].output ?? "")")
        #expect(results[1].failure?.stderrTail == "err ***")
    }

    @Test func theIdentityNamesTheProtocol() {
        let provider = WorkerProvider(settings: RunSettings(command: ["bin/worker"], directory: "/"))
        #expect(provider.identity["protocol"] == .string("jsonl"))
        #expect(provider.identity["command"] == .array([.string("bin/worker")]))
        #expect(CommandProvider(settings: provider.settings).identity["protocol"] == .string("once"))
        let resolved = RunSettings(command: ["/repo/bin/worker"], directory: "/repo")
        let configured = WorkerProvider(settings: resolved, configured: ["bin/worker"], fileIDs: ["bin/worker": "abc"])
        #expect(configured.identity["command"] == .array([.string("bin/worker")]))
        #expect(configured.identity["files"] == .object(["bin/worker": .string("abc")]))
    }
}
