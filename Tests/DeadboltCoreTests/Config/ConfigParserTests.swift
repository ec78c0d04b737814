import DeadboltCore
import Testing

@Suite struct ConfigParserTests {
    @Test func missingFileMeansDefaults() throws {
        let config = try ConfigParser.load(from: MemoryTree([:]))
        #expect(config.source == nil)
        #expect(config.datasets == "evals/regression")
        #expect(config.prompts.map(\.pattern) == ["prompts/**"])
        #expect(config.runAllOn.map(\.pattern) == ["deadbolt.yml"])
        #expect(try config.gate(named: "pre-push").tiers == [.smoke])
        #expect(try config.gate(named: "weekly").tiers == [.smoke, .full, .extended])
        #expect(try config.gate(named: "nightly").scope == .all)
    }

    @Test func readsTheFullExampleOfTheContract() throws {
        let config = try ConfigParser.parse(
            """
            version: 1
            prompts: ["prompts/**"]
            guardrails: ["guardrails/**"]
            datasets: evals/regression
            includes:
              - '\\{\\{>\\s*([^}\\s]+)\\s*\\}\\}'
            run_all_on: ["deadbolt.yml", "app/llm/**"]
            provider:
              command: ["bin/answer", "--json"]
              timeout: 30s
              jobs: 8
            bug_links:
              trailers: [Bug, Fixes, Closes, Resolves, Issue]
              github_keywords: true
              patterns: ['PROJ-[0-9]+']
            locks:
              missing: fail
              waiver: No-Lock
            commit_msg:
              require_bug_link: always
              waiver: No-Bug
            gates:
              pre-push:     {tiers: [smoke],                 scope: affected}
              canary:       {tiers: [smoke, extended],       scope: all}
            """)
        #expect(config.provider.command == ["bin/answer", "--json"])
        #expect(config.provider.timeoutSeconds == 30)
        #expect(config.provider.jobs == 8)
        #expect(config.locks.missing == .fail)
        #expect(config.commitMessage.requireBugLink == .always)
        #expect(config.bugLinks.patterns == ["PROJ-[0-9]+"])
        #expect(try config.gate(named: "canary") == Gate(name: "canary", tiers: [.smoke, .extended], scope: .all))
        #expect(config.runAllOn.map(\.pattern) == ["deadbolt.yml", "app/llm/**"])
    }

    @Test func unknownKeyNamesKeyFileLineAndNearestKey() {
        let error = #expect(throws: InputError.self) {
            try ConfigParser.parse("version: 1\nprompts: [\"p/**\"]\nguardrail: [\"g/**\"]\n")
        }
        #expect(error?.file == "deadbolt.yml")
        #expect(error?.line == 3)
        #expect(error?.message == "unknown key `guardrail` in deadbolt.yml")
        #expect(error?.hint == "did you mean `guardrails`?")
    }

    @Test func unknownNestedKeySuggestsTheNearest() {
        let error = #expect(throws: InputError.self) {
            try ConfigParser.parse("version: 1\nprovider:\n  comand: [x]\n")
        }
        #expect(error?.line == 3)
        #expect(error?.hint == "did you mean `command`?")
    }

    @Test func badYAMLGivesLineAndColumn() {
        let error = #expect(throws: InputError.self) {
            try ConfigParser.parse("version: 1\nprompts: [\"a\"\ndatasets: x\n")
        }
        #expect(error?.file == "deadbolt.yml")
        #expect(error?.line != nil)
        #expect(error?.message.hasPrefix("is not valid YAML") == true)
    }

    @Test func wrongTypesAreRefusedWithTheirLine() {
        let jobs = #expect(throws: InputError.self) { try ConfigParser.parse("version: 1\nprovider:\n  jobs: many\n") }
        #expect(jobs?.line == 3)
        #expect(jobs?.message.contains("whole number") == true)
        let shell = #expect(throws: InputError.self) {
            try ConfigParser.parse("version: 1\nprovider:\n  command: bin/answer --json\n")
        }
        #expect(shell?.message.contains("not a shell string") == true)
        let timeout = #expect(throws: InputError.self) {
            try ConfigParser.parse("version: 1\nprovider:\n  timeout: soon\n")
        }
        #expect(timeout?.message.contains("duration") == true)
        let tier = #expect(throws: InputError.self) {
            try ConfigParser.parse("version: 1\ngates:\n  pre-push: {tiers: [smok]}\n")
        }
        #expect(tier?.hint == "did you mean `smoke`?")
    }

    @Test func versionIsRequired() {
        let error = #expect(throws: InputError.self) { try ConfigParser.parse("prompts: [\"p/**\"]\n") }
        #expect(error?.message == "has no `version`")
        let empty = #expect(throws: InputError.self) { try ConfigParser.parse("") }
        #expect(empty?.message.contains("empty") == true)
    }

    @Test func includePatternWithoutGroupIsRefused() {
        let error = #expect(throws: InputError.self) {
            try ConfigParser.parse("version: 1\nincludes: ['\\{\\{>.*\\}\\}']\n")
        }
        #expect(error?.message.contains("group 1") == true)
    }

    @Test func unknownGateSuggestsNearest() {
        let error = #expect(throws: InputError.self) { try Config().gate(named: "pre-psuh") }
        #expect(error?.hint == "did you mean `pre-push`?")
    }

    @Test func durations() {
        #expect(DurationText.seconds("30s") == 30)
        #expect(DurationText.seconds("500ms") == 0.5)
        #expect(DurationText.seconds("2m") == 120)
        #expect(DurationText.seconds("12") == 12)
        #expect(DurationText.seconds("soon") == nil)
        #expect(DurationText.seconds(" \t1.5h ") == 5400)
        #expect(DurationText.seconds("90d") == 7_776_000)
        #expect(DurationText.seconds("ms") == nil)
        #expect(DurationText.seconds("s") == nil)
        #expect(DurationText.seconds("") == nil)
        #expect(DurationText.seconds("5 s") == nil)
    }
}
