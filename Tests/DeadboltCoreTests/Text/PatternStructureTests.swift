import DeadboltCore
import Testing

/// The checks on an include pattern agree on what is literal: escapes and character classes.
@Suite struct PatternStructureTests {
    func pattern(_ source: String) throws -> Pattern {
        try #require(Pattern(source))
    }

    @Test func parenthesesInsideAClassAreNotAGroup() throws {
        #expect(try pattern(#"\{\{>[\]()]"#).hasCaptureGroup == false)
        #expect(try pattern(#"\{\{>[^\]()]([a-z]+)"#).hasCaptureGroup == true)
    }

    @Test func namedAndNumberedGroupsCountLookaroundsDoNot() throws {
        #expect(try pattern(#"(?<path>\S+)"#).hasCaptureGroup)
        #expect(try pattern(#"(?'path'\S+)"#).hasCaptureGroup)
        #expect(try pattern(#"(?:a)(?=b)(?!c)"#).hasCaptureGroup == false)
        #expect(try pattern(#"\(not a group\)"#).hasCaptureGroup == false)
    }

    @Test func aNestedQuantifierIsFoundOutsideClassesOnly() throws {
        #expect(try pattern("((a+)+)b").nestedQuantifier == "(a+)+")
        #expect(try pattern("(x*y)*").nestedQuantifier == "(x*y)*")
        #expect(try pattern(#"([)+]a)+"#).nestedQuantifier == nil)
        #expect(try pattern(#"([\]+]a)+"#).nestedQuantifier == nil)
        #expect(try pattern("(a{2,})+").nestedQuantifier == "(a{2,})+")
        #expect(try pattern("(a{1})+").nestedQuantifier == nil)
    }

    @Test func alternationInsideAClassOrGroupIsNotTopLevel() throws {
        #expect(try pattern(#"\{\{>[|](\S+)"#).leadingLiteral == "{{>")
        #expect(try pattern(#"\{\{>(a|b)"#).leadingLiteral == "{{>")
        #expect(try pattern(#"\{\{>[\]|](\S+)"#).leadingLiteral == "{{>")
        #expect(try pattern(#"@@|include (\S+)"#).leadingLiteral == "")
    }
}
