import DeadboltCore
import Testing

@Suite struct SelectorTests {
    static func caseLine(_ id: String, tier: String? = nil, expected: String = "ok") -> String {
        let tierPart = tier.map { #","tier":"\#($0)""# } ?? ""
        return #"{"id":"\#(id)","input":{"q":"\#(id)"},"expected_output":"\#(expected)"\#(tierPart)}"#
    }

    static func repository() -> [String: String] {
        [
            "prompts/refund.md": "Refunds.\n{{> prompts/partials/tone.md}}\n",
            "prompts/partials/tone.md": "Be polite.\n{{> prompts/partials/signoff.md}}\n",
            "prompts/partials/signoff.md": "Happy to help.\n",
            "prompts/shipping.md": "Ships fast.\n",
            "guardrails/pii.yaml": "patterns: []\n",
            "evals/regression/refund_policy_regressions/dataset.yml": "owners: [prompts/refund.md]\ntier: smoke\n",
            "evals/regression/refund_policy_regressions/cases.jsonl": [
                caseLine("r1"), caseLine("r2", tier: "full"), caseLine("r3", tier: "extended"),
            ].joined(separator: "\n") + "\n",
            "evals/regression/shipping_time_regressions/dataset.yml": "owners:\n  - prompts/shipping.md\ntier: full\n",
            "evals/regression/shipping_time_regressions/cases.jsonl": caseLine("s1") + "\n",
            "evals/regression/safety_boundary_cases/dataset.yml": "owners: [guardrails/pii.yaml]\n",
            "evals/regression/safety_boundary_cases/cases.jsonl": caseLine("p1") + "\n",
        ]
    }

    func select(_ tree: MemoryTree, base: MemoryTree? = nil, gate: String = "pre-push", _ changes: [PathChange]) throws
        -> Selection
    {
        let config = try ConfigParser.load(from: tree)
        let classifier = Classifier(config: config)
        return try Selector(config: config, head: tree, base: base)
            .select(gate: try config.gate(named: gate), changes: changes.map(classifier.classify))
    }

    @Test func partialChangeReachesOwnerThroughIncludeChainAndLeavesOthersUnread() throws {
        let tree = MemoryTree(Self.repository())
        let selection = try select(tree, [PathChange(status: .modified, path: "prompts/partials/signoff.md")])
        #expect(selection.datasets.map(\.dataset.name) == ["refund_policy_regressions"])
        let reason = try #require(selection.datasets.first?.reasons.first)
        #expect(reason.path == "prompts/partials/signoff.md")
        #expect(reason.via == ["prompts/partials/tone.md", "prompts/refund.md"])
        #expect(
            reason.chain(to: "refund_policy_regressions")
                == "prompts/partials/signoff.md → prompts/partials/tone.md → prompts/refund.md → "
                + "refund_policy_regressions"
        )
        #expect(selection.datasets[0].cases.map(\.id) == ["r1"])
        #expect(!tree.reads.contains("evals/regression/shipping_time_regressions/cases.jsonl"))
        #expect(!tree.reads.contains("evals/regression/safety_boundary_cases/cases.jsonl"))
    }

    @Test func pullRequestGateRunsSmokeAndFull() throws {
        let selection = try select(
            MemoryTree(Self.repository()), gate: "pull-request",
            [PathChange(status: .modified, path: "prompts/refund.md")])
        #expect(selection.datasets.first?.cases.map(\.id) == ["r1", "r2"])
    }

    @Test func guardrailChangeSelectsItsDataset() throws {
        let selection = try select(
            MemoryTree(Self.repository()), [PathChange(status: .modified, path: "guardrails/pii.yaml")])
        #expect(selection.datasets.map(\.dataset.name) == ["safety_boundary_cases"])
    }

    @Test func includeCycleIsReportedAndEnds() throws {
        var files = Self.repository()
        files["prompts/partials/signoff.md"] = "Bye.\n{{> prompts/partials/tone.md}}\n"
        let selection = try select(MemoryTree(files), [PathChange(status: .modified, path: "prompts/partials/tone.md")])
        #expect(selection.datasets.map(\.dataset.name) == ["refund_policy_regressions"])
        #expect(selection.cycles.map(\.files) == [["prompts/partials/tone.md", "prompts/partials/signoff.md"]])
    }

    @Test func relativeIncludeResolvesFromTheIncludingFolder() throws {
        var files = Self.repository()
        files["prompts/refund.md"] = "Refunds.\n{{> partials/tone.md}}\n"
        let selection = try select(MemoryTree(files), [PathChange(status: .modified, path: "prompts/partials/tone.md")])
        #expect(selection.datasets.map(\.dataset.name) == ["refund_policy_regressions"])
    }

