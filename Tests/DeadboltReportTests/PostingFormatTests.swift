import DeadboltCore
import DeadboltHTTP
import DeadboltReport
import Testing

/// The pieces of posting that are plain text: workflow-command escaping, the status description,
/// Link headers, proxy bypass, and reading a verdict back from its JSON.
@Suite struct PostingFormatTests {
    @Test func workflowCommandsEscapeAsTheRunnerReadsThem() {
        #expect(WorkflowCommands.escapeData("50% off\r\nnext: a, b") == "50%25 off%0D%0Anext: a, b")
        #expect(WorkflowCommands.escapeProperty("a:b,c%\n") == "a%3Ab%2Cc%25%0A")
        let annotation = WorkflowCommands.Annotation(
            level: .error, file: "evals/x, y/cases.jsonl", line: 3, title: "deadbolt: x", message: "one\ntwo")
        #expect(annotation.command == "::error file=evals/x%2C y/cases.jsonl,line=3,title=deadbolt%3A x::one%0Atwo")
    }

    func verdict(_ statuses: [CaseStatus], warnings: [GateWarning] = []) -> Verdict {
        Verdict(
            gate: "pull-request", base: "a", head: "b",
            results: statuses.enumerated().map { index, status in
                CaseResult(
                    dataset: "d", caseID: "c\(index)", status: status, file: "evals/d/cases.jsonl", line: index + 1,
                    tier: .smoke,
                    assertions: status == .passed
                        ? [] : [AssertionResult(type: "icontains", pass: false, message: "missing", diff: "- a\n+ b")])
            }, warnings: warnings)
    }

    @Test func statusDescriptionsSayTheCountsAndFit() {
        #expect(StatusSummary(verdict([.passed, .passed])).description == "2 cases passed")
        #expect(StatusSummary(verdict([.passed, .failed, .errored])).description == "1 failed, 1 errored of 3 cases")
        let unlocked = verdict([.passed], warnings: [GateWarning(kind: .fixWithoutLock, message: "x")])
        #expect(StatusSummary(unlocked).description == "1 case passed · 1 fix without lock")
        #expect(StatusSummary(unlocked).state == .success)
        #expect(StatusSummary(verdict([.failed])).state == .failure)
        let empty = Verdict(
            gate: "pre-push", base: nil, head: "b", results: [],
            emptyReason: String(repeating: "no prompt changed ", count: 20))
        let long = StatusSummary(empty)
        #expect(long.description.count == 139)
        #expect(long.description.hasSuffix("…"))
        #expect(long.context == "deadbolt/pre-push")
    }

    @Test func annotationsPointAtCasesPromptsAndWarnings() {
        let annotations = WorkflowCommands.annotations(
            verdict(
                [.failed, .passed, .failed], warnings: [GateWarning(kind: .fixWithoutLock, message: "add a case")]),
            ownerPaths: ["d": ["prompts/a.md", "prompts/a.md"]])
        #expect(annotations.map(\.level) == [.error, .error, .error, .warning])
        #expect(annotations[0].file == "evals/d/cases.jsonl" && annotations[0].line == 1)
        #expect(annotations[0].message == "icontains: missing\n- a\n+ b")
        #expect(annotations[2].file == "prompts/a.md")
        #expect(annotations[2].title == "deadbolt: this change fails 2 regression cases")
        let many = WorkflowCommands.annotations(verdict(Array(repeating: .failed, count: 60)), ownerPaths: [:])
        #expect(many.count == WorkflowCommands.caseLimit + 1)
    }

    @Test func linkHeadersGiveTheNextPage() {
        #expect(
            LinkHeader.next(
                #"<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=5>; rel="last""#)
                == "https://api.github.com/x?page=2")
        #expect(LinkHeader.next(#"<https://api.github.com/x?page=1>; rel="prev""#) == nil)
        #expect(LinkHeader.next(nil) == nil)
    }

    @Test func proxiesAreSkippedForLoopbackAndNoProxyHosts() {
        #expect(ProxySetting.bypasses("127.0.0.1", environment: [:]))
        #expect(ProxySetting.bypasses("api.github.com", environment: ["NO_PROXY": "example.com, .github.com"]))
        #expect(ProxySetting.bypasses("ghe.corp", environment: ["no_proxy": "*"]))
        #expect(!ProxySetting.bypasses("api.github.com", environment: ["NO_PROXY": "hub.com"]))
    }

    @Test func aVerdictReadsBackFromItsJSON() throws {
        var original = verdict([.failed, .passed])
        original.strictWarnings = [GateWarning(kind: .appendOnly, message: "changed in place")]
        original.warnings = [GateWarning(kind: .fixWithoutLock, message: "add one", commit: "abc")]
        let read = try VerdictJSONReader.read(VerdictJSON.render(original))
        #expect(read.outcome == .fail)
        #expect(read.results.map(\.caseID) == ["c0", "c1"])
        #expect(read.results[0].assertions == original.results[0].assertions)
        #expect(read.results[0].line == 1)
        #expect(read.strictWarnings == original.strictWarnings)
        #expect(read.warnings == original.warnings)
        #expect(VerdictJSON.render(read) == VerdictJSON.render(original))
        #expect(throws: VerdictJSONReader.NotAVerdict.self) {
            try VerdictJSONReader.read(.object(["results": .array([])]))
        }
    }
}
