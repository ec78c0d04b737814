import Foundation
import TestSupport
import Testing

@testable import DeadboltCore

/// The byte scan that lets a big export's irrelevant lines go unparsed, and what it must not miss.
@Suite struct TraceLineScanTests {
    static func ids(_ text: String) -> [String] {
        var found: [String] = []
        let bytes = Array(text.utf8)
        TraceLineScan.traceIDs(in: bytes[...]) { found.append(String(decoding: $0, as: UTF8.self)) }
        return found
    }

    @Test func traceIDsAreFoundHoweverTheyAreSpaced() {
        #expect(Self.ids(#"{"traceId":"ab","x":{"traceId" : "cd"},"traceIdx":"no","traceId":5}"#) == ["ab", "cd"])
        #expect(Self.ids(#"{"traceId": "#).isEmpty)
        #expect(Self.ids(#"{"traceId": "unterminated"#).isEmpty)
        #expect(Self.ids("").isEmpty)
    }

    @Test func findIsASubstringSearch() {
        let line = Array("abcabcabd".utf8)
        #expect(TraceLineScan.find(Array("abd".utf8), in: line[...]) == 6)
        #expect(TraceLineScan.find(Array("abc".utf8), in: line[3...]) == 3)
        #expect(TraceLineScan.find(Array("abcabcabdx".utf8), in: line[...]) == nil)
        #expect(TraceLineScan.find([], in: line[...]) == nil)
        #expect(TraceLineScan.find(Array("d".utf8), in: line[...]) == 8)
        #expect(!TraceLineScan.contains(Array("d".utf8), in: line[0..<8]))
    }

    @Test func onlyValuesWrittenOneWayAreLookedForAsBytes() {
        #expect(TraceLineScan.needle("complaint") == Array("complaint".utf8))
        #expect(TraceLineScan.needle("42") != nil)
        #expect(TraceLineScan.needle("0.5") == nil)
        #expect(TraceLineScan.needle("say \"no\"") == nil)
        #expect(TraceLineScan.needle("entreprise é") == nil)
        #expect(TraceLineScan.needle("") == nil)
    }

    /// 60 traces a line each, so most lines are past the sampled ones and go unparsed.
    static func export(_ count: Int, outcome: (Int) -> String?) throws -> TraceBytes {
        let lines = try (1...count).map { number in
            try RealTraceVariants.line(
                number: number, question: "Question \(number)?", tier: "free", outcome: outcome(number))
        }
        return TraceBytes(Array(lines.joined(separator: "\n").utf8), path: "export.jsonl")
    }

    @Test func skippedLinesStillCountTheirTracesAndNothingWantedIsMissed() throws {
        let source = try Self.export(60) { [5, 41, 57].contains($0) ? "complaint" : "ok" }
        var traces: [String?] = []
        let summary = try TraceBatch.read([source], filters: [TraceFilter("outcome=complaint")!]) {
            item throws(InputError) in
            if case .record(let record, _) = item { traces.append(record.traceID) }
        }
        #expect(traces == [5, 41, 57].map(RealTraceVariants.traceID))
        #expect(summary.traces == 60)
        #expect(summary.taken == 3)
    }

    @Test func aKeyFirstSeenInASkippedLineIsSeen() throws {
        let source = try Self.export(30) { $0 > 25 ? "ok" : nil }
        let summary = try TraceBatch.read([source], filters: [TraceFilter("outcome=complaint")!]) {
            _ throws(InputError) in
        }
        #expect(summary.taken == 0)
        #expect(summary.tagsSeen.contains("outcome"))
        #expect(summary.traces == 30)
    }
}
