import DeadboltCore
import Foundation
import TestSupport
import Testing

@Suite struct CaptureCommandTests {
    static func plainTrace(
        _ fixture: GitFixture, _ name: String, question: String, output: String = "No refunds on annual plans."
    ) throws -> String {
        let trace: JSONValue = .object([
            "trace_id": .string("4bf92f3577b34da6a3ce929d0e0e4736"),
            "input": .object(["question": .string(question), "plan": .string("enterprise"), "session": .string("s-1")]),
            "output": .string(output),
            "model": .string("gpt-4o"),
        ])
        let path = fixture.root + "/traces/" + name
        try fixture.write("traces/" + name, trace.compactText())
        return path
    }

    static func capture(_ fixture: GitFixture, trace: String, extra: [String] = []) throws -> ProcessResult {
        try deadbolt(
            [
                "capture", "--dataset", "refund_policy_regressions", "--trace", trace, "--bug",
                "https://tracker.example.com/BUG-142",
                "--expected", "pro-rata", "--keep", "question", "--keep", "plan", "--tag", "feature=refunds",
            ] + extra, in: fixture)
    }

    @Test func capturesAPassingCaseWithItsProvenance() throws {
        let fixture = try makePromptRepository()
        let trace = try Self.plainTrace(fixture, "t1.json", question: "Can I get a refund on my annual plan?")
        let result = try Self.capture(fixture, trace: trace)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("passes at HEAD: the fix is in"))
        let lines = try fixture.read("evals/regression/refund_policy_regressions/cases.jsonl").split(separator: "\n")
        try #require(lines.count == 4)
        let captured = try JSONValue.parse(String(lines[3]))
        #expect(
            captured["id"]?.stringValue?.range(of: #"^reg-\d{4}-\d{2}-\d{2}-[0-9a-f]{6}$"#, options: .regularExpression)
                != nil)
        #expect(
            captured["input"]
                == .object([
                    "question": .string("Can I get a refund on my annual plan?"), "plan": .string("enterprise"),
                ]))
        #expect(captured["expected_output"] == .string("pro-rata"))
        #expect(captured["bug_link"] == .string("https://tracker.example.com/BUG-142"))
        #expect(captured["trace_id"] == .string("4bf92f3577b34da6a3ce929d0e0e4736"))
        #expect(captured["shipped_output"] == .string("No refunds on annual plans."))
        #expect(captured["captured_by"] == .string("ana@example.com"))
        #expect(captured["model"] == .string("gpt-4o"))
        #expect(captured["prompt_version"] == .string(try fixture.git(["rev-parse", "HEAD:prompts/refund.md"])))
        #expect(captured["tags"] == .object(["feature": .string("refunds")]))
        #expect(captured["category"] == .string("prod-bug"))
    }

    @Test func joinsAnOTLPTracesExportWithItsLogsExport() throws {
        let fixture = try makePromptRepository()
        let real = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("DeadboltCoreTests/Capture/Fixtures/Traces/Real")
        for name in ["otel-openai-v2-2.3.traces.json", "otel-openai-v2-2.3.logs.json"] {
            try fixture.write("traces/" + name, String(contentsOf: real.appendingPathComponent(name), encoding: .utf8))
        }
        let spans = fixture.root + "/traces/otel-openai-v2-2.3.traces.json"
        let alone = try Self.capture(fixture, trace: spans, extra: ["--allow-failing"])
        #expect(alone.status == 2)
        #expect(alone.stderr.contains("pass the logs export as a second --trace"), "\(alone.stderr)")
        let result = try Self.capture(
            fixture, trace: spans,
            extra: ["--trace", fixture.root + "/traces/otel-openai-v2-2.3.logs.json", "--allow-failing"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let lines = try fixture.read("evals/regression/refund_policy_regressions/cases.jsonl").split(separator: "\n")
        let captured = try JSONValue.parse(String(try #require(lines.last)))
        #expect(
            captured["input"] == .object(["question": .string("Can I get a refund on my annual plan after 45 days?")]))
        #expect(captured["model"] == .string("gpt-4o-mini-2024-07-18"))
        #expect(captured["request_model"] == .string("gpt-4o-mini"))
        #expect(captured["shipped_output"] == .string("Yes, annual plans can be refunded at any time."))
        #expect(captured["trace_id"]?.stringValue?.count == 32)
        #expect(
            captured["tags"]
                == .object([
                    "feature": .string("refunds"), "intent": .string("refund_request"),
                    "customer_tier": .string("enterprise"), "user_id": .string("u_8812"), "session_id": .string("s_77"),
                ]))
    }

    @Test func readsTheMultipartBodiesTheLangSmithSDKPosts() throws {
        let fixture = try makePromptRepository()
        var paths: [String] = []
        for number in [1, 2] {
            let name = "langsmith-run.multipart.\(number).raw"
            let bytes = try Data(contentsOf: RealTraceVariants.folder.appendingPathComponent(name))
            try bytes.write(to: URL(fileURLWithPath: fixture.root + "/" + name))
            paths.append(fixture.root + "/" + name)
        }
        let result = try deadbolt(
            [
                "capture", "--dataset", "refund_policy_regressions", "--trace", paths[0], "--trace", paths[1],
                "--bug", "BUG-300", "--expected", "pro-rata",
            ], in: fixture)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let lines = try fixture.read("evals/regression/refund_policy_regressions/cases.jsonl").split(separator: "\n")
        let captured = try JSONValue.parse(String(try #require(lines.last)))
        #expect(captured["input"]?["question"] == .string("Can I get a refund on my annual plan after 45 days?"))
        #expect(captured["shipped_output"] == .string("Yes, annual plans can be refunded at any time."))
        #expect(captured["model"] == .string("gpt-4o-mini-2024-07-18"))
        // The first post alone holds the chain's start only: its input is read, with no output yet.
        try fixture.write("evals/regression/refund_policy_regressions/cases.jsonl", "")
        let alone = try deadbolt(
            [
                "capture", "--dataset", "refund_policy_regressions", "--trace", paths[0], "--bug", "BUG-301",
                "--expected", "pro-rata",
            ], in: fixture)
        #expect(alone.status == 0, "\(alone.stderr)")
        let first = try JSONValue.parse(try fixture.read("evals/regression/refund_policy_regressions/cases.jsonl"))
        #expect(first["input"]?["question"] == .string("Can I get a refund on my annual plan after 45 days?"))
        #expect(first["shipped_output"] == nil)
    }

    @Test func refusesATwinNamingIt() throws {
        let fixture = try makePromptRepository()
        let trace = try Self.plainTrace(fixture, "t1.json", question: "Annual refund?")
        try #require(try Self.capture(fixture, trace: trace).status == 0)
        let twin = try Self.capture(fixture, trace: trace)
        #expect(twin.status == 2)
        #expect(twin.stderr.contains("cases.jsonl:4"))
        #expect(twin.stderr.contains("already has this input"))
    }

    @Test func refusesAnAspirationalCaseUnlessAllowed() throws {
        let fixture = try makePromptRepository()
        try fixture.write("prompts/refund.md", "Annual plans are not refundable.\n")
        try fixture.commit("Bug still live")
        let trace = try Self.plainTrace(fixture, "t1.json", question: "Annual refund?")
        let refused = try Self.capture(fixture, trace: trace)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("the bug is still live"))
        #expect(
            !(try fixture.read("evals/regression/refund_policy_regressions/cases.jsonl")).contains("Annual refund?"))
        let allowed = try Self.capture(fixture, trace: trace, extra: ["--allow-failing"])
        #expect(allowed.status == 0)
        #expect(allowed.stdout.contains("fails at HEAD"))
    }

    @Test func missingFlagWithoutATerminalNamesIt() throws {
        let fixture = try makePromptRepository()
        let trace = try Self.plainTrace(fixture, "t1.json", question: "Q?")
        let result = try deadbolt(
            ["capture", "--dataset", "refund_policy_regressions", "--trace", trace, "--expected", "x"], in: fixture)
        #expect(result.status == 2)
        #expect(result.stderr.contains("missing --bug"))
    }

    @Test func keepsExistingBytesAddsTheFinalNewlineAndRefusesBrokenFiles() throws {
        let fixture = try makePromptRepository()
        let path = "evals/regression/refund_policy_regressions/cases.jsonl"
        let original = try fixture.read(path)
        let unterminated = String(original.dropLast())
        try fixture.write(path, unterminated)
        try #require(
            try Self.capture(fixture, trace: try Self.plainTrace(fixture, "t1.json", question: "Q1?")).status == 0)
        let after = try fixture.read(path)
        #expect(after.hasPrefix(unterminated + "\n"))
        #expect(after.hasSuffix("\n"))
        #expect(after.split(separator: "\n").count == 4)

        try fixture.write(path, after + "{not json\n")
        let broken = try fixture.read(path)
        let refused = try Self.capture(fixture, trace: try Self.plainTrace(fixture, "t2.json", question: "Q2?"))
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("cases.jsonl:5"))
        #expect(try fixture.read(path) == broken)
    }

    @Test func unknownDatasetAndUnreadableTraceExitTwo() throws {
        let fixture = try makePromptRepository()
        let unknown = try deadbolt(
            [
                "capture", "--dataset", "refund_policy_regresions", "--trace", "x.json", "--bug", "B-1", "--expected",
                "x",
            ], in: fixture)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("did you mean `refund_policy_regressions`?"))
        let missing = try deadbolt(
            [
                "capture", "--dataset", "refund_policy_regressions", "--trace", "nope.json", "--bug", "B-1",
                "--expected", "x",
            ], in: fixture)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nope.json"))
    }

    @Test func concurrentCapturesLoseNothing() throws {
        let fixture = try makePromptRepository()
        let processes = 8
        let perProcess = Int(ProcessInfo.processInfo.environment["DEADBOLT_CAPTURE_STRESS"] ?? "") ?? 40
        for p in 0..<processes {
            for i in 0..<perProcess {
                _ = try Self.plainTrace(fixture, "p\(p)-\(i).json", question: "question \(p)-\(i)?")
            }
        }
        let script = """
            for i in $(seq 0 \(perProcess - 1)); do
              "$DEADBOLT" capture --dataset refund_policy_regressions --trace "traces/p$1-$i.json" --bug BUG-1 \
                --expected pro-rata --keep question > /dev/null || exit 1
            done
            """
        try fixture.write("capture-loop.sh", script)
        var environment = fixture.environment()
        environment["DEADBOLT"] = DeadboltBinary.path
        let env = environment
        let group = DispatchGroup()
        let statuses = StatusBox()
        for p in 0..<processes {
            group.enter()
            DispatchQueue.global().async {
                let result = try? ProcessResult.run(
                    ["sh", "capture-loop.sh", "\(p)"], in: fixture.root, environment: env)
                statuses.add(result?.status ?? -1)
                group.leave()
            }
        }
        group.wait()
        #expect(statuses.all.allSatisfy { $0 == 0 })
        let lines = try fixture.read("evals/regression/refund_policy_regressions/cases.jsonl").split(
            separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "")
        let rows = lines.dropLast()
        #expect(rows.count == 3 + processes * perProcess)
        var questions = Set<String>()
        for row in rows {
            let value = try JSONValue.parse(String(row))
            if let question = value["input"]?["question"]?.stringValue { questions.insert(question) }
        }
        for p in 0..<processes {
            for i in 0..<perProcess { #expect(questions.contains("question \(p)-\(i)?")) }
        }
    }
}

final class StatusBox: @unchecked Sendable {
    private let lock = NSLock()
    private var statuses: [Int32] = []
    func add(_ status: Int32) {
        lock.lock()
        statuses.append(status)
        lock.unlock()
    }
    var all: [Int32] {
        lock.lock()
        defer { lock.unlock() }
        return statuses
    }
}
