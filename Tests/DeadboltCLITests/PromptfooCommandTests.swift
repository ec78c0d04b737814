import DeadboltCore
import DeadboltHistory
import Foundation
import TestSupport
import Testing

/// A promptfoo repository run by the real binary: kept in place as a dataset, imported, and gated
/// by the hook after `init` and `install` alone, against a chat-completions server on 127.0.0.1.
@Suite(.timeLimit(.minutes(3))) struct PromptfooCommandTests {
    static let prompt = "You are Acme's support bot. Annual plans are refunded pro-rata.\nQuestion: {{ question }}\n"
    static let config = """
        description: Acme support bot
        prompts: [file://prompts/support.txt]
        providers: [openai:chat:gpt-4o-mini]
        defaultTest:
          assert: [{type: not-icontains, value: "as an AI"}]
        tests: file://tests/support.yaml

        """
    static let tests = """
        - description: Refunds are pro-rata
          vars: {question: Can I get a refund?}
          assert: [{type: icontains, value: pro-rata}]
        - vars: {question: [Who are you?, Who made you?]}
          assert: [{type: icontains-any, value: [acme, support]}, {type: contains, value: "{{question}}"}]

        """

    /// The application repository, committed: a prompt, a promptfoo config and its tests file.
    func application() throws -> GitFixture {
        let fixture = try GitFixture()
        try fixture.write("prompts/support.txt", Self.prompt)
        try fixture.write("promptfooconfig.yaml", Self.config)
        try fixture.write("tests/support.yaml", Self.tests)
        try fixture.commit("Support bot with its promptfoo suite")
        return fixture
    }

    /// The suite kept in place as dataset support_suite, answered by `server`.
    static func keepInPlace(_ fixture: GitFixture, server: OpenAICompatibleServer) throws {
        try fixture.write(
            "deadbolt.yml",
            """
            version: 1
            prompts: ["prompts/**"]
            provider: {type: openai, base_url: "\(server.baseURL)", model: gpt-test, api_key_env: null}

            """)
        try fixture.write("evals/regression/support_suite/dataset.yml", "promptfoo: promptfooconfig.yaml\n")
    }

    @Test func aFreshCloneIsGatedByInitAndInstallAloneAndAPromptThatBreaksATestIsRefused() throws {
        let server = try OpenAICompatibleServer([.echo()])
        let upstream = try application()
        let remote = try GitFixture(bare: true)
        try upstream.git(["remote", "add", "origin", remote.root])
        try upstream.git(["push", "-q", "origin", "main"])
        let folder = try TemporaryFolder.make(prefix: "deadbolt-clone")
        try upstream.git(["clone", "-q", remote.root, folder + "/app"])
        let clone = GitFixture(existing: folder + "/app")
        try clone.git(["config", "user.name", "Ana Tester"])
        try clone.git(["config", "user.email", "ana@example.com"])
        let environment = ["OPENAI_BASE_URL": server.baseURL, "OPENAI_API_KEY": "sk-test-123"]
        for (key, value) in environment { clone.extraEnvironment[key] = value }

        // 1. init: the suite is the first dataset, the provider the built-in one, the suite's model.
        let initialised = try deadbolt(["init"], in: clone, environment: environment)
        #expect(initialised.status == 0, "\(initialised.stderr)")
        #expect(initialised.stdout.contains("promptfoo suite promptfooconfig.yaml is dataset promptfoo_suite"))
        let configuration = try clone.read("deadbolt.yml")
        #expect(configuration.contains(#"model: "gpt-4o-mini""#), "\(configuration)")
        #expect(configuration.contains(#"prompts: ["prompts/**"]"#))
        #expect(
            try clone.read("evals/regression/promptfoo_suite/dataset.yml").contains(
                "promptfoo: \"promptfooconfig.yaml\""))
        #expect(!FileManager.default.fileExists(atPath: clone.root + "/evals/regression/example_regressions"))
        let lint = try deadbolt(["lint"], in: clone, environment: environment)
        #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")

        // 2. install; then a push that changes deadbolt.yml runs every case, which pass.
        let install = try deadbolt(["install"], in: clone, environment: environment)
        #expect(install.status == 0, "\(install.stderr)")
        try clone.commit("Gate the support bot with deadbolt")
        let pushed = try clone.gitResult(["push", "origin", "main"])
        #expect(pushed.status == 0, "\(pushed.stdout)\(pushed.stderr)")
        let requests = try server.requests()
        #expect(requests.count == 3, "one request per test and var value")
        let bodies = try requests.map { try JSONValue.parse($0.body) }
        #expect(bodies.allSatisfy { $0["model"] == .string("gpt-4o-mini") })
        let sent = bodies.compactMap { $0["messages"]?.arrayValue?.first?["content"]?.stringValue }.sorted()
        #expect(
            sent.first
                == "You are Acme's support bot. Annual plans are refunded pro-rata.\nQuestion: Can I get a refund?")

        // A prompt change that breaks a test is refused, naming the test's file and line.
        try clone.write(
            "prompts/support.txt",
            "You are Acme's support bot. Annual plans are not refundable.\nQuestion: {{question}}\n")
        // The commit-msg hook asks a prompt change for its bug.
        try clone.commit("Tighten the refund answer\n\nBug: SUP-7")
        let refused = try clone.gitResult(["push", "origin", "main"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("push refused by deadbolt"), "\(refused.stderr)")
        #expect(
            (refused.stdout + refused.stderr).contains("tests/support.yaml:1"), "\(refused.stdout)\(refused.stderr)")
        #expect(try remote.git(["rev-parse", "main"]) != (try clone.sha("HEAD")))
    }

    @Test func anImportedSuiteRunsTheSameCasesWithTheSameResultsAsTheSuiteInPlace() throws {
        let server = try OpenAICompatibleServer([.echo()])
        let fixture = try application()
        try Self.keepInPlace(fixture, server: server)
        try fixture.commit("Keep the suite in place")
        let inPlace = try deadbolt(["run", "--all", "--format", "json"], in: fixture)
        #expect(inPlace.status == 0, "\(inPlace.stderr)")

        try fixture.remove("evals/regression/support_suite")
        let imported = try deadbolt(
            ["import", "promptfoo", "promptfooconfig.yaml", "--dataset", "support_regressions"], in: fixture)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("imported 3 cases"))
        let again = try deadbolt(
            ["import", "promptfoo", "promptfooconfig.yaml", "--dataset", "support_regressions"], in: fixture)
        #expect(again.status == 2 && again.stderr.contains("already exists"))
        let afterImport = try deadbolt(["run", "--all", "--format", "json"], in: fixture)
        #expect(afterImport.status == 0, "\(afterImport.stderr)")

        func outcomes(_ stdout: String) throws -> [String: String] {
            let results = try JSONValue.parse(stdout)["results"]?.arrayValue ?? []
            return Dictionary(
                uniqueKeysWithValues: results.compactMap { result in
                    result["case"]?.stringValue.map { ($0, result["status"]?.stringValue ?? "") }
                })
        }
        let before = try outcomes(inPlace.stdout)
        #expect(before.count == 3 && before.values.allSatisfy { $0 == "passed" })
        #expect(try outcomes(afterImport.stdout) == before)
    }

    @Test func weightsAndThresholdsDecideAsInPromptfoo() throws {
        let server = try OpenAICompatibleServer([.echo()])
        let fixture = try application()
        try fixture.write(
            "tests/support.yaml",
            """
            - description: a failing assertion of weight 0 is reported, not counted
              vars: {question: Refund?}
              assert: [{type: icontains, value: pro-rata}, {type: icontains, value: nowhere, weight: 0}]
            - description: half of the weight passing reaches a threshold of 0.5
              vars: {question: Refund again?}
              threshold: 0.5
              assert: [{type: icontains, value: pro-rata}, {type: icontains, value: nowhere}]
            - description: without a threshold every assertion must pass
              vars: {question: Refund a third time?}
              assert: [{type: icontains, value: pro-rata}, {type: icontains, value: nowhere}]

            """)
        try Self.keepInPlace(fixture, server: server)
        try fixture.commit("Weights")
        let result = try deadbolt(["run", "--all", "--format", "json"], in: fixture)
        #expect(result.status == 1, "\(result.stderr)")
        let results = try JSONValue.parse(result.stdout)["results"]?.arrayValue ?? []
        #expect(results.map { $0["status"]?.stringValue ?? "" } == ["passed", "passed", "failed"])
        #expect(results.map { $0["line"]?.numberValue ?? 0 } == [1, 4, 8])
    }

    @Test func aChangeToTheSuitesTestsFileAloneRunsTheSuite() throws {
        let server = try OpenAICompatibleServer([.echo()])
        let fixture = try application()
        try Self.keepInPlace(fixture, server: server)
        try fixture.commit("Gate the suite")
        // Neither a prompt nor a dataset folder by its path, but the suite's tests file.
        try fixture.write(
            "tests/support.yaml",
            Self.tests + "- vars: {question: Hours?}\n  assert: [{type: icontains, value: 24/7}]\n")
        try fixture.commit("Pin the opening hours")
        let check = try deadbolt(["check", "--base", "HEAD~1", "--format", "json"], in: fixture)
        #expect(check.status == 1, "\(check.stdout)\(check.stderr)")
        let verdict = try JSONValue.parse(check.stdout)
        #expect(verdict["counts"]?["failed"] == .number(1) && verdict["counts"]?["passed"] == .number(3))
        let select = try deadbolt(["select", "--base", "HEAD~1"], in: fixture)
        #expect(select.stdout.contains("tests/support.yaml → support_suite"), "\(select.stdout)")
        // A file the suite does not read selects nothing.
        try fixture.write("src/app.py", "print('hi')\n")
        try fixture.commit("App code")
        let code = try deadbolt(["select", "--base", "HEAD~1"], in: fixture)
        #expect(code.stdout.contains("nothing selected"), "\(code.stdout)")
    }

    @Test func aTestAddedToTheSuiteWithTheBugInItsMetadataLocksTheFix() throws {
        let fixture = try application()
        try fixture.write("deadbolt.yml", "version: 1\nprompts: [\"prompts/**\"]\nprovider: {command: [cat]}\n")
        try fixture.write("evals/regression/support_suite/dataset.yml", "promptfoo: promptfooconfig.yaml\n")
        try fixture.commit("Gate the suite")
        try fixture.write("prompts/support.txt", Self.prompt + "Monthly plans are not refunded.\n")
        try fixture.commit("Say what monthly plans get\n\nBug: SUP-12")
        try fixture.write("prompts/support.txt", Self.prompt + "Monthly plans are refunded for the unused days.\n")
        try fixture.write(
            "tests/support.yaml",
            Self.tests + "- vars: {question: Monthly refund?}\n  metadata: {bug_link: SUP-31}\n"
                + "  assert: [{type: icontains, value: unused days}]\n")
        try fixture.commit("Refund the unused days of monthly plans\n\nBug: SUP-31")
        let locks = try deadbolt(["locks", "--base", "HEAD~2", "--format", "json"], in: fixture)
        #expect(locks.status == 0, "\(locks.stderr)")
        let commits = try JSONValue.parse(locks.stdout)["commits"]?.arrayValue ?? []
        #expect(commits.map { $0["status"]?.stringValue ?? "" } == ["unlocked", "locked"], "\(locks.stdout)")
        let locking = commits.last?["cases"]?.arrayValue?.first?.stringValue
        #expect(locking?.hasPrefix("pf-") == true)
    }

    @Test func aSuiteWithATypeDeadboltCannotEvaluateIsExit2AtItsLine() throws {
        let fixture = try application()
        try fixture.write(
            "tests/support.yaml", "- vars: {question: q}\n  assert:\n    - type: llm-rubric\n      value: is polite\n")
        try fixture.write("deadbolt.yml", "version: 1\ndatasets: evals/regression\nprovider: {command: [bin/none]}\n")
        try fixture.write("evals/regression/support_suite/dataset.yml", "promptfoo: promptfooconfig.yaml\n")
        try fixture.commit("A judge")
        let run = try deadbolt(["run", "--all"], in: fixture)
        #expect(run.status == 2)
        #expect(
            run.stderr.contains("tests/support.yaml:3:13: error: the assertion type `llm-rubric` needs a judge model"),
            "\(run.stderr)")
        let lint = try deadbolt(["lint"], in: fixture)
        #expect(lint.status == 1 && (lint.stdout + lint.stderr).contains("llm-rubric"), "\(lint.stdout)\(lint.stderr)")
    }

    @Test func lintReportsEveryBadTestOfASuiteAndTheOtherCommandsSayHowManyMore() throws {
        let fixture = try application()
        try fixture.write(
            "tests/support.yaml",
            """
            - vars: {question: q}
              assert: [{type: llm-rubric, value: is polite}]
            - vars: {question: fine}
              assert: [{type: icontains, value: fine}]
            - vars: {question: q}
              assert: [{type: javascript, value: output.length > 3}]
            - vars: {question: q}
              threshold: 2
              assert: [{type: icontains, value: q}]

            """)
        try fixture.write("deadbolt.yml", "version: 1\ndatasets: evals/regression\nprovider: {command: [bin/none]}\n")
        try fixture.write("evals/regression/support_suite/dataset.yml", "promptfoo: promptfooconfig.yaml\n")
        try fixture.commit("Three bad tests and a good one")
        let lint = try deadbolt(["lint", "--format", "json"], in: fixture)
        #expect(lint.status == 1)
        let errors = try JSONValue.parse(Array(lint.stdout.utf8))["errors"]?.arrayValue ?? []
        let lines = errors.filter { $0["file"]?.stringValue == "tests/support.yaml" }.compactMap {
            $0["line"]?.numberValue.map(Int.init)
        }
        #expect(lines == [2, 6, 8], "each bad test at its line: \(lint.stdout)")
        let run = try deadbolt(["run", "--all"], in: fixture)
        #expect(run.status == 2)
        #expect(run.stderr.contains("tests/support.yaml:2:"), "the first problem: \(run.stderr)")
        #expect(run.stderr.contains("and 2 more problems of the same input: `deadbolt lint` lists every one"))
    }

    @Test func tiersApplyLeavesASuitesTestToItsMetadataAndSaysWhere() async throws {
        let server = try OpenAICompatibleServer([.echo()])
        let fixture = try application()
        try Self.keepInPlace(fixture, server: server)
        try fixture.commit("Keep the suite in place")
        let run = try deadbolt(["run", "--all", "--format", "json"], in: fixture)
        #expect(run.status == 0, "\(run.stderr)")
        let results = try JSONValue.parse(run.stdout)["results"]?.arrayValue ?? []
        let refunds = try #require(results.first { $0["line"]?.numberValue == 1 }, "the first test: \(run.stdout)")
        let caseID = try #require(refunds["case"]?.stringValue)
        let tier = refunds["tier"]?.stringValue ?? ""
        // History that moves it: green for 400 days when it is smoke, a regression caught 20 days ago
        // when it is not.
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let day: Int64 = 86_400_000
        func record(at: Int64, _ status: CaseStatus, prompt: String) -> EvalRecord {
            var one = EvalRecord(
                runID: "run-\(at)", recordedAtMs: at, gate: "pull-request", tier: tier, dataset: "support_suite",
                datasetVersion: 1, caseID: caseID, caseHash: "h", repetition: 0, status: status, durationMs: 5,
                provider: "{}")
            one.prompts = ["prompts/support.txt": prompt]
            one.commit = String(repeating: "c", count: 40)
            return one
        }
        let records =
            tier == "smoke"
            ? (0..<30).map { record(at: now - 400 * day + Int64($0) * 13 * day, .passed, prompt: "v1") }
            : [
                record(at: now - 30 * day, .passed, prompt: "v1"), record(at: now - 20 * day, .failed, prompt: "v2"),
                record(at: now - 19 * day, .passed, prompt: "v3"),
            ]
        let store = try SQLiteHistory(path: fixture.root + "/.git/deadbolt/history.sqlite")
        try await store.record(records)
        await store.close()
        let to = tier == "smoke" ? "full" : "smoke"

        let tests = try fixture.read("tests/support.yaml")
        let applied = try deadbolt(["tiers", "--apply"], in: fixture)
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        #expect(
            applied.stdout.contains(
                "not written: \(caseID) is a test of a promptfoo suite; give it `metadata: {tier: \(to)}` "
                    + "at tests/support.yaml:1"),
            "\(applied.stdout)")
        #expect(try fixture.read("tests/support.yaml") == tests, "the suite's file is not rewritten")
        #expect(!FileManager.default.fileExists(atPath: fixture.root + "/evals/regression/support_suite/cases.jsonl"))
        let json = try deadbolt(["tiers", "--apply", "--format", "json"], in: fixture)
        let byHand = try JSONValue.parse(json.stdout)["by_hand"]?.arrayValue ?? []
        #expect(byHand.count == 1 && byHand.first?["file"]?.stringValue == "tests/support.yaml", "\(json.stdout)")
        #expect(byHand.first?["tier"]?.stringValue == to && byHand.first?["line"]?.numberValue == 1)
    }
}
