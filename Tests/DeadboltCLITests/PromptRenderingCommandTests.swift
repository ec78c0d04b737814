import DeadboltCore
import Foundation
import TestSupport
import Testing

/// A repository whose dataset renders `prompts/refund.md` (with an include and a nested field),
/// and whose provider writes the request it reads to `log/CASE_ID.json` and answers pro-rata.
private func makeRenderingRepository() throws -> (fixture: GitFixture, log: String) {
    let fixture = try GitFixture()
    let log = try TemporaryFolder.make(prefix: "requests")
    try fixture.write("deadbolt.yml", "version: 1\nprovider:\n  command: [\"bin/provider\"]\n  timeout: 5s\n")
    try fixture.write(
        "prompts/refund.md", "Refunds for {{input.customer.plan}} plans are pro-rata.\n{{> prompts/partials/tone.md}}\n"
    )
    try fixture.write("prompts/partials/tone.md", "Sign off with: Happy to help.\n")
    try fixture.write(
        "bin/provider", "#!/bin/sh\ncat > \"\(log)/$DEADBOLT_CASE_ID.json\"\necho 'Refunds are pro-rata.'\n")
    _ = try ProcessResult.run(["chmod", "+x", fixture.root + "/bin/provider"], in: fixture.root)
    try fixture.write(
        "evals/regression/refunds/dataset.yml",
        "description: Refund answers\nprompt: prompts/refund.md\nassert:\n  - {type: icontains, value: pro-rata}\n")
    try fixture.write(
        "evals/regression/refunds/cases.jsonl",
        [
            #"{"id":"reg-2026-12-01-plan01","input":{"question":"Can I get a refund?","customer":{"plan":"annual"}},"#
                + #""expected_output":"pro-rata"}"#,
            // Captured from an OpenTelemetry GenAI trace: parts, and a system message of its own.
            #"{"id":"reg-2026-12-01-chat01","input":{"customer":{"plan":"monthly"},"question":"And now?","#
                + #""messages":[{"role":"user","parts":[{"type":"text","content":"Refund?"}]},"#
                + #"{"role":"assistant","parts":[{"type":"text","content":"Which plan?"}]},"#
                + #"{"role":"user","parts":[{"type":"text","content":"And now?"}]}]},"expected_output":"pro-rata"}"#,
        ].joined(separator: "\n") + "\n")
    try fixture.commit("Add refunds")
    return (fixture, log)
}

private func request(_ log: String, _ id: String) throws -> JSONValue {
    try JSONValue.parse(
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: "\(log)/\(id).json")), as: UTF8.self))
}

private func message(_ role: String, _ content: String) -> JSONValue {
    .object(["role": .string(role), "content": .string(content)])
}

@Suite struct PromptRenderingCommandTests {
    @Test func checkSendsTheRenderedMessagesAndTheVerdictKeepsThem() throws {
        let (fixture, log) = try makeRenderingRepository()
        try fixture.write("prompts/partials/tone.md", "Sign off with: Happy to help!\n")
        try fixture.commit("Warmer sign-off")
        let report = fixture.root + "/../verdict-\(UUID().uuidString.prefix(6)).json"
        let result = try deadbolt(["check", "--base", "HEAD~1", "--report", "json=\(report)"], in: fixture)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")

        let system = message("system", "Refunds for annual plans are pro-rata.\nSign off with: Happy to help!")
        let planned = try request(log, "reg-2026-12-01-plan01")
        #expect(planned["messages"] == .array([system, message("user", "Can I get a refund?")]))
        let prompts: JSONValue = .object([
            "prompts/refund.md": .string(try fixture.sha("HEAD:prompts/refund.md")),
            "prompts/partials/tone.md": .string(try fixture.sha("HEAD:prompts/partials/tone.md")),
        ])
        #expect(planned["prompts"] == prompts)
        #expect(planned["case"]?["input"]?["customer"]?["plan"] == .string("annual"))

        // The captured conversation is sent as it was, after the dataset's system prompt.
        let chat = try request(log, "reg-2026-12-01-chat01")
        #expect(
            chat["messages"]
                == .array([
                    message("system", "Refunds for monthly plans are pro-rata.\nSign off with: Happy to help!"),
                    message("user", "Refund?"), message("assistant", "Which plan?"), message("user", "And now?"),
                ]))

