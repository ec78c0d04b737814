import DeadboltCore
import Testing

private let folder = "evals/regression/refunds"

/// A dataset read from `definition`, as `dataset.yml` of `evals/regression/refunds`.
private func dataset(_ definition: String) throws -> Dataset {
    try DatasetParser.parse(definition, name: "refunds", folder: folder)
}

private func regressionCase(_ input: JSONValue, id: String = "reg-1", line: Int = 1) -> RegressionCase {
    RegressionCase(id: id, input: input, expectedOutput: .string("pro-rata"), line: line)
}

/// The messages of `input` rendered with `definition` from `files`, as (role, text) pairs.
private func render(
    _ definition: String, _ input: JSONValue, files: [String: String], config: Config = Config()
) throws -> RenderedPrompt {
    try PromptRenderer(tree: MemoryTree(files), config: config).render(try dataset(definition), regressionCase(input))
}

/// The error rendering fails with.
private func renderError(
    _ definition: String, _ input: JSONValue, files: [String: String], config: Config = Config()
) -> InputError? {
    #expect(throws: InputError.self) { try render(definition, input, files: files, config: config) }
}

private func text(_ messages: [ChatMessage]) -> [String] {
    messages.map { "\($0.role): \($0.content.stringValue ?? $0.content.compactText())" }
}

