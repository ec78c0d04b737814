import DeadboltCore
import Foundation
import TestSupport
import Testing

/// `deadbolt capture --where` / `--all` / a folder: every trace an export holds that the filters
/// take becomes a case; twins are skipped and reported.
@Suite struct BatchCaptureCommandTests {
    /// Five traces (variants of a real export) in JSON Lines; 2 and 3 are complaints.
    static func export(_ fixture: GitFixture) throws -> String {
        var lines: [String] = []
        for number in 1...5 {
            lines.append(
                try RealTraceVariants.line(
                    number: number, question: "Question \(number) about my annual plan?",
                    tier: number % 2 == 0 ? "enterprise" : "free",
                    outcome: [2, 3].contains(number) ? "complaint" : "ok"))
        }
        try fixture.write("traces/export.jsonl", lines.joined(separator: "\n") + "\n")
        return fixture.root + "/traces/export.jsonl"
    }

    static let cases = "evals/regression/refund_policy_regressions/cases.jsonl"

    static func capture(_ fixture: GitFixture, _ extra: [String]) throws -> ProcessResult {
        try deadbolt(
            [
                "capture", "--dataset", "refund_policy_regressions", "--bug", "BUG-200", "--expected", "pro-rata",
            ] + extra, in: fixture)
    }

    @Test func complaintsBecomeCasesOnceAndTwinsAreReported() throws {
        let fixture = try makePromptRepository()
        let export = try Self.export(fixture)
        let before = try fixture.read(Self.cases).split(separator: "\n").count
        let first = try Self.capture(fixture, ["--trace", export, "--where", "outcome=complaint"])
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(
            first.stdout.contains("captured 2 cases into \(Self.cases) from 2 of 5 traces read\n"), "\(first.stdout)")
        let lines = try fixture.read(Self.cases).split(separator: "\n")
        #expect(lines.count == before + 2)
        let added = try lines.suffix(2).map { try JSONValue.parse(String($0)) }
        #expect(added.map { $0["trace_id"] } == [2, 3].map { .string(RealTraceVariants.traceID($0)) })
        #expect(
            added.map { $0["input"]?["question"] } == [2, 3].map { .string("Question \($0) about my annual plan?") })
        #expect(
            added.allSatisfy {
                $0["bug_link"] == .string("BUG-200") && $0["model"] == .string("gpt-4o-mini-2024-07-18")
            })
        #expect(added.first?["tags"]?["customer_tier"] == .string("enterprise"))
        #expect(Set(added.compactMap { $0["id"]?.stringValue }).count == 2)

        let again = try Self.capture(fixture, ["--trace", export, "--where", "outcome=complaint"])
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(again.stdout.contains("captured 0 cases into"), "\(again.stdout)")
        #expect(again.stdout.contains("; 2 twins skipped\n"), "\(again.stdout)")
        #expect(again.stdout.contains("skipped trace \(RealTraceVariants.traceID(2)): case `"))
        #expect(try fixture.read(Self.cases).split(separator: "\n").count == before + 2)

        // Both filters must hold: trace 2 is the enterprise complaint, a twin by now.
        let both = try Self.capture(
            fixture, ["--trace", export, "--where", "outcome=complaint", "--where", "customer_tier=enterprise"])
        #expect(both.stdout.contains("from 1 of 5 traces read; 1 twin skipped"), "\(both.stdout)")
    }

    @Test func allTakesEveryTraceAndSkipsTwinsWithinTheBatch() throws {
        let fixture = try makePromptRepository()
        let export = try Self.export(fixture)
        // A folder: the export, and the same first trace again in a file of its own.
        try fixture.write(
            "traces/zz-again.json",
            try RealTraceVariants.line(
                number: 9, question: "Question 1 about my annual plan?", tier: "free", outcome: nil))
        _ = export
        // And a trace whose call recorded no messages: reported with what to set, not passed over.
        try fixture.write("traces/default.json", try RealTraceVariants.fixture("otel-openai-v2-default.traces.json"))
        let result = try Self.capture(fixture, ["--trace", fixture.root + "/traces", "--all"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("captured 5 cases"), "\(result.stdout)")
        #expect(
            result.stdout.contains(
                "skipped trace \(RealTraceVariants.traceID(9)): trace \(RealTraceVariants.traceID(1)) "
                    + "of this batch has the same input"),
            "\(result.stdout)")
        #expect(result.stdout.contains("(\(fixture.root)/traces/default.json): holds 1 model call"), "\(result.stdout)")
        #expect(result.stdout.contains("SPAN_ONLY"))
        #expect(result.stdout.contains("from 7 of 7 traces read; 1 twin skipped, 1 not read\n"), "\(result.stdout)")
    }

    @Test func aMisspeltKeyNamesTheTagsTheTracesCarry() throws {
        let fixture = try makePromptRepository()
        let export = try Self.export(fixture)
        let result = try Self.capture(fixture, ["--trace", export, "--where", "outcom=complaint"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no trace carries the tag `outcom`"), "\(result.stderr)")
        #expect(result.stderr.contains("outcome"))
        let nothing = try Self.capture(fixture, ["--trace", export, "--where", "outcome=refund_denied"])
        #expect(nothing.status == 0)
        #expect(
            nothing.stdout.contains("captured 0 cases into \(Self.cases) from 0 of 5 traces read"), "\(nothing.stdout)")
    }

    @Test func badFlagsExitTwo() throws {
        let fixture = try makePromptRepository()
        let export = try Self.export(fixture)
        for (flags, message) in [
            (["--where", "complaint"], "--where takes key=value"),
            (["--where", "=x"], "--where takes key=value"),
            (["--where", "a=b", "--span", "abc"], "--span picks one call of one trace"),
        ] {
            let result = try Self.capture(fixture, ["--trace", export] + flags)
            #expect(result.status == 2, "\(flags)")
            #expect(result.stderr.contains(message), "\(flags): \(result.stderr)")
        }
    }

    @Test func aFailingCaseIsRefusedAndTheExitIsOne() throws {
        let fixture = try makePromptRepository()
        let export = try Self.export(fixture)
        let result = try deadbolt(
            [
                "capture", "--dataset", "refund_policy_regressions", "--bug", "BUG-201", "--expected",
                "something the prompt never says", "--trace", export, "--where", "customer_tier=free",
            ], in: fixture)
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(
            result.stdout.contains("refused trace \(RealTraceVariants.traceID(1)): fails at HEAD"), "\(result.stdout)")
        #expect(result.stdout.contains("captured 0 cases into \(Self.cases) from 3 of 5 traces read; 3 refused"))
    }
}
