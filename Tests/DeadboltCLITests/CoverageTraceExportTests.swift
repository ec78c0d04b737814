import DeadboltCore
import Foundation
import TestSupport
import Testing

/// `deadbolt coverage` over trace exports as the real libraries write them: each trace's time and
/// whether it failed come from the export itself.
@Suite struct CoverageTraceExportTests {
    static let traces = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("DeadboltCoreTests/Capture/Fixtures/Traces")

    static func fixture(_ name: String) throws -> String {
        try String(contentsOf: traces.appendingPathComponent(name), encoding: .utf8)
    }

    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func text(_ value: Any) throws -> String {
        try String(decoding: JSONSerialization.data(withJSONObject: value), as: UTF8.self)
    }

    /// Every OTLP span's start, in milliseconds.
    static func otlpStarts(_ text: String) throws -> Set<Int64> {
        var starts: Set<Int64> = []
        for resource in try object(text)["resourceSpans"] as? [[String: Any]] ?? [] {
            for scope in resource["scopeSpans"] as? [[String: Any]] ?? [] {
                for span in scope["spans"] as? [[String: Any]] ?? [] {
                    if let nanos = (span["startTimeUnixNano"] as? String).flatMap({ Int64($0) }) {
                        starts.insert(nanos / 1_000_000)
                    }
                }
            }
        }
        return starts
    }

