import DeadboltCore
import Testing

/// Which prompts pull in which, read straight from the include graph.
@Suite struct IncludeGraphTests {
    func graph(_ files: [String: String], config: Config = Config()) -> IncludeGraph {
        IncludeGraph(tree: MemoryTree(files), config: config)
    }

    @Test func closureFollowsAChainBreadthFirstEachFileOnce() throws {
        let graph = graph([
            "prompts/a.md": "{{> prompts/b.md}}\n{{> prompts/d.md}}\n",
            "prompts/b.md": "{{> prompts/c.md}}\n",
            "prompts/c.md": "{{> prompts/d.md}}\nthe end\n",
            "prompts/d.md": "leaf\n",
        ])
        #expect(
            try graph.closure(of: "prompts/a.md") == ["prompts/a.md", "prompts/b.md", "prompts/d.md", "prompts/c.md"])
        #expect(try graph.includes(of: "prompts/c.md") == ["prompts/d.md"])
        #expect(try graph.closure(of: "prompts/d.md") == ["prompts/d.md"])
    }

    @Test func cyclesEndTheWalkAndAreEachReportedOnceFromTheirSmallestFile() throws {
        let graph = graph([
            "prompts/c.md": "{{> prompts/a.md}}\n",
            "prompts/a.md": "{{> prompts/b.md}}\n",
            "prompts/b.md": "{{> prompts/c.md}}\n",
            "prompts/self.md": "{{> prompts/self.md}}\n",
            "prompts/free.md": "{{> prompts/a.md}}\n",
        ])
        #expect(try graph.closure(of: "prompts/b.md") == ["prompts/b.md", "prompts/c.md", "prompts/a.md"])
        let cycles = try graph.allCycles()
        #expect(cycles.map(\.files) == [["prompts/a.md", "prompts/b.md", "prompts/c.md"], ["prompts/self.md"]])
        #expect(cycles.first?.description == "prompts/a.md → prompts/b.md → prompts/c.md → prompts/a.md")
    }

    @Test func reachGivesEachIncluderTheChainFromTheChangedFile() throws {
        let graph = graph([
            "prompts/refund.md": "{{> prompts/partials/tone.md}}\n",
            "prompts/partials/tone.md": "{{> prompts/partials/signoff.md}}\n",
            "prompts/partials/signoff.md": "Bye.\n",
            "prompts/shipping.md": "no includes\n",
        ])
        let reached = try graph.reach(from: ["prompts/partials/signoff.md"])
        #expect(
            reached.chains == [
                "prompts/partials/signoff.md": ["prompts/partials/signoff.md"],
                "prompts/partials/tone.md": ["prompts/partials/signoff.md", "prompts/partials/tone.md"],
                "prompts/refund.md": [
                    "prompts/partials/signoff.md", "prompts/partials/tone.md", "prompts/refund.md",
                ],
            ])
        #expect(reached.cycles.isEmpty)
    }

    @Test func reachThroughACycleEndsAndNamesIt() throws {
        let graph = graph([
            "prompts/a.md": "{{> prompts/b.md}}\n",
            "prompts/b.md": "{{> prompts/a.md}}\n",
        ])
        let reached = try graph.reach(from: ["prompts/a.md"])
        #expect(reached.chains["prompts/b.md"] == ["prompts/a.md", "prompts/b.md"])
        #expect(reached.cycles.map(\.files) == [["prompts/a.md", "prompts/b.md"]])
    }

    @Test func missingIncludedFileIsKeptAsWrittenAndIncludesNothing() throws {
        let graph = graph(["prompts/a.md": "{{> prompts/gone.md}}\n{{> ./prompts//gone.md}}\n"])
        #expect(try graph.closure(of: "prompts/a.md") == ["prompts/a.md", "prompts/gone.md"])
        #expect(try graph.includes(of: "prompts/gone.md") == [])
        #expect(try graph.allCycles() == [])
    }

    @Test func includeIsReadFromTheRootFirstThenFromTheIncludingFolder() throws {
        let graph = graph([
            "prompts/a.md": "{{> partials/x.md}}\n{{> partials/only-here.md}}\n{{> ../guardrails/pii.yaml}}\n",
            "partials/x.md": "root\n",
            "prompts/partials/x.md": "nested\n",
            "prompts/partials/only-here.md": "nested\n",
            "guardrails/pii.yaml": "redact: [card]\n",
        ])
        #expect(
            try graph.includes(of: "prompts/a.md") == [
                "partials/x.md", "prompts/partials/only-here.md", "guardrails/pii.yaml",
            ])
    }

    @Test func absoluteIncludeIsFromTheRootAndOneAboveTheRootIsDropped() throws {
        let graph = graph([
            "prompts/a.md": "{{> /prompts/b.md}}\n{{> ../../etc/passwd}}\n{{> prompts/../../x.md}}\n",
            "prompts/b.md": "b\n",
        ])
        #expect(try graph.includes(of: "prompts/a.md") == ["prompts/b.md"])
    }

    @Test func binaryFileIncludesNothing() throws {
        let graph = graph(["prompts/blob.bin": "\u{0}{{> prompts/b.md}}\n", "prompts/b.md": "b\n"])
        #expect(try graph.includes(of: "prompts/blob.bin") == [])
    }

    @Test func onlyPromptsAndGuardrailsAreFilesThatInclude() throws {
        let graph = graph([
            "prompts/a.md": "a\n", "guardrails/pii.yaml": "p\n", "README.md": "{{> prompts/a.md}}\n",
            "evals/regression/x/dataset.yml": "owners: [prompts/a.md]\n",
        ])
        #expect(try graph.files() == ["guardrails/pii.yaml", "prompts/a.md"])
        #expect(try graph.reach(from: ["prompts/a.md"]).chains.keys.sorted() == ["prompts/a.md"])
    }

    @Test func everyConfiguredPatternContributesItsIncludes() throws {
        var config = Config()
        config.includes.append(#"@import\(([^)]+)\)"#)
        let graph = graph(
            ["prompts/a.md": "{{> prompts/b.md}} @import(prompts/c.md)\n", "prompts/b.md": "", "prompts/c.md": ""],
            config: config)
        #expect(try graph.includes(of: "prompts/a.md") == ["prompts/b.md", "prompts/c.md"])
    }
}