    @Test func irrelevantChangeSelectsNothingAndSaysWhy() throws {
        let tree = MemoryTree(Self.repository())
        let selection = try select(tree, [PathChange(status: .modified, path: "src/app.py")])
        #expect(selection.datasets.isEmpty)
        #expect(
            selection.emptyReason
                == "none of the 1 changed path is a prompt, guardrail, dataset or deadbolt configuration")
        #expect(tree.reads == ["deadbolt.yml"])
    }

    @Test func aChangedFileASuiteCouldReadIsLookedForInSuitesOnly() throws {
        let tree = MemoryTree(Self.repository())
        let selection = try select(tree, [PathChange(status: .modified, path: "config/settings.yaml")])
        #expect(selection.datasets.isEmpty)
        // Definitions are read to find promptfoo suites; no case file and no prompt.
        #expect(tree.reads.allSatisfy { $0 == "deadbolt.yml" || $0.hasSuffix("/dataset.yml") }, "\(tree.reads)")
        #expect(tree.reads.count > 1)
    }

    @Test func runAllOnSelectsEveryDataset() throws {
        var files = Self.repository()
        files["deadbolt.yml"] = "version: 1\nrun_all_on: [\"deadbolt.yml\", \"app/llm/**\"]\n"
        let selection = try select(MemoryTree(files), [PathChange(status: .modified, path: "app/llm/client.py")])
        #expect(
            selection.datasets.map(\.dataset.name) == [
                "refund_policy_regressions", "safety_boundary_cases", "shipping_time_regressions",
            ])
        #expect(selection.datasets.allSatisfy { $0.reasons.first?.kind == .runAll })
    }

    @Test func scopeAllGateSelectsEveryDataset() throws {
        let selection = try select(MemoryTree(Self.repository()), gate: "nightly", [])
        #expect(selection.datasets.count == 3)
        #expect(selection.datasets.first { $0.dataset.name == "shipping_time_regressions" }?.cases.map(\.id) == ["s1"])
    }

    @Test func newAndEditedCasesRunWhateverTheirTier() throws {
        let base = MemoryTree(Self.repository())
        var files = Self.repository()
        files["evals/regression/refund_policy_regressions/cases.jsonl"] =
            [
                Self.caseLine("r1"), Self.caseLine("r2", tier: "full", expected: "edited"),
                Self.caseLine("r3", tier: "extended"),
                Self.caseLine("r4", tier: "extended"),
            ].joined(separator: "\n") + "\n"
        let selection = try select(
            MemoryTree(files), base: base,
            [
                PathChange(status: .modified, path: "evals/regression/refund_policy_regressions/cases.jsonl")
            ])
        #expect(selection.datasets.map(\.dataset.name) == ["refund_policy_regressions"])
        #expect(selection.datasets[0].changedCaseIDs == ["r2", "r4"])
        #expect(selection.datasets[0].cases.map(\.id) == ["r1", "r2", "r4"])
    }

    @Test func ownerThatNoLongerExistsNamesTheDatasetAndTheRename() throws {
        var files = Self.repository()
        files["prompts/shipping_times.md"] = files.removeValue(forKey: "prompts/shipping.md")
        let error = #expect(throws: InputError.self) {
            try select(
                MemoryTree(files),
                [PathChange(status: .renamed, path: "prompts/shipping_times.md", oldPath: "prompts/shipping.md")])
        }
        #expect(error?.file == "evals/regression/shipping_time_regressions/dataset.yml")
        #expect(error?.line == 2)
        #expect(
            error?.message
                == "dataset `shipping_time_regressions` owns prompts/shipping.md, "
                + "which this change renamed to prompts/shipping_times.md"
        )
    }

    @Test func ownerMissingWithoutRenameSaysItDoesNotExist() throws {
        var files = Self.repository()
        files["evals/regression/safety_boundary_cases/dataset.yml"] =
            "owners: [guardrails/pii.yaml, guardrails/gone.yaml]\n"
        let error = #expect(throws: InputError.self) {
            try select(MemoryTree(files), [PathChange(status: .modified, path: "guardrails/pii.yaml")])
        }
        #expect(
            error?.message == "dataset `safety_boundary_cases` owns guardrails/gone.yaml, which does not exist at head")
        // A dataset the change does not touch is lint's to check, not the gate's.
        let unrelated = try select(MemoryTree(files), [PathChange(status: .modified, path: "prompts/shipping.md")])
        #expect(unrelated.datasets.map(\.dataset.name) == ["shipping_time_regressions"])
    }

    @Test func unrelatedDefinitionsAreNotParsed() throws {
        var files = Self.repository()
        files["evals/regression/shipping_time_regressions/dataset.yml"] = "owners: [prompts/shipping.md]\nbroken: [\n"
        let selection = try select(MemoryTree(files), [PathChange(status: .modified, path: "guardrails/pii.yaml")])
        #expect(selection.datasets.map(\.dataset.name) == ["safety_boundary_cases"])
    }

    @Test func folderOwnerCoversTheFilesBelowIt() throws {
        var files = Self.repository()
        files["evals/regression/safety_boundary_cases/dataset.yml"] = "owners: [guardrails/]\n"
        let selection = try select(MemoryTree(files), [PathChange(status: .modified, path: "guardrails/pii.yaml")])
        #expect(selection.datasets.map(\.dataset.name) == ["safety_boundary_cases"])
    }

    @Test func datasetFolderWithoutCasesIsAnError() throws {
        var files = Self.repository()
        files.removeValue(forKey: "evals/regression/safety_boundary_cases/cases.jsonl")
        let error = #expect(throws: InputError.self) {
            try select(MemoryTree(files), [PathChange(status: .modified, path: "guardrails/pii.yaml")])
        }
        #expect(error?.file == "evals/regression/safety_boundary_cases/cases.jsonl")
        #expect(error?.message.contains("no cases") == true)
    }

    @Test func classifierGivesKinds() throws {
        let classifier = Classifier(config: Config())
        #expect(classifier.kinds(of: "prompts/a.md") == [.prompt])
        #expect(classifier.kinds(of: "guardrails/pii.yaml") == [.guardrail])
        #expect(classifier.kinds(of: "evals/regression/x/cases.jsonl") == [.dataset])
        #expect(classifier.kinds(of: "deadbolt.yml") == [.config, .runAll])
        #expect(classifier.kinds(of: "README.md") == [])
        let renamed = classifier.classify(PathChange(status: .renamed, path: "docs/old.md", oldPath: "prompts/old.md"))
        #expect(renamed.kinds == [.prompt])
    }
}

