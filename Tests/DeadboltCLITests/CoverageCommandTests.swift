import DeadboltCore
import Foundation
import TestSupport
import Testing

/// `deadbolt coverage` and `prompt-version` as a user runs them: real repositories, real runs recorded in
/// history, production exports written as files.
@Suite struct CoverageCommandTests {
    func json(_ text: String) throws -> JSONValue { try JSONValue.parse(Array(text.utf8)) }

    /// Slices by feature and plan tier; `refund-v3` and `refund-v4` are tags of prompts/refund.md.
    static let coverageSettings =
        "coverage:\n  keys: {feature: feature, customer_tier: plan_tier}\n  prompts: {refund: prompts/refund.md}\n"

    /// The worked example: refund-v3 and refund-v4 both pass every case offline; production on v4 complains
    /// for enterprise, which no case covers.
    func makeWorkedExample() throws -> GitFixture {
        let fixture = try makePromptRepository()
        try fixture.write("deadbolt.yml", try fixture.read("deadbolt.yml") + Self.coverageSettings)
        try fixture.write(
            "evals/regression/refund_policy_regressions/cases.jsonl",
            [
                #"{"id":"reg-a","input":{"question":"Annual refund?"},"expected_output":"pro-rata","#
                    + #""tags":{"feature":"refunds","customer_tier":"pro"}}"#,
                #"{"id":"reg-b","input":{"question":"Sign-off?"},"expected_output":"Happy to help","#
                    + #""tags":{"feature":"refunds","customer_tier":"team"}}"#,
            ].joined(separator: "\n") + "\n")
        try fixture.commit("Tag the refund cases")
        _ = try fixture.git(["tag", "refund-v3"])
        try expectDeadbolt(["run", "--all"], in: fixture, exits: 0)
        try fixture.write(
            "prompts/refund.md", "Annual plans are refunded pro-rata, within 30 days.\n{{> prompts/partials/tone.md}}\n"
        )
        try fixture.commit("refund-v4: mention the 30 days")
        _ = try fixture.git(["tag", "refund-v4"])
        try expectDeadbolt(["run", "--all"], in: fixture, exits: 0)
        return fixture
    }

    /// Production rows: per tier and version, `bad` of `count` traces went badly, days ago.
    static func productionRows(now: Date = Date()) -> [[String: String]] {
        let plan: [(tier: String, version: String, count: Int, bad: Int, daysAgo: Int)] = [
            ("enterprise", "refund-v3", 50, 2, 20), ("enterprise", "refund-v4", 50, 15, 5),
            ("pro", "refund-v3", 50, 1, 20), ("pro", "refund-v4", 50, 1, 5), ("team", "refund-v4", 30, 0, 5),
            ("enterprise", "refund-v3", 40, 40, 90),
        ]
        var rows: [[String: String]] = []
        for (group, one) in plan.enumerated() {
            for index in 0..<one.count {
                let time = now.addingTimeInterval(-Double(one.daysAgo) * 86_400 + Double(index) * 60)
                rows.append([
                    "trace_id": "t\(group)-\(index)", "time": String(Int(time.timeIntervalSince1970)),
                    "feature": "refunds", "plan_tier": one.tier, "prompt_version": one.version,
                    "outcome": index < one.bad ? (index % 2 == 0 ? "complaint" : "bad") : "ok",
                    // What enterprise complaints on refund-v4 say, in two wordings.
                    "comment": one.tier == "enterprise" && one.version == "refund-v4" && index < one.bad
                        && index % 2 == 0
                        ? (index % 4 == 0
                            ? "ignored our enterprise contract terms" : "again: ignored the enterprise contract terms")
                        : "",
                ])
            }
        }
        return rows
    }

    static let columns = ["trace_id", "time", "feature", "plan_tier", "prompt_version", "outcome", "comment"]

    static func csv(_ rows: [[String: String]]) -> String {
        columns.joined(separator: ",") + "\n"
            + rows.map { row in columns.map { row[$0] ?? "" }.joined(separator: ",") }
            .joined(separator: "\n") + "\n"
    }

    static func jsonLines(_ rows: [[String: String]]) -> String {
        rows.map { row in
            JSONValue.object([
                "trace_id": .string(row["trace_id"] ?? ""), "time": .string(row["time"] ?? ""),
                "outcome": .string(row["outcome"] ?? ""), "prompt_version": .string(row["prompt_version"] ?? ""),
                "metadata": .object([
                    "feature": .string(row["feature"] ?? ""), "plan_tier": .string(row["plan_tier"] ?? ""),
                ]),
            ]).compactText()
        }.joined(separator: "\n") + "\n"
    }

