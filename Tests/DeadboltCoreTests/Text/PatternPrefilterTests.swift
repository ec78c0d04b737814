import DeadboltCore
import Testing

/// The hand-written reading of include patterns that lets deadbolt skip the regex: the literal
/// every match starts with, and whether group 1 exists.
@Suite struct PatternPrefilterTests {
    func literal(_ source: String) throws -> String {
        try #require(Pattern(source), "`\(source)` should compile").leadingLiteral
    }

    @Test func leadingLiteralIsThePlainOrEscapedTextBeforeTheFirstOperator() throws {
        #expect(try literal(#"\{\{>\s*([^}\s]+)\s*\}\}"#) == "{{>")
        #expect(try literal(#"@inc\(([^)]+)\)"#) == "@inc(")
        #expect(try literal(#"#include "([^"]+)""#) == "#include \"")
        #expect(try literal(#"include: *(\S+)"#) == "include:")
        #expect(try literal(#"\.\/partials\/(\S+)"#) == "./partials/")
        #expect(try literal(#"ab+(c)"#) == "ab", "`+` keeps its character: at least one is there")
    }

    @Test func quantifiedLastCharacterIsLeftOut() throws {
        #expect(try literal("ab?c(x)") == "a")
        #expect(try literal("ab*(x)") == "a")
        #expect(try literal("ab{0,2}(x)") == "a")
        #expect(try literal(#"\{*(x)"#) == "")
    }

    @Test func patternStartingWithAnythingButALiteralHasNone() throws {
        for source in [#"(\S+)\.md"#, #"^include (\S+)"#, #"\s*@(\S+)"#, #"[@#]inc (\S+)"#, #"\d+ (x)"#, ".(x)"] {
            #expect(try literal(source) == "", "`\(source)`")
        }
    }

    @Test func topLevelAlternationHasNoLeadingLiteral() throws {
        // A match of `a|b` can start with b: no single literal starts every match.
        #expect(try literal(#"@@|include (\S+)"#) == "")
        #expect(try literal(#"\{\{>\s*(\S+)\}\}|@inc\((\S+)\)"#) == "")
        // Inside a group the alternatives follow the literal, which still starts every match.
        #expect(try literal(#"@(?:inc|include) (\S+)"#) == "@")
        #expect(try literal(#"x[|](\S+)"#) == "x")
        #expect(try literal(#"x\|(\S+)"#) == "x|")
    }

    @Test func alternativeWithoutTheFirstLiteralStillFindsItsInclude() throws {
        let pattern = try #require(Pattern(#"@@|include (\S+)"#))
        let bytes = Array("intro\ninclude prompts/part.md\n".utf8)
        #expect(try pattern.firstGroups(in: bytes, limits: .standard) == ["prompts/part.md"])
    }

    @Test func matchesAreTriedAtEachOccurrenceOfTheLiteralOnly() throws {
        let pattern = try #require(Pattern(#"\{\{>\s*([^}\s]+)\s*\}\}"#))
        let text = "{{> a.md}} text {{>b.md}}\n{{ > not-an-include }} {{>  c.md  }}"
        #expect(try pattern.firstGroups(in: Array(text.utf8), limits: .standard) == ["a.md", "b.md", "c.md"])
        #expect(try pattern.firstGroups(in: [], limits: .standard) == [])
    }

    @Test func matchLongerThanTheWindowIsNotFound() throws {
        let pattern = try #require(Pattern(#"\{\{>\s*([^}\s]+)\s*\}\}"#))
        let long = "{{> " + String(repeating: "d/", count: 600) + "x.md}}"
        let limits = Pattern.ScanLimits(window: 1024)
        #expect(try pattern.firstGroups(in: Array(long.utf8), limits: limits) == [])
        #expect(try pattern.firstGroups(in: Array(long.utf8), limits: Pattern.ScanLimits(window: 4096)).count == 1)
    }

