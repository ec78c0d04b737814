import DeadboltCore
import Testing

/// The prompt files `deadbolt init` finds, by the conventions teams use.
@Suite struct PromptDiscoveryTests {
    @Test func foldersAndExtensionsAreFoundAndOtherPeoplesFilesAreNot() {
        let found = PromptDiscovery.find([
            "src/app.py", "app/prompts/refund.md", "app/prompts/partials/tone.md", "app/prompts/loader.py",
            "Prompts/Intro.TXT", "flows/answer.prompty", "templates/email.j2", "docs/guide.prompt.md",
            "node_modules/lib/prompts/theirs.md", ".venv/lib/site-packages/x/prompt/a.md", "README.md",
            "evals/promptfooconfig.yaml", "other/promptfooconfig.yml",
        ])
        #expect(
            found.files == [
                "Prompts/Intro.TXT", "app/prompts/partials/tone.md", "app/prompts/refund.md", "docs/guide.prompt.md",
                "flows/answer.prompty", "templates/email.j2",
            ])
        #expect(found.globs == ["Prompts/**", "app/prompts/**", "**/*.prompt.md", "**/*.prompty", "**/*.j2"])
        #expect(found.promptfooConfigs == ["evals/promptfooconfig.yaml", "other/promptfooconfig.yml"])
        #expect(found.owner == "Prompts/Intro.TXT", "the shallowest, then by name")
    }

    @Test func aRepositoryWithoutPromptsFindsNothing() {
        let found = PromptDiscovery.find(["src/main.swift", "README.md", "prompts.md"])
        #expect(found.files.isEmpty && found.globs.isEmpty && found.owner == nil)
    }
}