    func checkWorkedExample(_ fixture: GitFixture, environment: [String: String] = [:]) throws {
        let rows = Self.productionRows()
        try fixture.write("exports/prod.csv", Self.csv(rows))
        try fixture.write("exports/prod.jsonl", Self.jsonLines(rows))
        let result = try expectDeadbolt(
            ["coverage", "--traces", fixture.root + "/exports/prod.csv", "--since", "30d", "--format", "json"],
            in: fixture, environment: environment, exits: 0)
        let report = try json(result.stdout)
        #expect(report["outside_window"]?.numberValue == 40, "the 90-day-old rows are outside --since 30d")
        let slices = try #require(report["slices"]?.arrayValue)
        let top = try #require(slices.first)
        #expect(top["keys"] == .object(["feature": .string("refunds"), "customer_tier": .string("enterprise")]))
        #expect(top["production"]?["traces"]?.numberValue == 100)
        #expect(top["production"]?["bad"]?.numberValue == 17)
        #expect(top["production"]?["complaints"]?.numberValue == 9)
        #expect(top["production"]?["prompt_version"]?.stringValue == "refund-v4")
        #expect(top["regression"]?["cases"]?.numberValue == 0)
        let flags = top["flags"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(flags.contains("no-cases"))
        #expect(flags.contains("offline-win-online-loss"), "\(top)")
        let versions = try #require(top["versions"]?.arrayValue)
        #expect(versions.map { $0["name"]?.stringValue } == ["refund-v3", "refund-v4"])
        #expect(versions[0]["blob"]?.stringValue == (try fixture.git(["rev-parse", "refund-v3:prompts/refund.md"])))
        #expect(versions[1]["blob"]?.stringValue == (try fixture.git(["rev-parse", "refund-v4:prompts/refund.md"])))
        #expect(versions.map { $0["eval_pass_rate"]?.numberValue } == [1, 1])
        let candidates = try #require(top["candidates"]?.arrayValue)
        #expect(candidates.count == 5)
        let capture = try #require(candidates.first?["capture"]?.stringValue)
        #expect(capture.hasPrefix("deadbolt capture --trace TRACE.json --where trace_id=t1-"))
        #expect(capture.contains("--dataset refund_policy_regressions"))
        #expect(capture.contains("--tag customer_tier=enterprise"))
        #expect(candidates.first?["outcome"]?.stringValue == "complaint", "complaints before other bad traces")
        // The 8 complaints that say the same thing are one group; then the one that says nothing, then the rest.
        let groups = try #require(top["groups"]?.arrayValue)
        #expect(groups.map { $0["size"]?.numberValue } == [8, 1, 3])
        #expect(groups.first?["text"]?.stringValue?.contains("enterprise contract terms") == true)
        #expect(groups.first?["capture"]?.stringValue?.contains("--where trace_id=t1-14 ") == true, "the newest")
        #expect(groups.map { $0["outcome"]?.stringValue } == ["complaint", "complaint", "bad"])

        let pro = try #require(slices.first { $0["keys"]?["customer_tier"]?.stringValue == "pro" })
        let results = try #require(pro["regression"]?["results"]?.arrayValue)
        #expect(results.map { $0["case"]?.stringValue } == ["refund_policy_regressions/reg-a"])
        #expect(results.first?["status"]?.stringValue == "passed")
        #expect(results.first?["at_prompt_version"] == .bool(true))
        #expect(results.first?["commit"]?.stringValue == (try fixture.sha("refund-v4")))

        // The same rows as JSON Lines, nested metadata and all, join the same way.
        let lines = try expectDeadbolt(
            ["coverage", "--traces", fixture.root + "/exports/prod.jsonl", "--since", "30d", "--format", "json"],
            in: fixture, environment: environment, exits: 0)
        #expect(
            try json(lines.stdout)["slices"]?.arrayValue?.map { $0["production"] } == slices.map { $0["production"] })

        let text = try expectDeadbolt(
            ["coverage", "--traces", fixture.root + "/exports/prod.csv", "--since", "30d"], in: fixture,
            environment: environment, exits: 0,
            stdout: [
                "feature=refunds customer_tier=enterprise", "no case covers this slice", "offline win, online loss",
                "refund-v3 → refund-v4: bad rate 4.0% → 30.0%", "capture next:",
            ])
        #expect(text.stdout.components(separatedBy: "\n").first?.contains("230 production traces") == true)
    }

