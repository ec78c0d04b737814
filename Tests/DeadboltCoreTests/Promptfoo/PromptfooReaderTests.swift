import DeadboltCore
import Foundation
import Testing

/// promptfoo's own example suites (Tests/Fixtures/promptfoo, copied from its repository), and
/// suites written for one rule each.
@Suite struct PromptfooReaderTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/promptfoo")

    /// The example's files under `at/`.
    static func example(_ name: String, at folder: String = "") throws -> [String: String] {
        let root = fixtures.appendingPathComponent(name)
        var files: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        while let relative = enumerator?.nextObject() as? String {
            var isFolder: ObjCBool = false
            let full = root.appendingPathComponent(relative).path
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isFolder), !isFolder.boolValue else {
                continue
            }
            files[(folder.isEmpty ? "" : folder + "/") + relative] = try String(contentsOfFile: full, encoding: .utf8)
        }
        return files
    }

    func read(_ files: [String: String], _ config: String = "promptfooconfig.yaml") throws(InputError)
        -> PromptfooSuite
    {
        try PromptfooReader.read(config, in: MemoryTree(files))
    }

    func refusal(_ files: [String: String], _ config: String = "promptfooconfig.yaml") throws -> InputError {
        do {
            let suite = try read(files, config)
            Issue.record("read \(suite.cases.count) cases, expected a refusal")
            return InputError("")
        } catch { return error }
    }

    // MARK: promptfoo's examples

    @Test func theJSONLinesExampleIsTwoCasesWithTheirVarsAndAssertions() throws {
        let suite = try read(try Self.example("jsonl-test-cases", at: "evals"), "evals/promptfooconfig.yaml")
        #expect(suite.files == ["evals/promptfooconfig.yaml", "evals/cases.jsonl"])
        #expect(suite.providers == ["echo"])
        #expect(suite.prompts.count == 1)
        let message = try #require(suite.prompts.first?.messages.first)
        #expect(message.role == "user")
        #expect(message.source == .content("Translate the following text to {{target_language}}: {{text}}"))
        #expect(suite.cases.count == 2)
        let first = try #require(suite.cases.first)
        #expect(first.input == .object(["target_language": .string("French"), "text": .string("Hello, world!")]))
        #expect(
            first.assertions == [
                .object([
                    "type": .string("equals"),
                    "value": .string("Translate the following text to French: Hello, world!"),
                ])
            ])
        #expect(first.file == "evals/cases.jsonl" && first.line == 1)
        #expect(suite.cases[1].line == 2)
        #expect(first.id.hasPrefix("pf-") && first.id.count == 15 && first.id != suite.cases[1].id)
    }

    @Test func theCSVExampleIsARowPerTestAndPromptWithItsExpectedColumn() throws {
        let suite = try read(try Self.example("simple-csv"))
        // prompts.txt holds two prompts split by a `---` line; tests.csv four rows.
        #expect(suite.prompts.count == 2)
        #expect(suite.prompts.map(\.label) == ["prompts.txt #1", "prompts.txt #2"])
        #expect(suite.cases.count == 8)
        let first = try #require(suite.cases.first)
        #expect(first.file == "tests.csv" && first.line == 2)
        #expect(first.input["language"] == .string("French") && first.input["body"] == .string("Hello world"))
        #expect(first.assertions == [.object(["type": .string("icontains"), "value": .string("bonjour")])])
        #expect(suite.cases.map(\.id).filter { $0.hasSuffix("-p2") }.count == 4)
        #expect(Set(suite.cases.map(\.id)).count == 8)
    }

    @Test(
        arguments: [
            ("simple-test", "promptfooconfig.yaml", 32, "javascript"),
            ("echo-1000-tests", "simple-example.yaml", 51, "javascript"),
            ("eval-json-output", "promptfooconfig.yaml", 18, "javascript"),
            ("gpt-3.5-vs-4", "promptfooconfig.yaml", 11, "cost"),
            ("compare-llama-vs-gpt", "promptfooconfig.yaml", 32, "llm-rubric"),
            ("config-csv-metadata", "tests.csv", 2, "llm-rubric"),
        ])
    func examplesWithTypesDeadboltCannotEvaluateAreRefusedAtTheirLine(
        example: String, file: String, line: Int, type: String
    ) throws {
        let files = try Self.example(example)
        let config = files.keys.first { $0.hasSuffix(".yaml") && !$0.contains("/") && $0 != "tests.yaml" }
        let error = try refusal(files, try #require(config))
        #expect(error.file == file, "\(error)")
        #expect(error.line == line, "\(error)")
        #expect(error.message.contains("`\(type)`"), "\(error)")
        #expect(error.hint != nil)
    }

    @Test func theSimpleExampleWithoutItsCodeAndJudgeAssertionsReadsItsTemplateRef() throws {
        var files = try Self.example("simple-test")
        var config = try #require(files["promptfooconfig.yaml"])
        for type in ["javascript", "python", "similar", "llm-rubric"] {
            config = config.replacingOccurrences(of: "type: \(type)\n", with: "type: icontains\n")
        }
        files["promptfooconfig.yaml"] = config
        let suite = try read(files)
        #expect(suite.prompts.count == 2)
        #expect(suite.cases.count == 10)
        let pirate = suite.cases.first { $0.fields["description"] == .string("Use LLM to evaluate output") }
        #expect(
            pirate?.assertions == [
                .object(["type": .string("icontains"), "value": .string("Is spoken like a pirate")]),
                .object(["type": .string("icontains"), "value": .string("arrr")]),
            ])
    }

    // MARK: Rules

    static let prompt = ["prompts/answer.txt": "Answer {{ question }} for a {{customer.plan}} customer.\n"]

    func suite(_ config: String, _ extra: [String: String] = [:]) throws(InputError) -> PromptfooSuite {
        try read(Self.prompt.merging(extra) { $1 }.merging(["promptfooconfig.yaml": config]) { $1 })
    }

    @Test func defaultTestVarsAreUnderTheTestsAndItsAssertionsComeFirst() throws {
        let suite = try suite(
            """
            prompts: [file://prompts/answer.txt]
            defaultTest:
              vars: {customer: {plan: annual}, question: default}
              assert: [{type: not-icontains, value: sorry}]
              threshold: 0.5
            tests:
              - vars: {question: Can I get a refund?}
                assert: [{type: icontains, value: pro-rata, weight: 2, metric: refunds}]
              - vars: {question: Hi}
                threshold: 1
                assert: [{type: starts-with, value: Hello}]
                options: {disableDefaultAsserts: true}
            """)
        let first = try #require(suite.cases.first)
        #expect(first.input["question"] == .string("Can I get a refund?"))
        #expect(first.input["customer"] == .object(["plan": .string("annual")]))
        #expect(first.assertions?.map { $0["type"] } == [.string("not-icontains"), .string("icontains")])
        #expect(
            first.assertions?.last?["weight"] == .number(2) && first.assertions?.last?["metric"] == .string("refunds"))
        #expect(first.threshold == 0.5)
        #expect(suite.cases[1].threshold == 1)
        #expect(suite.cases[1].assertions?.count == 1)
        #expect(suite.files == ["promptfooconfig.yaml", "prompts/answer.txt"])
        #expect(
            suite.prompts[0].messages == [PromptMessage(role: "user", source: .file("prompts/answer.txt"), line: 1)])
    }

    @Test func aListVarOfTextIsACasePerValueAndOtherListsAreOneValue() throws {
        let suite = try suite(
            """
            prompts: [file://prompts/answer.txt]
            tests:
              - vars: {question: [Refund?, Cancel?], customer: {plan: [1, 2]}}
                assert: [{type: contains, value: "{{question}}"}]
            """)
        #expect(suite.cases.count == 2)
        #expect(suite.cases.map { $0.input["question"] } == [.string("Refund?"), .string("Cancel?")])
        #expect(Set(suite.cases.map(\.id)).count == 2)
        // `{{question}}` in a value names the case's input, as in the prompt.
        #expect(suite.cases[0].assertions?.first?["value"] == .string("{{input.question}}"))
    }

    @Test func aFileVarIsTheFilesTextAndTheFileIsPartOfTheSuite() throws {
        let suite = try suite(
            """
            prompts: [file://prompts/answer.txt]
            tests:
              - vars: {question: file://questions/refund.txt, customer: file://customers/annual.yaml}
                assert: [{type: icontains, value: refund}]
            """,
            ["questions/refund.txt": "  Can I get a refund?\n", "customers/annual.yaml": "plan: annual\n"])
        let only = try #require(suite.cases.first)
        #expect(only.input["question"] == .string("Can I get a refund?"))
        #expect(only.input["customer"] == .string(#"{"plan":"annual"}"#))
        #expect(suite.files.contains("questions/refund.txt") && suite.files.contains("customers/annual.yaml"))
    }

    @Test func testsFilesByGlobInYAMLJSONLinesAndCSV() throws {
        let suite = try suite(
            """
            prompts: [file://prompts/answer.txt]
            tests: [file://tests/*.yaml, tests/more.jsonl, file://tests/sheet.csv]
            """,
            [
                "tests/a.yaml": "- vars: {question: A}\n  assert: [{type: equals, value: A}]\n",
                "tests/b.yaml": "vars: {question: B}\nassert: [{type: equals, value: B}]\n",
                "tests/more.jsonl": #"{"vars":{"question":"C"},"assert":[{"type":"regex","value":"^C"}]}"# + "\n\n",
                "tests/sheet.csv": """
                question,__expected1,__expected2,__metadata:feature,__metadata:tags[],__description,__threshold
                D,"contains-any: x\\, y, z",not-icontains: Sorry,refunds,"a,b\\,c",fourth,0.5
                E,levenshtein(3): E!,starts-with:E,,,,
                F,Plain text,"is-json: {""type"": ""object""}",,,,

                """,
            ])
        #expect(suite.cases.map { $0.input["question"] } == ["A", "B", "C", "D", "E", "F"].map(JSONValue.string))
        #expect(
            suite.cases.map(\.file) == ["tests/a.yaml", "tests/b.yaml", "tests/more.jsonl"]
                + Array(repeating: "tests/sheet.csv", count: 3))
        let d = suite.cases[3]
        #expect(d.line == 2 && d.threshold == 0.5 && d.fields["description"] == .string("fourth"))
        #expect(d.tags["feature"] == .string("refunds"))
        #expect(
            d.assertions == [
                .object(["type": .string("contains-any"), "value": .array([.string("x, y"), .string("z")])]),
                .object(["type": .string("not-icontains"), "value": .string("Sorry")]),
            ])
        #expect(
            suite.cases[4].assertions == [
                .object(["type": .string("levenshtein"), "value": .string("E!"), "threshold": .number(3)]),
                .object(["type": .string("starts-with"), "value": .string("E")]),
            ])
        #expect(
            suite.cases[5].assertions == [
                .object(["type": .string("equals"), "value": .string("Plain text")]),
                .object(["type": .string("is-json"), "value": .object(["type": .string("object")])]),
            ])
    }

    @Test func anIDLastsWhileTheTestIsUnchangedWhereverItMoves() throws {
        let a = "  - vars: {question: A}\n    assert: [{type: equals, value: A}]\n"
        let b = "  - vars: {question: B}\n    assert: [{type: equals, value: B}]\n"
        let before = try suite("prompts: [file://prompts/answer.txt]\ntests:\n" + a + b)
        let moved = try suite("prompts: [file://prompts/answer.txt]\ntests:\n" + b + a)
        #expect(before.cases.map(\.id) == moved.cases.map(\.id).reversed())
        let edited = try suite(
            "prompts: [file://prompts/answer.txt]\ntests:\n" + a.replacingOccurrences(of: "value: A", with: "value: Á")
                + b)
        #expect(edited.cases[0].id != before.cases[0].id && edited.cases[1].id == before.cases[1].id)
    }

    @Test func containsJSONWithAValueIsASchemaAsInPromptfoo() throws {
        let suite = try suite(
            """
            prompts: [file://prompts/answer.txt]
            tests:
              - vars: {question: q}
                assert:
                  - {type: contains-json, value: {type: object, required: [color]}}
                  - {type: levenshtein, value: hello}
                  - {type: contains, value: x, threshold: 0.9}
            """)
        #expect(
            suite.cases[0].assertions == [
                .object([
                    "type": .string("contains-json"),
                    "schema": .object(["type": .string("object"), "required": .array([.string("color")])]),
                ]),
                .object(["type": .string("levenshtein"), "value": .string("hello"), "threshold": .number(5)]),
                .object(["type": .string("contains"), "value": .string("x")]),
            ])
    }

    @Test func aChatFilePromptIsItsMessagesAndALabelFilterPicksPrompts() throws {
        let suite = try suite(
            """
            prompts:
              - {id: file://prompts/chat.json, label: chat}
              - {raw: "Say {{question}}", label: plain}
            tests:
              - vars: {question: hi}
                prompts: [chat]
                assert: [{type: icontains, value: hi}]
            """,
            [
                "prompts/chat.json":
                    #"[{"role": "system", "content": "Be brief."}, {"role": "user", "content": "{{question}}"}]"#
            ])
        #expect(suite.prompts.map(\.label) == ["chat", "plain"])
        #expect(suite.cases.count == 1)
        let messages = try #require(suite.cases[0].messages)
        #expect(messages.map(\.role) == ["system", "user"])
        #expect(messages.map(\.source) == [.content("Be brief."), .content("{{question}}")])
        #expect(messages.allSatisfy { $0.origin == "prompts/chat.json" })
    }

    @Test(
        arguments: [
            (
                "prompts: [a]\ntests: [{vars: {q: 1}, assert: [{type: equals, value: 1}]}]\nscenarios: []\n", 3,
                "scenarios"
            ),
            ("prompts: [a]\ntests: [{vars: {q: 1}}]\n", 2, "no assertions"),
            (
                "prompts: [a]\ntests:\n  - vars: {q: 1}\n"
                    + "    assert: [{type: equals, value: 1, transform: output.trim()}]\n",
                4,
                "transform"
            ),
            (
                "prompts: [a]\ntests:\n  - vars: {q: 1}\n    providerOutput: hi\n"
                    + "    assert: [{type: equals, value: 1}]\n",
                4,
                "providerOutput"
            ),
            ("prompts: [a]\ntests:\n  - vars: {q: 1}\n    assert: [{$ref: '#/assertionTemplates/nope'}]\n", 4, "nope"),
            ("prompts: [a]\ntests: file://missing.yaml\n", 2, "missing.yaml"),
            (
                "prompts: [file://prompts/build.py]\ntests: [{vars: {q: 1}, assert: [{type: equals, value: 1}]}]\n", 1,
                "code"
            ),
            ("prompts: [a]\ntest: [{vars: {q: 1}}]\n", 2, "`test`"),
            ("prompts: [a]\ntests: [{vars: {q: 1}, assert: [{type: equals, value: 1}], threshold: 2}]\n", 2, "0 to 1"),
            (
                "prompts: [a]\ntests: [{vars: {q: [a, b]}, assert: [{type: equals, value: 1}]}]\n",
                2, "combinations"
            ),
        ])
    func whatDeadboltCannotReadAsPromptfooDoesIsRefusedAtItsLine(config: String, line: Int, word: String) throws {
        var files = ["promptfooconfig.yaml": config, "prompts/build.py": "print(1)\n"]
        if word == "combinations" {
            // Three list vars of ten values: 1,000 combinations is the most; 10,000 is refused.
            files["promptfooconfig.yaml"] =
                "prompts: [a]\ntests: [{vars: {a: [1a, 2a, 3a, 4a, 5a, 6a, 7a, 8a, 9a, 10a], "
                + "b: [1b, 2b, 3b, 4b, 5b, 6b, 7b, 8b, 9b, 10b], c: [1c, 2c, 3c, 4c, 5c, 6c, 7c, 8c, 9c, 10c], "
                + "d: [1d, 2d, 3d, 4d, 5d, 6d, 7d, 8d, 9d, 10d]}, assert: [{type: equals, value: 1}]}]\n"
        }
        let error = try refusal(files)
        #expect(error.file == "promptfooconfig.yaml", "\(error)")
        #expect(error.line == line, "\(error)")
        #expect(error.description.contains(word), "\(error)")
    }

    @Test func promptfooPlaceholdersBecomeInputFieldsAndNunjucksLogicIsRefused() throws {
        #expect(
            try PromptfooTemplate.qualified("Hi {{ name }}, {{a.b}} {{ items[0].id }}")
                == "Hi {{input.name}}, {{input.a.b}} {{input.items.0.id}}")
        #expect(
            try PromptfooTemplate.qualified("{ not a placeholder } {{unclosed") == "{ not a placeholder } {{unclosed")
        for (template, line) in [
            ("a\n{% if x %}y{% endif %}", 2), ("a\nb\n{{ x | upper }}", 3), ("{# note #}", 1), ("{{ 'a' }}", 1),
        ] {
            #expect(throws: PromptfooTemplate.Problem.self) { try PromptfooTemplate.qualified(template) }
            do { _ = try PromptfooTemplate.qualified(template) } catch { #expect(error.line == line, "\(template)") }
        }
    }

    @Test func importWritesOnePromptsDatasetAndRefusesToChooseAmongSeveral() throws {
        let suite = try read(try Self.example("jsonl-test-cases"))
        let files = try PromptfooImport.files(suite, prompt: nil)
        #expect(files.caseCount == 2)
        #expect(files.definition.contains("placeholders: promptfoo"))
        #expect(files.definition.contains(#"content: "Translate the following text to {{target_language}}: {{text}}""#))
        let lines = files.cases.split(separator: "\n")
        #expect(lines.count == 2)
        let parsed = try CaseParser.parse(Array(files.cases.utf8), path: "cases.jsonl")
        #expect(parsed.map(\.id) == suite.cases.map(\.id))
        #expect(parsed.map(\.input) == suite.cases.map(\.input))
        let definition = try DatasetParser.parse(files.definition, name: "t", folder: "evals/t")
        #expect(definition.placeholders == .promptfoo && definition.messages.count == 1)

        let several = try read(try Self.example("simple-csv"))
        #expect(throws: InputError.self) { try PromptfooImport.files(several, prompt: nil) }
        let chosen = try PromptfooImport.files(several, prompt: "prompts.txt #2")
        #expect(chosen.caseCount == 4)
    }

    @Test func aMissingOrHugeConfigIsNamedAndSoIsAMissingOrHugeFileItReads() throws {
        let missing = try refusal([:])
        #expect(missing.file == "promptfooconfig.yaml" && missing.message == "does not exist", "\(missing)")
        let huge = String(repeating: "#", count: PromptfooReader.maxFileBytes + 1)
        let big = try refusal(["promptfooconfig.yaml": huge])
        #expect(big.file == "promptfooconfig.yaml" && big.message.hasSuffix("the most a suite reads is 64 MiB"))
        let config = "prompts: [file://p.txt]\ntests: [{vars: {q: 1}, assert: [{type: equals, value: 1}]}]\n"
        let absent = try refusal(["promptfooconfig.yaml": config])
        #expect(absent.file == "promptfooconfig.yaml" && absent.line == 1, "cited where it is named: \(absent)")
        #expect(absent.message.contains("p.txt does not exist"), "\(absent)")
        let large = try refusal(["promptfooconfig.yaml": config, "p.txt": huge])
        #expect(large.line == 1 && large.message.hasPrefix("p.txt is 64 MiB"), "\(large)")
    }
}
