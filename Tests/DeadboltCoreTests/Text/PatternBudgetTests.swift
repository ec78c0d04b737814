import DeadboltCore
import Testing

/// Include patterns are matched within a budget of steps, so that one that backtracks without end
/// is refused, the same way on every machine, instead of holding a hook for minutes.
@Suite struct PatternBudgetTests {
    /// Two lazy repetitions of anything, then text the line almost has: at every position of the
    /// line the matcher splits each rest of it every way (cubic in the line's length).
    let costly = #"(.+?.+?)\)\)"#
    let line = String(repeating: "a)", count: 186)

    @Test func patternThatBacktracksWithoutEndIsRefusedWithinTheBudget() throws {
        let pattern = try #require(Pattern(costly))
        let error = #expect(throws: Pattern.TooCostly.self) {
            try pattern.firstGroups(in: Array(line.utf8), limits: .standard)
        }
        #expect(error?.reason == "takes the pattern more than 2000000 steps")
        #expect(error?.hint.contains("`[^)]+`") == true)
        // The same text with a pattern whose repetitions exclude each other is cheap.
        let cheap = try #require(Pattern(#"([^)]+)\)\)"#))
        #expect(try cheap.firstGroups(in: Array((line + ")").utf8), limits: Pattern.ScanLimits(steps: 50_000)) == ["a"])
    }

    @Test func theFuzzersFindingIsNoLongerCostly() throws {
        // `(.+?.+?)\)` over a 372-byte line took Swift's regex engine over a second; PCRE2 knows a
        // match needs a `)` after its start and stops at once where there is none.
        let pattern = try #require(Pattern(#"(.+?.+?)\)"#))
        let prose = String(String(repeating: "Refund (order ", count: 27).prefix(372))
        #expect(try pattern.firstGroups(in: Array(prose.utf8), limits: Pattern.ScanLimits(steps: 10_000)) == [])
        #expect(try pattern.firstGroups(in: Array((prose + ")").utf8), limits: .standard) == [prose])
    }

    @Test func budgetIsForTheWholeFileNotEachLine() throws {
        let pattern = try #require(Pattern(#"(?:inc|use): (\S+)"#))
        let lines = String(repeating: "no include here, only words\n", count: 200)
        let bytes = Array(lines.utf8)
        // Each line alone fits a small budget; two hundred of them do not.
        #expect(
            try pattern.firstGroups(in: Array("no include here\n".utf8), limits: Pattern.ScanLimits(steps: 500)) == [])
        #expect(throws: Pattern.TooCostly.self) {
            try pattern.firstGroups(in: bytes, limits: Pattern.ScanLimits(steps: 500))
        }
        #expect(try pattern.firstGroups(in: bytes, limits: .standard) == [])
    }

    @Test func patternWithALeadingLiteralIsBudgetedAcrossItsOccurrences() throws {
        let pattern = try #require(Pattern(#"\{\{>(.+?.+?)\}\}"#))
        #expect(pattern.leadingLiteral == "{{>")
        let prompt = String(repeating: "{{>" + String(repeating: "x}", count: 150), count: 40)
        #expect(throws: Pattern.TooCostly.self) {
            try pattern.firstGroups(in: Array(prompt.utf8), limits: .standard)
        }
    }

    @Test func ordinaryPromptNeedsAFractionOfTheBudget() throws {
        let pattern = try #require(Pattern(#"\{\{>\s*([^}\s]+)\s*\}\}"#))
        let prompt =
            String(repeating: "You are a support agent. Be brief and kind.\n", count: 250)
            + "{{> prompts/tone.md }}\n{{> prompts/policy.md}}\n"
        let limits = Pattern.ScanLimits(steps: Pattern.ScanLimits.standard.steps / 100)
        #expect(
            try pattern.firstGroups(in: Array(prompt.utf8), limits: limits) == ["prompts/tone.md", "prompts/policy.md"])
    }

    @Test func configRefusalAndScanRefusalNameWhatToDo() throws {
        let config = try ConfigParser.parse("version: 1\nincludes: ['\(costly)']\n")
        let tree = MemoryTree(["prompts/p.md": line + "\n"])
        let graph = IncludeGraph(tree: tree, config: config)
        let error = #expect(throws: InputError.self) { try graph.closure(of: "prompts/p.md") }
        #expect(error?.file == "prompts/p.md")
        #expect(error?.message.contains("takes the pattern more than 2000000 steps") == true)
        let invalid = #expect(throws: InputError.self) { try ConfigParser.parse("version: 1\nincludes: ['a(b']\n") }
        #expect(invalid?.message.contains("missing closing parenthesis") == true)
        #expect(invalid?.line == 2)
    }

    @Test func offsetsAreBytesOfTheFileEvenAroundBytesThatAreNotUTF8() throws {
        let pattern = try #require(Pattern(#"\{\{>\s*([^}\s]+)\s*\}\}"#))
        let bytes: [UInt8] = [0xFF, 0xC3] + Array("{{> part.md}}".utf8) + [0xFE]
        let spans = try pattern.spans(in: bytes, limits: .standard)
        #expect(spans.map(\.range) == [2..<15])
        #expect(spans.map(\.group) == ["part.md"])
        let byLine = try #require(Pattern(#"(?:inc) (\S+)"#))
        let lineSpans = try byLine.spans(in: [0xFF] + Array("x\ninc a.md".utf8), limits: .standard)
        #expect(lineSpans.map(\.range) == [3..<11])
        #expect(lineSpans.map(\.group) == ["a.md"])
    }

    @Test func classesAreUnicodeAndEmptyMatchesMoveOn() throws {
        let word = try #require(Pattern(#"@inc\((\w+)\)"#))
        #expect(word.firstGroups(in: "see @inc(café) and @inc(日本)") == ["café", "日本"])
        let empty = try #require(Pattern("x*"))
        #expect(empty.matches(in: "axxb") == ["", "xx", "", ""])
        #expect(empty.matches(in: "éé").count == 3)
    }
}