@Suite struct PromptRenderingTests {
    @Test func promptIsTheSystemMessageAndTheInputTheUserMessage() throws {
        let rendered = try render(
            "prompt: prompts/refund.md\n", .object(["question": .string("Can I get a refund?")]),
            files: ["prompts/refund.md": "Refunds are pro-rata.\n"])
        #expect(
            rendered.messages == [
                ChatMessage(role: "system", text: "Refunds are pro-rata."),
                ChatMessage(role: "user", text: "Can I get a refund?"),
            ])
        #expect(rendered.files == ["prompts/refund.md": "id-22"])
    }

    @Test func fillsNestedFieldsAndWritesNonStringsAsCompactJSON() throws {
        let input: JSONValue = .object([
            "question": .string("Refund?"),
            "customer": .object(["plan": .string("annual"), "seats": .number(3)]),
            "flags": .object(["vip": .bool(true)]),
            "items": .array([.string("a"), .string("b")]),
        ])
        let rendered = try render(
            "prompt: prompts/refund.md\n", input,
            files: [
                "prompts/refund.md":
                    "Plan {{input.customer.plan}}, {{ input.customer.seats }} seats, flags {{input.flags}}, "
                    + "second {{input.items.1}}, all {{input.items}}. Keep {{other}} as is.\n"
            ])
        #expect(
            rendered.messages[0].content
                == .string(
                    #"Plan annual, 3 seats, flags {"vip":true}, second b, all ["a","b"]. Keep {{other}} as is."#))
    }

    @Test func aPromptThatIsOnePlaceholderOfAnObjectIsItsJSON() throws {
        let rendered = try render(
            "owners: [p.md]\nmessages:\n  - {role: user, content: \"{{input.order}}\"}\n",
            .object(["order": .object(["id": .number(7), "total": .number(12.5)])]), files: [:])
        #expect(rendered.messages == [ChatMessage(role: "user", text: #"{"id":7,"total":12.5}"#)])
    }

    @Test func includesAreReplacedRecursivelyFromTheRootOrTheIncludingFolder() throws {
        let rendered = try render(
            "prompt: prompts/refund.md\n", .string("Refund?"),
            files: [
                "prompts/refund.md": "Refunds are pro-rata.\n{{> prompts/partials/tone.md}}\nThanks.\n",
                // From the including file's folder: prompts/partials/sign.md.
                "prompts/partials/tone.md": "Be kind. {{>sign.md}}\n",
                "prompts/partials/sign.md": "Sign as {{input}}.\n",
            ])
        #expect(rendered.messages[0].content == .string("Refunds are pro-rata.\nBe kind. Sign as Refund?.\nThanks."))
        #expect(
            rendered.files == [
                "prompts/refund.md": "id-61", "prompts/partials/tone.md": "id-22", "prompts/partials/sign.md": "id-19",
            ])
    }

    @Test func theRepositorysOwnIncludePatternsAreUsed() throws {
        var config = Config()
        config.includes = [#"\{%\s*include\s+"([^"]+)"\s*%\}"#]
        let rendered = try render(
            "prompt: prompts/refund.md\n", .string("q"),
            files: ["prompts/refund.md": #"A {% include "prompts/b.md" %} C {{> prompts/b.md}}"#, "prompts/b.md": "B"],
            config: config)
        #expect(rendered.messages[0].content == .string("A B C {{> prompts/b.md}}"))
    }

    @Test func aDiamondIsFineButACycleIsRefusedWithTheDatasetLine() throws {
        let diamond = try render(
            "prompt: prompts/a.md\n", .string("q"),
            files: ["prompts/a.md": "{{> prompts/b.md}}+{{> prompts/b.md}}", "prompts/b.md": "b"])
        #expect(diamond.messages[0].content == .string("b+b"))
        let error = renderError(
            "owners: [prompts/x.md]\nprompt: prompts/a.md\n", .string("q"),
            files: [
                "prompts/x.md": "", "prompts/a.md": "{{> prompts/b.md}}", "prompts/b.md": "{{> prompts/a.md}}",
            ])
        #expect(error?.file == folder + "/dataset.yml")
        #expect(error?.line == 2)
        #expect(error?.message.contains("include cycle: prompts/a.md → prompts/b.md → prompts/a.md") == true)
    }

    @Test func includesNestAtMostSixteenDeep() {
        var files: [String: String] = [:]
        for index in 0..<20 { files["prompts/p\(index).md"] = "{{> prompts/p\(index + 1).md}}" }
        files["prompts/p20.md"] = "end"
        let error = renderError("prompt: prompts/p0.md\n", .string("q"), files: files)
        #expect(error?.message.contains("nest more than 16 files deep") == true)
    }

    @Test func aMissingFieldNamesTheCaseAndTheDatasetLine() {
        let error = renderError(
            "description: refunds\nprompt: prompts/refund.md\n", .object(["question": .string("q")]),
            files: ["prompts/refund.md": "Plan: {{input.customer.plan}}"])
        #expect(error?.file == folder + "/dataset.yml")
        #expect(error?.line == 2)
        #expect(error?.message.contains("case `reg-1` (evals/regression/refunds/cases.jsonl:1)") == true)
        #expect(error?.message.contains("the case input has no field `customer`") == true)
        #expect(error?.message.contains("prompts/refund.md") == true)
    }

    @Test func aMissingPromptFileOrIncludeNamesTheDatasetLine() {
        let missing = renderError(
            "owners: [prompts/a.md]\nmessages:\n  - role: system\n    file: prompts/gone.md\n", .string("q"),
            files: ["prompts/a.md": ""])
        #expect(missing?.file == folder + "/dataset.yml")
        #expect(missing?.line == 3)
        #expect(missing?.message.contains("the prompt file prompts/gone.md does not exist") == true)
        let include = renderError(
            "prompt: prompts/a.md\n", .string("q"), files: ["prompts/a.md": "x {{> partials/gone.md}}"])
        #expect(include?.line == 1)
        #expect(
            include?.message.contains(
                "prompts/a.md includes partials/gone.md (`{{> partials/gone.md}}`), which does not exist")
                == true)
    }

    @Test func expectedOutputIsNotFilledInPrompts() {
        let error = renderError(
            "prompt: prompts/a.md\n", .string("q"), files: ["prompts/a.md": "Answer {{expected_output}}"])
        #expect(error?.message.contains("cannot show the model the expected output") == true)
    }

    @Test func messagesMixFilesAndContent() throws {
        let rendered = try render(
            """
            messages:
              - {role: system, file: prompts/refund.md}
              - {role: user, content: "My plan is {{input.plan}}."}
              - {role: assistant, content: "Noted."}
              - {role: user, content: "{{input.question}}"}
            """, .object(["plan": .string("annual"), "question": .string("Refund?")]),
            files: ["prompts/refund.md": "Be exact."])
        #expect(
            text(rendered.messages) == [
                "system: Be exact.", "user: My plan is annual.", "assistant: Noted.", "user: Refund?",
            ])
        #expect(rendered.files == ["prompts/refund.md": "id-9"])
    }

    @Test func withoutAPromptTheInputIsTheOneUserMessage() throws {
        let rendered = try PromptRenderer().render(
            try dataset("owners: [prompts/a.md]\n"), regressionCase(.object(["question": .string("Refund?")])))
        #expect(rendered.messages == [ChatMessage(role: "user", text: "Refund?")])
        #expect(rendered.files.isEmpty)
    }

    @Test func theInputAsText() {
        #expect(PromptRenderer.inputText(.string("plain")) == "plain")
        #expect(PromptRenderer.inputText(.object(["question": .string("q"), "plan": .string("p")])) == "q")
        #expect(PromptRenderer.inputText(.object(["query": .string("only")])) == "only")
        #expect(PromptRenderer.inputText(.object(["a": .number(1), "b": .string("x")])) == #"{"a":1,"b":"x"}"#)
        #expect(PromptRenderer.inputText(.object(["n": .number(1)])) == #"{"n":1}"#)
        #expect(PromptRenderer.inputText(.number(4)) == "4")
    }

    @Test func aCasesOwnMessagesAreSentInEveryShape() throws {
        let openAI: JSONValue = .array([
            .object(["role": .string("user"), "content": .string("Hi")]),
            .object([
                "role": .string("assistant"),
                "content": .array([
                    .object(["type": .string("text"), "text": .string("Hello")])
                ]),
            ]),
        ])
        let otel: JSONValue = .array([
            .object([
                "role": .string("user"),
                "parts": .array([
                    .object(["type": .string("text"), "content": .string("Hi")]),
                    .object(["type": .string("text"), "content": .string("again")]),
                ]),
            ])
        ])
        let langChain: JSONValue = .array([
            .object(["type": .string("human"), "content": .string("Hi")]),
            .object(["type": .string("ai"), "content": .string("Hello")]),
            .object([
                "lc": .number(1), "type": .string("constructor"),
                "id": .array([.string("langchain"), .string("schema"), .string("ToolMessage")]),
                "kwargs": .object(["content": .string("42")]),
            ]),
        ])
        let files = ["prompts/a.md": "Be kind."]
        #expect(
            text(try render("prompt: prompts/a.md\n", .object(["messages": openAI]), files: files).messages) == [
                "system: Be kind.", "user: Hi", "assistant: Hello",
            ])
        #expect(
            text(try render("prompt: prompts/a.md\n", .object(["messages": otel]), files: files).messages) == [
                "system: Be kind.", "user: Hi\nagain",
            ])
        #expect(
            text(try render("owners: [prompts/a.md]\n", .object(["messages": langChain]), files: files).messages) == [
                "user: Hi", "assistant: Hello", "tool: 42",
            ])
    }

    @Test func aCaseStartingWithASystemMessageKeepsItsOwn() throws {
        let messages: JSONValue = .array([
            .object(["role": .string("system"), "content": .string("Captured system")]),
            .object(["role": .string("user"), "content": .string("Hi")]),
        ])
        let rendered = try render(
            "prompt: prompts/a.md\n", .object(["messages": messages, "question": .string("Hi")]),
            files: ["prompts/a.md": "Be kind."])
        #expect(text(rendered.messages) == ["system: Captured system", "user: Hi"])
        #expect(rendered.files.isEmpty)
    }

    @Test func contentWithAnImageIsPassedAsGiven() throws {
        let parts: JSONValue = .array([
            .object(["type": .string("text"), "text": .string("What is this?")]),
            .object(["type": .string("image_url"), "image_url": .object(["url": .string("https://x/y.png")])]),
        ])
        let rendered = try PromptRenderer().render(
            try dataset("owners: [p.md]\n"),
            regressionCase(.object(["messages": .array([.object(["role": .string("user"), "content": parts])])])))
        #expect(rendered.messages == [ChatMessage(role: "user", content: parts)])
    }

    @Test func lintReportsEachMissingFieldOnceWithTheCasesLackingIt() throws {
        let tree = MemoryTree(["prompts/a.md": "{{input.plan}} {{input.plan}} {{input.question}}"])
        let definition = try dataset("prompt: prompts/a.md\n")
        let cases = [
            regressionCase(.object(["plan": .string("x"), "question": .string("q")]), id: "reg-1"),
            regressionCase(.object(["question": .string("q")]), id: "reg-2"),
            regressionCase(
                .object(["messages": .array([.object(["role": .string("system"), "content": .string("s")])])]),
                id: "reg-3"),
        ]
        let problems = PromptRenderer(tree: tree, config: Config()).problems(definition, cases: cases)
        #expect(problems.count == 1)
        #expect(problems.first?.line == 1)
        #expect(
            problems.first?.message.contains(
                "`{{input.plan}}` in prompts/a.md: 1 case of 2 has no such input field: `reg-2`") == true)
        let missing = PromptRenderer(tree: MemoryTree([:]), config: Config()).problems(definition, cases: cases)
        #expect(missing.map(\.message) == ["dataset `refunds`: the prompt file prompts/a.md does not exist"])
    }
}
