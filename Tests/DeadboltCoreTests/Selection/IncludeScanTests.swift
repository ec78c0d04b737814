import DeadboltCore
import Testing

/// Include patterns cannot make selection take minutes on a hostile prompt.
@Suite struct IncludeScanTests {
    @Test func nestedQuantifierIncludePatternIsRefusedAtConfigTime() {
        let error = #expect(throws: InputError.self) {
            try ConfigParser.parse("version: 1\nincludes:\n  - '((a+)+)b'\n")
        }
        #expect(error?.line == 3)
        #expect(error?.message.contains("((a+)+)") == true)
        #expect(Pattern(#"\{\{>\s*([^}\s]+)\s*\}\}"#)?.nestedQuantifier == nil)
        #expect(Pattern("(x*y)*z")?.nestedQuantifier != nil)
        #expect(Pattern("(a{2,})+")?.nestedQuantifier != nil)
        #expect(Pattern("(ab)+(c+)")?.nestedQuantifier == nil)
    }

    func makeGraph(_ prompt: String, pattern: String? = nil, limits: Pattern.ScanLimits) -> (IncludeGraph, MemoryTree) {
        var config = Config()
        if let pattern { config.includes = [pattern] }
        let tree = MemoryTree(["prompts/big.md": prompt, "prompts/part.md": "part"])
        return (IncludeGraph(tree: tree, config: config, limits: limits), tree)
    }

    @Test func promptOfManyIncludeOpeningsIsRefusedNamingFileAndPattern() {
        // With the standard limits this line would take minutes to match; a small cap shows the
        // refusal without the wait, and the standard cap refuses it as fast.
        let prompt = String(repeating: "{{>", count: 100_000)
        for limits in [Pattern.ScanLimits(starts: 100), .standard] {
            let (graph, _) = makeGraph(prompt, limits: limits)
            let error = #expect(throws: InputError.self) { try graph.closure(of: "prompts/big.md") }
            #expect(error?.file == "prompts/big.md")
            #expect(error?.message.contains(#"\{\{>\s*([^}\s]+)\s*\}\}"#) == true)
            #expect(error?.message.contains("occurrences of `{{>`") == true)
        }
    }

    @Test func longLineForAPatternWithoutLiteralIsRefused() {
        let (graph, _) = makeGraph(String(repeating: "a", count: 100_000), pattern: "((a+)+)b", limits: .standard)
        let error = #expect(throws: InputError.self) { try graph.closure(of: "prompts/big.md") }
        #expect(error?.message.contains("line 1 is longer than 4096 bytes") == true)
    }

    @Test func normalPromptStillFindsItsIncludes() throws {
        let prompt = String(repeating: "Be kind. ", count: 2000) + "\n{{> prompts/part.md }} and {{>missing.md}}\n"
        let (graph, _) = makeGraph(prompt, limits: .standard)
        #expect(try graph.closure(of: "prompts/big.md") == ["prompts/big.md", "prompts/part.md", "missing.md"])
        let (lines, _) = makeGraph(
            "see @inc(prompts/part.md)\n", pattern: #"@inc\(([^)]+)\)|#inc ([^ ]+)"#, limits: .standard)
        #expect(try lines.closure(of: "prompts/big.md") == ["prompts/big.md", "prompts/part.md"])
    }
}