        let verdict = try JSONValue.parse(
            String(decoding: try Data(contentsOf: URL(fileURLWithPath: report)), as: UTF8.self))
        let first = try #require(
            verdict["results"]?.arrayValue?.first { $0["case"] == .string("reg-2026-12-01-plan01") })
        #expect(first["messages"] == planned["messages"])
        #expect(first["prompts"] == prompts)
    }

    @Test func aPromptMissingAtTheRevisionIsExitTwoNamingTheDatasetLine() throws {
        let (fixture, _) = try makeRenderingRepository()
        try fixture.write(
            "evals/regression/refunds/dataset.yml",
            "description: Refund answers\nprompt: prompts/refund_v2.md\n"
                + "assert:\n  - {type: icontains, value: pro-rata}\n"
        )
        try fixture.commit("Point at the new prompt")
        // In the work tree, not in the commit: check reads the commit.
        try fixture.write("prompts/refund_v2.md", "Refunds are pro-rata.\n")
        let result = try deadbolt(["check", "--base", "HEAD~1"], in: fixture)
        #expect(result.status == 2, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("evals/regression/refunds/dataset.yml:2:"), "\(result.stderr)")
        #expect(result.stderr.contains("renders the prompt file prompts/refund_v2.md, which does not exist at head"))
    }

    @Test func aMissingFieldIsExitTwoNamingTheCase() throws {
        let (fixture, _) = try makeRenderingRepository()
        try fixture.write(
            "evals/regression/refunds/cases.jsonl",
            try fixture.read("evals/regression/refunds/cases.jsonl")
                + #"{"id":"reg-2026-12-01-noplan","input":{"question":"Refund?"},"expected_output":"pro-rata"}"# + "\n")
        let result = try deadbolt(["run"], in: fixture)
        #expect(result.status == 2, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("evals/regression/refunds/dataset.yml:2:"))
        #expect(result.stderr.contains("case `reg-2026-12-01-noplan` (evals/regression/refunds/cases.jsonl:3)"))
        #expect(result.stderr.contains("`{{input.customer.plan}}`"))
    }

    @Test func runCaseRunsJustThoseCases() throws {
        let (fixture, log) = try makeRenderingRepository()
        let result = try deadbolt(["run", "--case", "reg-2026-12-01-chat01", "--format", "json"], in: fixture)
        #expect(result.status == 0, "\(result.stderr)")
        let cases = try JSONValue.parse(result.stdout)["results"]?.arrayValue?.compactMap { $0["case"]?.stringValue }
        #expect(cases == ["reg-2026-12-01-chat01"])
        #expect(!FileManager.default.fileExists(atPath: log + "/reg-2026-12-01-plan01.json"))

        let unknown = try deadbolt(["run", "--case", "reg-2026-12-01-chat1"], in: fixture)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("--case reg-2026-12-01-chat1: no case of dataset `refunds` has that id"))
        #expect(unknown.stderr.contains("did you mean `reg-2026-12-01-chat01`?"))
        let withTier = try deadbolt(["run", "--case", "reg-2026-12-01-chat01", "--all"], in: fixture)
        #expect(withTier.status == 2)
    }

    @Test func lintReportsMissingPromptsAndFields() throws {
        let (fixture, _) = try makeRenderingRepository()
        try fixture.write(
            "evals/regression/refunds/cases.jsonl",
            try fixture.read("evals/regression/refunds/cases.jsonl")
                + #"{"id":"reg-2026-12-01-noplan","input":{"question":"Refund?"},"expected_output":"pro-rata"}"#
                + "\n")
        try fixture.write(
            "evals/regression/other/dataset.yml",
            "messages:\n  - {role: system, file: prompts/gone.md}\n  - {role: user, content: \"{{input.question}}\"}\n")
        try fixture.write(
            "evals/regression/other/cases.jsonl",
            #"{"id":"reg-2026-12-01-oth001","input":"q","expected_output":"a"}"# + "\n")
        let result = try deadbolt(["lint", "--format", "json"], in: fixture)
        #expect(result.status == 1, "\(result.stdout)")
        let errors = try JSONValue.parse(result.stdout)["errors"]?.arrayValue ?? []
        let prompt = errors.filter { $0["rule"] == .string("prompt") }
        let messages = prompt.compactMap { $0["message"]?.stringValue }
        #expect(
            messages.contains {
                $0.contains("`{{input.customer.plan}}` in prompts/refund.md: 1 case of 3 has no such input field")
            }, "\(messages)")
        #expect(messages.contains { $0.contains("the prompt file prompts/gone.md does not exist") }, "\(messages)")
        #expect(
            prompt.contains { $0["file"] == .string("evals/regression/other/dataset.yml") && $0["line"] == .number(2) })
        // Reported once, by the rule that names its use, not again as a missing owner.
        #expect(!errors.contains { $0["rule"] == .string("missing-owner") })
    }
}
