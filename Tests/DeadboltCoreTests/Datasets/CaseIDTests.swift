import DeadboltCore
import Testing

/// Case ids are one line of printable text: a newline in one could forge a CI workflow command.
@Suite struct CaseIDTests {
    static let definition = "owners: [prompts/refund.md]\n"

    @Test func caseIDsMustBeOnePrintableLine() throws {
        for id in [
            "a\n::error file=x::forged", "a\r", "tab\there", "bell\u{7}", "rtl\u{202E}",
            String(repeating: "a", count: 201), " a",
        ] {
            let json = JSONValue.object(["id": .string(id), "input": .string("q"), "expected_output": .string("x")])
                .compactText()
            let error = #expect(throws: InputError.self) { try CaseParser.parse(Array(json.utf8), path: "c.jsonl") }
            #expect(error?.line == 1, "\(id.debugDescription)")
            #expect(error?.message.hasPrefix("`id` ") == true, "\(error?.message ?? "")")
        }
        let fine = try CaseParser.parse(
            Array(#"{"id": "reg-2026 é 退款", "input": "q", "expected_output": "x"}"#.utf8), path: "c.jsonl")
        #expect(fine.first?.id == "reg-2026 é 退款")
        // lint goes through the same parser.
        let tree = MemoryTree([
            "evals/regression/one/dataset.yml": Self.definition,
            "evals/regression/one/cases.jsonl": #"{"id": "a\n::error::x", "input": "q", "expected_output": "x"}"#
                + "\n",
        ])
        #expect(
            Linter(tree: tree).lint().contains { $0.rule == "cases" && $0.error.message.contains("control character") })
    }
}
