import DeadboltCore
import Testing

@Suite struct DuplicateCaseIDTests {
    static let definition = "owners: [prompts/refund.md]\n"
    static let line = #"{"id": "a", "input": "q", "expected_output": "x"}"#

    @Test func duplicateCaseIDsAreRefusedByTheCatalogAsLintReportsThem() throws {
        let tree = MemoryTree([
            "evals/regression/one/dataset.yml": Self.definition, "evals/regression/one/cases.jsonl": Self.line + "\n",
            "evals/regression/two/dataset.yml": Self.definition, "evals/regression/two/cases.jsonl": Self.line + "\n",
            "prompts/refund.md": "Refunds.",
        ])
        let catalog = try DatasetCatalog(tree: tree, config: Config())
        _ = try catalog.cases(of: try #require(try catalog.dataset(named: "one")))
        let error = #expect(throws: InputError.self) {
            try catalog.cases(of: try #require(try catalog.dataset(named: "two")))
        }
        #expect(error?.file == "evals/regression/two/cases.jsonl")
        #expect(error?.message.contains("already used at evals/regression/one/cases.jsonl:1") == true)
        let lint = Linter(tree: tree).lint().filter { $0.rule == "duplicate-id" }
        #expect(lint.map(\.error) == [try #require(error)])

        let within = MemoryTree([
            "evals/regression/one/dataset.yml": Self.definition,
            "evals/regression/one/cases.jsonl": Self.line + "\n" + Self.line + "\n",
        ])
        let again = try DatasetCatalog(tree: within, config: Config())
        let second = #expect(throws: InputError.self) {
            try again.cases(of: try #require(try again.dataset(named: "one")))
        }
        #expect(second?.line == 2)
    }

    @Test func lintReportsEveryBadLineOfACasesFileNotOnlyTheFirst() throws {
        let tree = MemoryTree([
            "evals/regression/one/dataset.yml": Self.definition,
            "evals/regression/one/cases.jsonl": [
                Self.line, #"{"id": "b", "input": "q",}"#, "", #"{"id": "c"}"#, #"{"id": "d", "input": "q"}"#,
                #"{"id": "e", "input": "q", "expected_output": "x"}"#,
            ].joined(separator: "\n") + "\n",
            "prompts/refund.md": "Refunds.",
        ])
        let findings = Linter(tree: tree).lint().filter { $0.rule == "cases" }
        #expect(findings.map(\.error.line) == [2, 4, 5])
        #expect(findings.allSatisfy { $0.error.file == "evals/regression/one/cases.jsonl" })
        #expect(findings.last?.error.message.contains("neither `expected_output` nor `assert`") == true)
    }
}
