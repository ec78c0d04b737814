import DeadboltCore
import DeadboltReport
import Testing

/// The messages a case sent and the prompt versions it used survive a partial verdict, so
/// `deadbolt merge` reports them as `check` does.
@Suite struct VerdictMessagesTests {
    @Test func messagesAndPromptsAreWrittenAndReadBack() throws {
        var result = CaseResult(
            dataset: "refunds", caseID: "reg-1", status: .passed, file: "evals/regression/refunds/cases.jsonl", line: 1,
            tier: .smoke)
        let parts: JSONValue = .array([.object(["type": .string("image_url"), "image_url": .string("x")])])
        result.messages = [
            ChatMessage(role: "system", text: "Be exact."), ChatMessage(role: "user", content: parts),
        ]
        result.prompts = ["prompts/refund.md": "0123abcd"]
        let json = VerdictJSON.render(Verdict(gate: "run", base: nil, head: nil, results: [result]))
        let written = try #require(json["results"]?.arrayValue?.first)
        #expect(
            written["messages"]
                == .array([
                    .object(["role": .string("system"), "content": .string("Be exact.")]),
                    .object(["role": .string("user"), "content": parts]),
                ]))
        #expect(written["prompts"] == .object(["prompts/refund.md": .string("0123abcd")]))
        let read = try #require(try VerdictJSONReader.read(json).results.first)
        #expect(read.messages == result.messages)
        #expect(read.prompts == result.prompts)
    }
}
