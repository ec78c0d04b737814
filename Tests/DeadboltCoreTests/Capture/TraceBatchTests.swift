import DeadboltCore
import Foundation
import TestSupport
import Testing

/// Exports of many traces (variants of a real one, see ``RealTraceVariants``), read in two passes:
/// the filters pick traces in the first, the second holds only the traces picked.
@Suite struct TraceBatchTests {
    /// Trace `n` asks "question n"; even traces are enterprise, odd ones free; `complaints` carry
    /// `app.outcome=complaint`, the rest `ok`.
    static func export(_ count: Int, complaints: Set<Int>) throws -> TraceBytes {
        var lines: [String] = []
        for number in 1...count {
            lines.append(
                try RealTraceVariants.line(
                    number: number, question: "Question \(number) about my annual plan?",
                    tier: number % 2 == 0 ? "enterprise" : "free",
                    outcome: complaints.contains(number) ? "complaint" : "ok"))
        }
        return TraceBytes(Array(lines.joined(separator: "\n").utf8), path: "traces/export.jsonl")
    }

    static func records(_ items: [TraceBatch.Item]) -> [TraceRecord] {
        items.compactMap { item in
            if case .record(let record, _) = item { return record }
            return nil
        }
    }

    @Test func filtersTakeTheTracesThatCarryEveryTag() throws {
        let source = try Self.export(6, complaints: [1, 2, 4])
        var items: [TraceBatch.Item] = []
        let summary = try TraceBatch.read(
            [source],
            filters: [TraceFilter(key: "outcome", value: "complaint"), TraceFilter("customer_tier=enterprise")!]
        ) { item throws(InputError) in items.append(item) }
        let records = Self.records(items)
        #expect(records.map(\.traceID) == [RealTraceVariants.traceID(2), RealTraceVariants.traceID(4)])
        #expect(
            records.map { $0.input["question"] } == [
                .string("Question 2 about my annual plan?"), .string("Question 4 about my annual plan?"),
            ])
        #expect(records.first?.model == "gpt-4o-mini-2024-07-18")
        #expect(records.first?.metadata["outcome"] == "complaint")
        #expect(summary.traces == 6)
        #expect(summary.taken == 2)
    }

    @Test func theAttributesOwnNameMatchesToo() throws {
        var items: [TraceBatch.Item] = []
        _ = try TraceBatch.read([try Self.export(3, complaints: [3])], filters: [TraceFilter("app.outcome=complaint")!])
        {
            item throws(InputError) in items.append(item)
        }
        #expect(Self.records(items).map(\.traceID) == [RealTraceVariants.traceID(3)])
    }

    @Test func withoutFiltersEveryTraceWithACallIsTakenInOrderWhateverTheWave() throws {
        let source = try Self.export(7, complaints: [])
        for wave in [1, 3, 500] {
            var items: [TraceBatch.Item] = []
            let summary = try TraceBatch.read([source], filters: [], wave: wave) { item throws(InputError) in
                items.append(item)
            }
            #expect(Self.records(items).map(\.traceID) == (1...7).map(RealTraceVariants.traceID), "wave \(wave)")
            #expect(summary.taken == 7)
        }
    }

    @Test func aTakenTraceWithoutContentIsReportedWithTheHint() throws {
        let text = try RealTraceVariants.fixture("otel-openai-v2-default.traces.json")
        var items: [TraceBatch.Item] = []
        _ = try TraceBatch.read(
            [TraceBytes(Array(text.utf8), path: "traces/default.json")],
            filters: [TraceFilter("customer_tier=enterprise")!]
        ) { item throws(InputError) in items.append(item) }
        guard case .unreadable(let trace, let path, let reason)? = items.first, items.count == 1 else {
            Issue.record("expected one unreadable trace, got \(items)")
            return
        }
        #expect(trace?.count == 32)
        #expect(path == "traces/default.json")
        #expect(reason.contains("SPAN_ONLY"), "\(reason)")
    }

    @Test func jsonLinesOfOtherFormatsAreATraceALine() throws {
        let lines = (1...3).map { number in
            JSONValue.object([
                "trace_id": .string("t\(number)"), "input": .string("q\(number)"), "output": .string("a"),
                "metadata": .object(["outcome": .string(number == 2 ? "thumbs_down" : "ok")]),
            ]).compactText()
        }
        let source = TraceBytes(Array((lines.joined(separator: "\n") + "\n").utf8), path: "traces/plain.jsonl")
        var items: [TraceBatch.Item] = []
        let summary = try TraceBatch.read([source], filters: [TraceFilter("outcome=thumbs_down")!]) {
            item throws(InputError) in items.append(item)
        }
        #expect(Self.records(items).map(\.traceID) == ["t2"])
        #expect(summary.traces == 3)
        #expect(summary.tagsSeen.contains("outcome"))
    }

    @Test func oneCaptureFromAManyTraceExportListsTheFirstTenCalls() throws {
        let source = try Self.export(12, complaints: [])
        let error = try #require(throws: InputError.self) { try TraceReader.read(sources: [source]) }
        #expect(error.message.hasPrefix("holds 12 model calls: "), "\(error.message)")
        #expect(error.message.hasSuffix(" and 2 more"), "\(error.message)")
        #expect(error.message.contains("\u{201C}Question 10 about my annual plan?\u{201D}"))
        #expect(!error.message.contains("Question 11"))
        #expect(error.hint?.contains("--where") == true)
    }

    @Test func spanPicksOneCallOutOfAManyTraceExport() throws {
        let source = try Self.export(5, complaints: [])
        // Every variant keeps the fixture's span ids, so the first trace holding the id is read.
        let chat = try JSONValue.parse(RealTraceVariants.line(number: 1, question: "x", tier: "free", outcome: nil))
        let spanID = try #require(
            chat["resourceSpans"]?.arrayValue?.first?["scopeSpans"]?.arrayValue?.flatMap {
                $0["spans"]?.arrayValue ?? []
            }
            .first { $0["name"]?.stringValue?.hasPrefix("chat") == true }?["spanId"]?.stringValue)
        let record = try TraceReader.read(sources: [source], spanID: spanID)
        #expect(record.traceID == RealTraceVariants.traceID(1))
        #expect(record.spanID == spanID)
        let missing = try #require(throws: InputError.self) {
            try TraceReader.read(sources: [source], spanID: "0000000000000000")
        }
        #expect(missing.message == "has no span with id `0000000000000000`")
        // The calls it lists come in file order, the same every run.
        let hint = try #require(missing.hint)
        let positions = (1...5).compactMap { hint.range(of: "Question \($0) about")?.lowerBound }
        #expect(positions.count == 5 && positions == positions.sorted(), "\(hint)")
    }

    @Test func aPrettyDocumentIsReadWholeAndAnEmptyFileIsRefused() throws {
        let pretty = try RealTraceVariants.fixture("otel-openai-v2-span-only.json")
        let record = try TraceReader.read(sources: [TraceBytes(Array(pretty.utf8), path: "a.json")])
        #expect(record.traceID == RealTraceVariants.originalTraceID)
        let empty = try #require(throws: InputError.self) {
            try TraceReader.read(sources: [TraceBytes(Array("\n \n".utf8), path: "empty.json")])
        }
        #expect(empty.message.hasPrefix("is not valid JSON"), "\(empty.message)")
    }
}