    /// `2026-12-01T21:01:24.855288+00:00` in milliseconds, by Foundation's own reader.
    static func isoMilliseconds(_ text: String) throws -> Int64 {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let trimmed = text.replacingOccurrences(
            of: #"\.(\d{3})\d+"#, with: ".$1", options: .regularExpression)
        let date = try #require(formatter.date(from: trimmed), "\(text)")
        return Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    func coverage(_ fixture: GitFixture, _ name: String, _ content: String) throws -> JSONValue {
        try fixture.write("exports/" + name, content)
        let result = try expectDeadbolt(
            ["coverage", "--traces", fixture.root + "/exports/" + name, "--by", "customer_tier", "--format", "json"],
            in: fixture, exits: 0)
        return try JSONValue.parse(Array(result.stdout.utf8))
    }

    func window(_ report: JSONValue) throws -> (since: Int64, until: Int64) {
        let since = try #require(report["window"]?["since"]?.stringValue)
        let until = try #require(report["window"]?["until"]?.stringValue)
        return (try Self.isoMilliseconds(since), try Self.isoMilliseconds(until))
    }

    func bad(_ report: JSONValue) -> Double? {
        report["slices"]?.arrayValue?.compactMap { $0["production"]?["bad"]?.numberValue }.reduce(0, +)
    }

    @Test func otlpSpansCarryTheirStartAndAnErrorStatusIsBad() throws {
        let fixture = try makePromptRepository()
        for name in [
            "otel-openai-v2-span-only.json", "langfuse-otel.json", "openinference-openai.json",
            // Content capture off (the instrumentations' default): the call counts without its messages.
            "otel-openai-v2-2.3.traces.json",
            // Two calls in one trace: one trace.
            "otel-two-calls.json",
        ] {
            let text = try Self.fixture("Real/" + name)
            let report = try coverage(fixture, name, text)
            #expect(report["rows"]?.numberValue == 1, "\(name): one trace, one row")
            #expect(report["warnings"]?.arrayValue == [], "\(name)")
            #expect(report["undated"]?.numberValue == 0, "\(name): every trace has a time")
            let (since, until) = try window(report)
            #expect(since == until, "\(name): one trace")
            #expect(try Self.otlpStarts(text).contains(since), "\(name): the time is one of the spans' starts")
            #expect(bad(report) == 0, "\(name): nothing failed")
        }
        // The same export with the server span failed (status ERROR, as the SDK writes it).
        var document = try Self.object(try Self.fixture("Real/otel-openai-v2-span-only.json"))
        var resources = try #require(document["resourceSpans"] as? [[String: Any]])
        var scopes = try #require(resources[0]["scopeSpans"] as? [[String: Any]])
        var spans = try #require(scopes[0]["spans"] as? [[String: Any]])
        spans[spans.count - 1]["status"] = ["code": 2, "message": "upstream timeout"]
        scopes[0]["spans"] = spans
        resources[0]["scopeSpans"] = scopes
        document["resourceSpans"] = resources
        let failed = try coverage(fixture, "failed.json", try Self.text(document))
        #expect(bad(failed) == 1, "a span with status ERROR is a bad trace: \(failed)")
        #expect(failed["slices"]?.arrayValue?.first?["candidates"]?.arrayValue?.first?["outcome"] == .string("error"))
    }

    @Test func langSmithRunsCarryTheirStartAndAnErrorIsBad() throws {
        let fixture = try makePromptRepository()
        let text = try Self.fixture("Real/langsmith-run.json")
        let report = try coverage(fixture, "langsmith.json", text)
        #expect(report["undated"]?.numberValue == 0)
        let runs = try #require(try Self.object(text)["post"] as? [[String: Any]])
        let llm = try #require(runs.first { $0["run_type"] as? String == "llm" })
        #expect(try window(report).since == (try Self.isoMilliseconds(try #require(llm["start_time"] as? String))))
        #expect(bad(report) == 0)

        var document = try Self.object(text)
        var patched = try #require(document["patch"] as? [[String: Any]])
        patched[0]["error"] = "RateLimitError: 429"
        document["patch"] = patched
        let failed = try coverage(fixture, "langsmith-failed.json", try Self.text(document))
        #expect(bad(failed) == 1, "a run with an error is a bad trace: \(failed)")
    }

    @Test func langfuseObservationsCarryTheirStartAndAnErrorLevelIsBad() throws {
        let fixture = try makePromptRepository()
        let text = try Self.fixture("langfuse-trace.json")
        let report = try coverage(fixture, "langfuse.json", text)
        #expect(report["undated"]?.numberValue == 0)
        let observations = try #require(try Self.object(text)["observations"] as? [[String: Any]])
        let generation = try #require(observations.first { $0["type"] as? String == "GENERATION" })
        #expect(
            try window(report).since == (try Self.isoMilliseconds(try #require(generation["startTime"] as? String))))

        var document = try Self.object(text)
        var failing = observations
        let index = try #require(failing.firstIndex { $0["type"] as? String == "GENERATION" })
        failing[index]["level"] = "ERROR"
        document["observations"] = failing
        #expect(bad(try coverage(fixture, "langfuse-failed.json", try Self.text(document))) == 1)
        // An outcome the trace states wins over its status.
        var stated = document
        var metadata = stated["metadata"] as? [String: Any] ?? [:]
        metadata["outcome"] = "ok"
        stated["metadata"] = metadata
        #expect(bad(try coverage(fixture, "langfuse-ok.json", try Self.text(stated))) == 0)
    }

    @Test func aTraceTimeThatIsNotATimeNamesTheFile() throws {
        let fixture = try makePromptRepository()
        var document = try Self.object(try Self.fixture("langfuse-trace.json"))
        var observations = try #require(document["observations"] as? [[String: Any]])
        for index in observations.indices { observations[index]["startTime"] = "yesterday" }
        document["observations"] = observations
        try fixture.write("exports/odd.json", try Self.text(document))
        try expectDeadbolt(
            ["coverage", "--traces", fixture.root + "/exports/odd.json"], in: fixture, exits: 2,
            stderr: ["odd.json", "`yesterday` is not a time"])
    }

    @Test func aTraceThatCannotBeCountedIsAWarningNotASilentGap() throws {
        let fixture = try makePromptRepository()
        try fixture.write(
            "exports/spans.json",
            #"{"data":[{"id":"o1","type":"SPAN","traceId":"t1"},{"id":"o2","type":"EVENT","traceId":"t1"}]}"# + "\n")
        try fixture.write("exports/ok.json", try Self.fixture("langfuse-trace.json"))
        let result = try expectDeadbolt(
            ["coverage", "--traces", fixture.root + "/exports", "--format", "json"], in: fixture, exits: 0)
        let report = try JSONValue.parse(Array(result.stdout.utf8))
        #expect(report["rows"]?.numberValue == 1)
        let warnings = report["warnings"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(
            warnings.count == 1 && warnings[0].hasPrefix("1 trace could not be read and is not counted"), "\(warnings)")
        #expect(warnings.first?.contains("spans.json") == true)
    }
}
