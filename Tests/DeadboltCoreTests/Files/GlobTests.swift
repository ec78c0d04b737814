import DeadboltCore
import Testing

@Suite struct GlobTests {
    @Test func doubleStarCrossesFolders() {
        let glob = Glob("prompts/**")
        #expect(glob.matches("prompts/refund.md"))
        #expect(glob.matches("prompts/partials/tone.md"))
        #expect(!glob.matches("prompts"))
        #expect(!glob.matches("src/prompts/x.md"))
        #expect(glob.literalPrefix == "prompts")
    }

    @Test func singleStarStaysInOneFolder() {
        let glob = Glob("prompts/*.md")
        #expect(glob.matches("prompts/refund.md"))
        #expect(!glob.matches("prompts/partials/tone.md"))
        #expect(!glob.matches("prompts/refund.txt"))
    }

    @Test func doubleStarInTheMiddleAndClasses() {
        let glob = Glob("app/**/llm_[a-c]?.py")
        #expect(glob.matches("app/llm_a1.py"))
        #expect(glob.matches("app/x/y/llm_c9.py"))
        #expect(!glob.matches("app/x/llm_d1.py"))
        #expect(Glob("deadbolt.yml").matches("deadbolt.yml"))
        #expect(!Glob("deadbolt.yml").matches("sub/deadbolt.yml"))
        #expect(Glob("guardrails/").matches("guardrails/pii.yaml"))
        #expect(Glob("**/*.prompt").matches("a/b/c.prompt"))
        #expect(Glob("**/*.prompt").matches("c.prompt"))
    }
}