@Suite struct HygieneTests {
    func findings(_ files: [String: String]) -> [LintFinding] {
        Linter(tree: MemoryTree(files)).lint()
    }

    @Test func hygieneOfARegressionSet() {
        let files: [String: String] = [
            "prompts/refund.md": "Refunds.\n",
            "evals/regression/bugs_june/dataset.yml": "owners: [prompts/refund.md]\n",
            "evals/regression/bugs_june/cases.jsonl": [
                #"{"id":"a","input":{"q":"refund?"},"expected_output":"pro-rata","category":"prod-bug","#
                    + #""bug_link":"BUG-1","tags":{"feature":"refunds"}}"#,
                #"{"id":"b","input":{"q":"refund?"},"expected_output":"pro-rata","category":"prod-bug","#
                    + #""tags":{"feature":"billing"}}"#,
                #"{"id":"c","input":{"q":"other"},"expected_output":"x","assert":[{"type":"contains","value":"y"}]}"#,
            ].joined(separator: "\n") + "\n",
        ]
        let found = findings(files)
        let rules = Set(found.map(\.rule))
        #expect(
            rules.isSuperset(of: [
                "vague-dataset-name", "duplicate-input", "prod-bug-without-link", "mixed-features",
                "unread-expected-output",
            ]))
        let duplicate = found.first { $0.rule == "duplicate-input" }
        #expect(duplicate?.error.line == 2)
        #expect(duplicate?.error.message == "case `b` has the same input as `a` (line 1)")
        #expect(found.first { $0.rule == "unread-expected-output" }?.error.line == 3)
    }

    @Test func namesThatSayWhenOrWhatElse() {
        let vague = ["bugs_june", "misc", "new_tests", "regressions_2025", "q3-fixes", "wip_cases"]
        let good = ["refund_policy_regressions", "json_contract_regressions", "safety_boundary_cases", "date_parsing"]
        for name in vague {
            let files = [
                "prompts/p.md": "x\n", "evals/regression/\(name)/dataset.yml": "owners: [prompts/p.md]\n",
                "evals/regression/\(name)/cases.jsonl": #"{"id":"\#(name)","input":{},"expected_output":"x"}"# + "\n",
            ]
            #expect(findings(files).contains { $0.rule == "vague-dataset-name" }, "\(name) should be called vague")
        }
        for name in good {
            let files = [
                "prompts/p.md": "x\n", "evals/regression/\(name)/dataset.yml": "owners: [prompts/p.md]\n",
                "evals/regression/\(name)/cases.jsonl": #"{"id":"\#(name)","input":{},"expected_output":"x"}"# + "\n",
            ]
            #expect(!findings(files).contains { $0.rule == "vague-dataset-name" }, "\(name) names a behaviour")
        }
    }
}