    @Test func bytesThatAreNotUTF8AroundAnIncludeDoNotHideIt() throws {
        let pattern = try #require(Pattern(#"\{\{>\s*([^}\s]+)\s*\}\}"#))
        let bytes: [UInt8] = [0xFF, 0xFE] + Array("{{> part.md}}".utf8) + [0xC3]
        #expect(try pattern.firstGroups(in: bytes, limits: .standard) == ["part.md"])
    }

    @Test func patternWithoutLiteralScansLineByLineWithinTheLimits() throws {
        let pattern = try #require(Pattern(#"(?:inc|use): (\S+)"#))
        #expect(pattern.leadingLiteral == "")
        let text = "inc: a.md\nnothing\nuse: b.md\n"
        #expect(try pattern.firstGroups(in: Array(text.utf8), limits: .standard) == ["a.md", "b.md"])
        let manyLines = Array(String(repeating: "x\n", count: 20).utf8)
        let error = #expect(throws: Pattern.TooCostly.self) {
            try pattern.firstGroups(in: manyLines, limits: Pattern.ScanLimits(starts: 10))
        }
        #expect(error?.reason == "has more than 10 lines")
    }

    @Test func captureGroupIsToldFromGroupsThatCaptureNothing() throws {
        let capturing = [#"a(b)"#, #"(?<path>\S+)"#, #"(?P<path>\S+)"#, #"(?'path'\S+)"#, #"\\(b)"#]
        for source in capturing {
            #expect(try #require(Pattern(source)).hasCaptureGroup, "`\(source)` captures")
        }
        let notCapturing = [#"a(?:b)"#, #"\(b\)"#, #"[(]b[)]"#, #"a(?=b)"#, #"a(?!b)"#, "plain"]
        for source in notCapturing {
            #expect(try !#require(Pattern(source)).hasCaptureGroup, "`\(source)` captures nothing")
        }
    }

    @Test func invalidPatternDoesNotCompile() {
        #expect(Pattern("a(b") == nil)
        #expect(Pattern("[z-a]") == nil)
    }
}

/// Searching raw bytes: the cheap test that decides which files are parsed at all.
@Suite struct ByteSearchTests {
    @Test func offsetsFindEveryOccurrenceOverlapsIncluded() {
        #expect(ByteSearch.offsets(of: Array("aa".utf8), in: Array("aaaa".utf8)) == [0, 1, 2])
        #expect(ByteSearch.offsets(of: Array("{{>".utf8), in: Array("x{{>y{{>".utf8)) == [1, 5])
        #expect(ByteSearch.offsets(of: [], in: Array("abc".utf8)) == [])
        #expect(ByteSearch.offsets(of: Array("abcd".utf8), in: Array("abc".utf8)) == [])
        #expect(ByteSearch.contains(Array("c".utf8), in: Array("abc".utf8)))
        #expect(!ByteSearch.contains(Array("d".utf8), in: Array("abc".utf8)))
    }

    @Test func pathIsMentionedOnlyAsAWholePath() {
        func mentions(_ path: String, _ text: String) -> Bool {
            ByteSearch.mentionsPath(path, in: Array(text.utf8))
        }
        #expect(mentions("prompts/refund.md", "owners: [prompts/refund.md]\n"))
        #expect(mentions("prompts/refund.md", "owners:\n  - prompts/refund.md"))
        #expect(mentions("prompts/refund", "owners: [prompts/refund/]"))
        #expect(mentions("prompts/refund.md", "owners: ['prompts/refund.md', x]"))
        #expect(!mentions("prompts/refund.md", "owners: [prompts/refund.md.bak]"))
        #expect(!mentions("prompts/refund.md", "owners: [old/prompts/refund.md]"))
        #expect(!mentions("prompts/refund", "owners: [prompts/refunds]"))
        #expect(!mentions("prompts/refund", "owners: [prompts/refund/a.md]"))
    }
}
