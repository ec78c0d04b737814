import DeadboltCore
import Testing

/// The diff's lines after the `--- expected` / `+++ actual` header.
private func body(_ expected: String, _ actual: String, maxLines: Int = 200) -> [String] {
    let lines = TextDiff.render(expected: expected, actual: actual, maxLines: maxLines)
        .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(Array(lines.prefix(2)) == ["--- expected", "+++ actual"])
    return Array(lines.dropFirst(2))
}

@Suite struct TextDiffTests {
    @Test func startsWithTheHeader() {
        let rendered = TextDiff.render(expected: "a", actual: "b")
        #expect(rendered.hasPrefix("--- expected\n+++ actual\n"))
    }

    @Test func identicalTextsSaySo() {
        #expect(body("same\n", "same\n") == ["\\ expected and actual are identical"])
    }

    @Test func singleLineDifferenceHasACaretAtTheFirstDifferingCharacter() {
        #expect(body("Hello world", "Hello wrld") == ["- Hello world", "+ Hello wrld", "         ^"])
    }

    @Test func caretSitsPastTheEndWhenActualIsAPrefix() {
        #expect(body("abcd", "ab") == ["- abcd", "+ ab", "    ^"])
    }

    @Test func caretSitsPastTheEndWhenActualIsLonger() {
        #expect(body("ab", "abcd") == ["- ab", "+ abcd", "    ^"])
    }

    @Test func caretCountsWideCharactersAsTwoColumns() {
        #expect(body("日本語x", "日本語y") == ["- 日本語x", "+ 日本語y", "        ^"])
    }

    @Test func caretKeepsTabsAligned() {
        #expect(body("\tkey: 1", "\tkey: 2") == ["- \tkey: 1", "+ \tkey: 2", "  \t     ^"])
    }

    @Test func multiLineDiffShowsCommonLinesAndChanges() {
        let expected = "one\ntwo\nthree\nfour\n"
        let actual = "one\n2\nthree\nfour\nfive\n"
        #expect(body(expected, actual) == ["  one", "- two", "+ 2", "  ^", "  three", "  four", "+ five"])
    }

    @Test func deletionsComeBeforeInsertionsInAChange() {
        let lines = body("a\nb\nc\nz", "a\nx\ny\nz")
        #expect(lines == ["  a", "- b", "- c", "+ x", "+ y", "  z"])
    }

    @Test func longCommonRunsAreCollapsed() {
        let shared = (1...20).map { "line \($0)" }
        let expected = (["start"] + shared + ["end"]).joined(separator: "\n")
        let actual = (["begin"] + shared + ["finish"]).joined(separator: "\n")
        let lines = body(expected, actual)
        #expect(lines.contains("@@ 14 unchanged lines @@"))
        #expect(lines.first == "- start")
        #expect(lines.contains("  line 3"))
        #expect(!lines.contains("  line 4"))
        #expect(lines.contains("  line 18"))
        #expect(lines.count == 3 + 3 + 1 + 3 + 3)
    }

    @Test func leadingCommonLinesKeepOnlyTheirContext() {
        let shared = (1...10).map { "l\($0)" }.joined(separator: "\n")
        let lines = body(shared + "\nold", shared + "\nnew")
        #expect(lines.first == "@@ 7 unchanged lines @@")
        #expect(Array(lines.dropFirst()) == ["  l8", "  l9", "  l10", "- old", "+ new", "  ^"])
    }

    @Test func aMissingTrailingNewlineIsNoted() {
        #expect(body("done\n", "done") == ["- done", "+ done", "\\ no newline at end of actual"])
        #expect(body("done", "done\n") == ["- done", "\\ no newline at end of expected", "+ done"])
    }

    @Test func carriageReturnsAreVisible() {
        #expect(body("a\r\nb\r\n", "a\nb\n") == ["- a\\r", "- b\\r", "+ a", "+ b"])
        #expect(body("x\r", "x") == ["- x\\r", "+ x", "   ^"])
    }

    @Test func otherControlCharactersAreEscaped() {
        #expect(body("a\u{1B}[0m", "a") == ["- a\\u{1B}[0m", "+ a", "   ^"])
    }

    @Test func emptyExpectedIsNoted() {
        #expect(body("", "something\nelse") == ["\\ expected is empty", "+ something", "+ else"])
    }

    @Test func emptyActualIsNoted() {
        #expect(body("text", "") == ["\\ actual is empty", "- text"])
    }

    @Test func outputIsCappedWithACountOfHiddenLines() {
        let expected = (1...300).map { "e\($0)" }.joined(separator: "\n")
        let actual = (1...300).map { "a\($0)" }.joined(separator: "\n")
        let lines = body(expected, actual, maxLines: 50)
        #expect(lines.count == 51)
        #expect(lines.last == "… 550 more lines")
    }

    @Test func aLongLineIsWindowedAroundTheDifference() {
        let prefix = String(repeating: "a", count: 1_000)
        let lines = body(prefix + "X" + prefix, prefix + "Y" + prefix)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("- …"))
        #expect(lines[0].hasSuffix("…"))
        #expect(lines[0].count == 2 + 1 + 240 + 1)
        let caretColumn = lines[2].count - 1
        let markedIndex = lines[1].index(lines[1].startIndex, offsetBy: caretColumn)
        #expect(lines[1][markedIndex] == "Y")
    }

    @Test func veryLongInputsFallBackToTheFirstDifferingRegion() {
        let expected = (1...6_000).map { "line \($0)" }
        var actual = expected
        actual[2_999] = "changed"
        actual = actual.reversed()
        actual.insert(contentsOf: expected[0..<2_999], at: 0)
        let lines = body(expected.joined(separator: "\n"), actual.joined(separator: "\n"))
        #expect(lines.first?.hasPrefix("\\ texts are too long to diff in full (6000 and 8999 lines)") == true)
        #expect(lines.first?.hasSuffix("showing the first difference, at line 3000") == true)
        #expect(lines.contains("- line 3000"))
        #expect(lines.contains("+ line 6000"))
        #expect(lines.count < 60)
    }

    @Test func tooManyChangesFallBackToTheFirstDifferingRegion() {
        let expected = (1...3_000).map { "line \($0)" }.joined(separator: "\n")
        let actual = (1...3_000).map { $0 % 2 == 0 ? "LINE \($0)" : "line \($0)" }.joined(separator: "\n")
        let lines = body(expected, actual)
        #expect(lines.first?.hasPrefix("\\ texts are too long to diff in full (3000 and 3000 lines)") == true)
        #expect(lines[1] == "  line 1")
        #expect(lines[2] == "- line 2")
        #expect(lines.count == 1 + 1 + 20 + 1 + 20 + 1)
    }

    @Test func hundredsOfChangesStillGetAFullDiffCappedAtMaxLines() {
        let expected = (1...400).map { "line \($0)" }.joined(separator: "\n")
        let actual = (1...400).map { $0 % 2 == 0 ? "LINE \($0)" : "line \($0)" }.joined(separator: "\n")
        let lines = body(expected, actual)
        #expect(lines.count == 201)
        #expect(Array(lines.prefix(5)) == ["  line 1", "- line 2", "+ LINE 2", "  ^", "  line 3"])
        #expect(lines.last == "… 600 more lines")
    }
}