    @Test func theWorkedExampleShowsTheThinEnterpriseSlice() throws {
        let fixture = try makeWorkedExample()
        try checkWorkedExample(fixture)
        let markdown = fixture.root + "/.git/coverage.md"
        try expectDeadbolt(
            [
                "coverage", "--traces", fixture.root + "/exports/prod.csv", "--since", "30d", "--report",
                "markdown=" + markdown,
            ],
            in: fixture, exits: 0)
        let written = try String(contentsOfFile: markdown, encoding: .utf8)
        #expect(written.contains("| feature=refunds customer_tier=enterprise | 100 | 17 (17.0%) | 9 |"), "\(written)")
        #expect(written.contains("### Offline win, online loss"))
        #expect(
            written.contains(
                "```sh\n# feature=refunds customer_tier=enterprise\n"
                    + "# 8 like \u{201C}again: ignored the enterprise contract terms\u{201D}\ndeadbolt capture"),
            "\(written)")
    }

    @Test(.enabled(if: StoreEnvironment.postgresURL != nil || ProcessInfo.processInfo.environment["CI"] != nil))
    func theWorkedExampleJoinsRecordsInPostgreSQL() throws {
        let url = try #require(StoreEnvironment.postgresURL, "set DEADBOLT_TEST_POSTGRES_URL")
        let fixture = try makePromptRepository()
        // Records from this repository only: its commits are its own, and coverage reads by dataset.
        try fixture.write("deadbolt.yml", try fixture.read("deadbolt.yml") + Self.coverageSettings)
        let dataset = "refunds_\(UUID().uuidString.prefix(8).lowercased())"
        _ = try fixture.git(["mv", "evals/regression/refund_policy_regressions", "evals/regression/" + dataset])
        try fixture.write(
            "evals/regression/\(dataset)/cases.jsonl",
            #"{"id":"reg-a","input":{"question":"Annual refund?"},"expected_output":"pro-rata","#
                + #""tags":{"feature":"refunds","customer_tier":"pro"}}"# + "\n")
        try fixture.commit("A dataset of its own")
        let environment = ["DEADBOLT_HISTORY_URL": url]
        try expectDeadbolt(["run", "--all"], in: fixture, environment: environment, exits: 0)
        try fixture.write("exports/prod.csv", Self.csv(Self.productionRows()))
        let result = try expectDeadbolt(
            ["coverage", "--traces", fixture.root + "/exports/prod.csv", "--format", "json"], in: fixture,
            environment: environment, exits: 0)
        let report = try json(result.stdout)
        #expect(report["store"]?.stringValue?.contains("postgres") == true)
        let pro = try #require(
            report["slices"]?.arrayValue?.first { $0["keys"]?["customer_tier"]?.stringValue == "pro" })
        #expect(pro["regression"]?["results"]?.arrayValue?.first?["status"]?.stringValue == "passed")
    }

    @Test func otlpExportsCountAsProductionThroughTheTraceReaders() throws {
        let fixture = try makePromptRepository()
        let real = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("DeadboltCoreTests/Capture/Fixtures/Traces/Real/collector-file-export.jsonl")
        try fixture.write("exports/otlp.jsonl", String(contentsOf: real, encoding: .utf8))
        let result = try expectDeadbolt(
            [
                "coverage", "--traces", fixture.root + "/exports", "--by", "feature,intent,customer_tier", "--format",
                "json",
            ], in: fixture, exits: 0)
        let report = try json(result.stdout)
        let slice = try #require(report["slices"]?.arrayValue?.first)
        #expect(
            slice["keys"]
                == .object([
                    "feature": .string("refunds"), "intent": .string("refund_request"),
                    "customer_tier": .string("enterprise"),
                ]))
        #expect((slice["production"]?["traces"]?.numberValue ?? 0) >= 1)
        #expect(report["undated"]?.numberValue == 0, "each trace's time is its call's start")
    }

    @Test func promptVersionIsTheBlobIDTheJoinMatches() throws {
        let fixture = try makePromptRepository()
        let head = try expectDeadbolt(["prompt-version", "prompts/refund.md"], in: fixture, exits: 0)
        #expect(
            head.stdout.trimmingCharacters(in: .newlines) == (try fixture.git(["hash-object", "prompts/refund.md"])))
        try fixture.write("prompts/refund.md", "Refunds: pro-rata.\n")
        try fixture.commit("Shorter")
        let before = try expectDeadbolt(
            ["prompt-version", "prompts/refund.md", "--revision", "HEAD~1", "--format", "json"], in: fixture, exits: 0)
        let blob = try json(before.stdout)["blob"]?.stringValue
        #expect(blob == (try fixture.git(["rev-parse", "HEAD~1:prompts/refund.md"])))
        #expect(blob == head.stdout.trimmingCharacters(in: .newlines))
        try expectDeadbolt(
            ["prompt-version", "prompts/nope.md"], in: fixture, exits: 2, stderr: ["prompts/nope.md", "does not exist"])
        try expectDeadbolt(
            ["prompt-version", "prompts/refund.md", "--revision", "no-such-tag"], in: fixture, exits: 2,
            stderr: ["no-such-tag"])

        // A production row naming the first 12 digits of a recorded blob id joins to that file.
        try expectDeadbolt(["run"], in: fixture, exits: 0)
        let current = try fixture.git(["rev-parse", "HEAD:prompts/refund.md"])
        try fixture.write(
            "exports/p.csv", "trace_id,feature,prompt_version,outcome\nx1,refunds,\(current.prefix(12)),bad\n")
        let report = try json(
            try expectDeadbolt(
                ["coverage", "--traces", fixture.root + "/exports/p.csv", "--by", "feature", "--format", "json"],
                in: fixture, exits: 0
            ).stdout)
        let version = report["slices"]?.arrayValue?.first?["versions"]?.arrayValue?.first
        #expect(version?["path"]?.stringValue == "prompts/refund.md")
        #expect(version?["blob"]?.stringValue == current)
    }

    @Test func badProductionExportsAndSettingsAreExitTwoNamingThem() throws {
        let fixture = try makePromptRepository()
        try fixture.write("exports/short.csv", "trace_id,feature\nt1,refunds\nt2\n")
        try fixture.write("exports/time.csv", "trace_id,time\nt1,soon\n")
        try fixture.write("exports/bad.jsonl", "{\"trace_id\": \"a\"}\n{oops\n")
        let root = fixture.root
        try expectDeadbolt(
            ["coverage", "--traces", root + "/exports/short.csv"], in: fixture, exits: 2,
            stderr: ["short.csv:3", "row 3 has 1 fields"])
        try expectDeadbolt(
            ["coverage", "--traces", root + "/exports/time.csv"], in: fixture, exits: 2,
            stderr: ["time.csv:2", "`soon` is not a time"])
        try expectDeadbolt(
            ["coverage", "--traces", root + "/exports/bad.jsonl"], in: fixture, exits: 2,
            stderr: ["bad.jsonl:2", "line 2 is not JSON"])
        try expectDeadbolt(
            ["coverage", "--traces", root + "/exports/missing.csv"], in: fixture, exits: 2,
            stderr: ["missing.csv", "cannot be read"])
        try expectDeadbolt(["coverage"], in: fixture, exits: 2, stderr: ["--traces needs at least one export"])
        try expectDeadbolt(
            ["coverage", "--traces", root + "/exports/short.csv", "--since", "forever"], in: fixture, exits: 2,
            stderr: ["--since must be a duration"])
        try expectDeadbolt(
            ["coverage", "--traces", root + "/exports/short.csv", "--by", "a,b,c,d,e,f,g,h,i"], in: fixture, exits: 2,
            stderr: ["--by takes 1 to 8 keys"])
        try expectDeadbolt(
            ["coverage", "--traces", root + "/exports/short.csv", "--report", "pdf=x"], in: fixture, exits: 2,
            stderr: ["--report takes json=PATH, markdown=PATH or html=PATH"])
        // A store that is down is a warning: production still shows, without the cases' results.
        try fixture.write("exports/ok.csv", "trace_id,feature,outcome\nt1,refunds,bad\n")
        let down = try expectDeadbolt(
            ["coverage", "--traces", root + "/exports/ok.csv"], in: fixture,
            environment: ["DEADBOLT_HISTORY_URL": "postgres://deadbolt:s3cret@127.0.0.1:1/none?sslmode=disable"],
            exits: 0, stdout: ["warning: history could not be read", "feature=refunds"])
        #expect(!down.stdout.contains("s3cret") && !down.stderr.contains("s3cret"), "the password stays out")
        try fixture.write("deadbolt.yml", try fixture.read("deadbolt.yml") + "coverage: {keys: {}}\n")
        try expectDeadbolt(
            ["coverage", "--traces", root + "/exports/time.csv"], in: fixture, exits: 2,
            stderr: ["deadbolt.yml:6", "coverage.keys"])
        // History off is no error: the slices show without results.
        try fixture.write(
            "deadbolt.yml",
            try fixture.read("deadbolt.yml").replacingOccurrences(of: "coverage: {keys: {}}\n", with: "history: off\n"))
        try fixture.write("exports/ok.csv", "trace_id,feature,outcome\nt1,refunds,bad\n")
        try expectDeadbolt(
            ["coverage", "--traces", root + "/exports/ok.csv"], in: fixture, exits: 0,
            stdout: ["history is off", "feature=refunds"])
    }

    @Test func theCoverageDemoFlagsTheEnterpriseRefundSlice() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        var environment = ProcessInfo.processInfo.environment
        environment["DEADBOLT_BIN"] = DeadboltBinary.path
        let result = try ProcessResult.run(
            ["/bin/bash", root + "/scripts/coverage-demo.sh"], in: root, environment: environment)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("feature=refunds intent=refund_status customer_tier=enterprise"))
        #expect(result.stdout.contains("offline win, online loss: refund-v3 → refund-v4"))
        #expect(result.stdout.contains("enterprise refunds flagged as an offline win and an online loss: yes"))
    }
}
