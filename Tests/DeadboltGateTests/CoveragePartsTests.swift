import DeadboltCore
import Foundation
import TestSupport
import Testing

@testable import DeadboltGate

/// A JSON Lines export read in parts on several cores counts exactly what one pass counts, and an
/// error in a later part names its line in the whole file.
@Suite struct CoveragePartsTests {
    func write(_ text: String) throws -> String {
        let path = try TemporaryFolder.make(prefix: "coverage-parts") + "/rows.jsonl"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Rows over several slices, versions, days and outcomes, some with text; lines of varied length.
    static func rows(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let tiers = ["free", "pro", "team", "enterprise"]
        let outcomes = ["ok", "ok", "ok", "bad", "complaint", "error"]
        return (0..<count).map { index in
            let outcome = outcomes[Int.random(in: 0..<outcomes.count, using: &generator)]
            var fields = [
                #""trace_id":"t\#(index)""#, #""time":"\#(1_790_000_000 + index * 97)""#,
                #""feature":"f\#(index % 5)""#, #""plan_tier":"\#(tiers[index % 4])""#,
                #""prompt_version":"v\#(index / (count / 3 + 1))""#, #""outcome":"\#(outcome)""#,
            ]
            if outcome == "complaint" { fields.append(#""comment":"ignored contract terms \#(index % 3)""#) }
            if index % 7 == 0 { fields.append(#""note":"\#(String(repeating: "x", count: index % 300))""#) }
            return "{" + fields.joined(separator: ",") + "}"
        }.joined(separator: "\n") + "\n"
    }

    @Test func partsLineUpWithOnePass() throws {
        let path = try write(Self.rows(3_000))
        let file = try TraceFile(path: path, chunkSize: 4_096)
        var whole: [String] = []
        try file.forEachLine { line, number throws(InputError) in
            whole.append("\(number):" + String(decoding: line, as: UTF8.self))
            return true
        }
        for count in [2, 3, 4, 7] {
            let parts = try file.lineParts(count, minimum: 0)
            #expect(parts.count == count)
            var joined: [String] = []
            for part in parts {
                try part.forEachLine { line, number throws(InputError) in
                    joined.append("\(number):" + String(decoding: line, as: UTF8.self))
                    return true
                }
            }
            #expect(joined == whole, "\(count) parts")
        }
        #expect(try file.lineParts(4).count == 1, "a small file is one part")
    }

    @Test func partsCountWhatOnePassCounts() throws {
        let path = try write(Self.rows(6_000))
        let config = CoverageConfig()
        let mapping = RowMapping(config: config)
        var one = CoverageTally(config: config, sinceMs: 1_790_000_000_000 + 1_000_000)
        try CoverageRun.jsonLines(try TraceFile(path: path), mapping: mapping, into: &one, parts: 1, minimum: 0)
        var four = CoverageTally(config: config, sinceMs: 1_790_000_000_000 + 1_000_000)
        try CoverageRun.jsonLines(try TraceFile(path: path), mapping: mapping, into: &four, parts: 4, minimum: 0)
        #expect(one.rows == 6_000 && four.rows == 6_000)
        #expect(four.outside == one.outside && four.outside > 0)
        #expect(four.firstMs == one.firstMs && four.lastMs == one.lastMs)
        #expect(four.dayBuckets == one.dayBuckets)
        #expect(four.slices.keys.sorted { "\($0)" < "\($1)" } == one.slices.keys.sorted { "\($0)" < "\($1)" })
        for (keys, counts) in one.slices {
            #expect(four.slices[keys] == counts, "slice \(keys)")
        }
    }

    @Test func anErrorInALaterPartNamesItsLineInTheFile() throws {
        var lines = Self.rows(4_000).split(separator: "\n").map(String.init)
        lines[3_211] = "{not json"
        lines[3_500] = "[1]"
        let path = try write(lines.joined(separator: "\n") + "\n")
        var tally = CoverageTally(config: CoverageConfig())
        let error = try #require(throws: InputError.self) {
            try CoverageRun.jsonLines(
                try TraceFile(path: path), mapping: RowMapping(config: CoverageConfig()), into: &tally, parts: 4,
                minimum: 0)
        }
        #expect(error.line == 3_212, "\(error)")
        #expect(error.message.hasPrefix("line 3212 is not JSON"), "\(error.message)")
    }
}
