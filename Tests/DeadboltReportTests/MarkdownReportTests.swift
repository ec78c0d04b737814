import DeadboltCore
import DeadboltReport
import Testing

@Suite struct MarkdownReportTests {
    @Test func markdownIsCutUnderTheLimitWithANote() {
        let results = (0..<400).map { index in
            CaseResult(
                dataset: "refunds", caseID: "reg-\(index)", status: .failed, file: "c.jsonl", line: index + 1,
                tier: .smoke,
                assertions: [
                    AssertionResult(
                        type: "equals", pass: false, message: "differs", diff: String(repeating: "- line\n", count: 40))
                ])
        }
        let report = MarkdownReport.render(Verdict(gate: "pull-request", base: nil, head: nil, results: results))
        #expect(report.count <= 65_535)
        #expect(report.contains("the report was cut here"))
        #expect(report.components(separatedBy: "```").count % 2 == 1)
    }
}

@Suite struct HTMLReportTests {
}
