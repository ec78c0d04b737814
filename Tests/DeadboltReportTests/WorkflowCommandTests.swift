import DeadboltCore
import DeadboltReport
import Testing

/// Nothing deadbolt prints as a GitHub workflow command can end it early and forge another.
@Suite struct WorkflowCommandTests {
    static let hostile = "x\n::error file=forged::owned%0A\r,:"

    /// One command per line, and that line holds no raw CR or LF.
    static func isOneCommand(_ command: String) -> Bool {
        !command.contains("\n") && !command.contains("\r") && command.hasPrefix("::")
    }

    @Test func hostileDatasetMessageAndPathAreEscaped() throws {
        let result = CaseResult(
            dataset: "refunds" + Self.hostile, caseID: "a", status: .failed,
            file: "evals/" + Self.hostile + "/cases.jsonl",
            line: 3, tier: .smoke,
            assertions: [AssertionResult(type: "icontains", pass: false, message: "missing " + Self.hostile)])
        let verdict = Verdict(
            gate: "pull-request", base: nil, head: nil, results: [result],
            warnings: [GateWarning(kind: .lockUnproven, message: "warned " + Self.hostile)])
        let annotations = WorkflowCommands.annotations(
            verdict, ownerPaths: [result.dataset: ["prompts/" + Self.hostile]])
        #expect(annotations.count == 3)
        for annotation in annotations {
            let command = annotation.command
            #expect(Self.isOneCommand(command), "\(command.debugDescription)")
            // The properties end at the first `::` after the level; none of theirs may end them early.
            let afterLevel = command.drop(while: { $0 != " " })
            let properties = try #require(afterLevel.range(of: "::")).lowerBound
            #expect(!afterLevel[..<properties].contains(":"), "\(command.debugDescription)")
        }
        let first = try #require(annotations.first?.command)
        #expect(first.contains("file=evals/x%0A%3A%3Aerror file=forged%3A%3Aowned%250A%0D%2C%3A/cases.jsonl"))
        #expect(first.contains("missing x%0A::error file=forged::owned%250A%0D,:"))
    }

    @Test func escapingRulesOfTheRunner() {
        #expect(WorkflowCommands.escapeData("a%b\r\nc") == "a%25b%0D%0Ac")
        #expect(WorkflowCommands.escapeProperty("a:b,c\n") == "a%3Ab%2Cc%0A")
    }

    @Test func mergedVerdictWithHugeNumbersIsRefusedNotATrap() {
        let json: JSONValue = .object([
            "gate": .string("pull-request"),
            "results": .array([
                .object([
                    "dataset": .string("d"), "case": .string("a"), "status": .string("errored"),
                    "duration_ms": .number(1e300),
                ])
            ]),
        ])
        let error = #expect(throws: VerdictJSONReader.NotAVerdict.self) { try VerdictJSONReader.read(json) }
        #expect(error?.message.contains("duration_ms") == true)
        let signal: JSONValue = .object([
            "gate": .string("pull-request"),
            "results": .array([
                .object([
                    "dataset": .string("d"), "case": .string("a"), "status": .string("errored"),
                    "error": .object(["reason": .string("x"), "signal": .number(-1e20)]),
                ])
            ]),
        ])
        let second = #expect(throws: VerdictJSONReader.NotAVerdict.self) { try VerdictJSONReader.read(signal) }
        #expect(second?.message.contains("error.signal") == true)
    }
}
