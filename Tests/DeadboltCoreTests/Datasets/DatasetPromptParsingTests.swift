import DeadboltCore
import Testing

private let path = "evals/regression/d/dataset.yml"

private func parse(_ text: String) throws -> Dataset {
    try DatasetParser.parse(text, name: "d", folder: "evals/regression/d")
}

/// The error parsing `text` fails with.
private func parseError(_ text: String) -> InputError? {
    #expect(throws: InputError.self) { try parse(text) }
}

@Suite struct DatasetPromptParsingTests {
    @Test func promptIsASystemFileAndTheCaseInput() throws {
        let dataset = try parse("owners: [prompts/refund.md]\nprompt: ./prompts//refund.md\n")
        #expect(
            dataset.messages == [
                PromptMessage(role: "system", source: .file("prompts/refund.md"), line: 2),
                PromptMessage(role: "user", source: .caseInput, line: 2),
            ])
        #expect(dataset.owners == ["prompts/refund.md"])
    }

    @Test func renderedFilesAreOwnedWithoutBeingListed() throws {
        let dataset = try parse(
            "messages:\n  - {role: system, file: prompts/refund.md}\n"
                + "  - {role: user, content: \"{{input.question}}\"}\n"
        )
        #expect(dataset.owners == ["prompts/refund.md"])
        #expect(dataset.ownerLines == [2])
        let covered = try parse("owners: [prompts/]\nprompt: prompts/refund.md\n")
        #expect(covered.owners == ["prompts"])
    }

    @Test func promptAndMessagesTogetherIsAnError() {
        let error = parseError(
            "owners: [p.md]\nprompt: prompts/a.md\nmessages:\n  - {role: user, content: hi}\n")
        #expect(error?.file == path)
        #expect(error?.line == 3)
        #expect(error?.message.contains("`prompt` and `messages` cannot both be given") == true)
        #expect(error?.hint != nil)
    }

    @Test func aMessageNeedsARoleAndExactlyOneOfFileAndContent() {
        let noRole = parseError("owners: [p.md]\nmessages:\n  - content: hi\n")
        #expect(noRole?.line == 3)
        #expect(noRole?.message == "message 1 of `messages` has no `role`")
        let both = parseError(
            "owners: [p.md]\nmessages:\n  - role: user\n    content: hi\n"
                + "  - role: system\n    file: a.md\n    content: x\n"
        )
        #expect(both?.line == 7)
        #expect(both?.message == "message 2 of `messages` has both `file` and `content`; give exactly one")
        let neither = parseError("owners: [p.md]\nmessages:\n  - role: user\n")
        #expect(neither?.line == 3)
        #expect(neither?.message.contains("neither `file` nor `content`") == true)
    }

    @Test func badShapesNameTheirLine() {
        let role = parseError("owners: [p.md]\nmessages:\n  - {role: sytem, file: a.md}\n")
        #expect(role?.line == 3)
        #expect(role?.hint == "did you mean `system`?")
        let notList = parseError("owners: [p.md]\nmessages: prompts/a.md\n")
        #expect(notList?.line == 2)
        #expect(notList?.message.contains("must be a non-empty list of messages") == true)
        let notMapping = parseError("owners: [p.md]\nmessages:\n  - prompts/a.md\n")
        #expect(notMapping?.line == 3)
        let unknown = parseError("owners: [p.md]\nmessages:\n  - {role: user, text: hi}\n")
        #expect(unknown?.line == 3)
        #expect(unknown?.message == "unknown key `text` in message 1 of `messages`")
        let listPrompt = parseError("owners: [p.md]\nprompt: [a.md]\n")
        #expect(listPrompt?.line == 2)
        #expect(listPrompt?.message == "`prompt` must be a string, not a list")
        let climbs = parseError("owners: [p.md]\nprompt: ../outside.md\n")
        #expect(climbs?.line == 2)
        #expect(climbs?.message.contains("from the repository root") == true)
    }
}
