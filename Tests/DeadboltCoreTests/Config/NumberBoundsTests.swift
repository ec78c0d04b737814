import DeadboltCore
import Testing

/// Numbers from files, the environment and providers are range-checked instead of trapping.
@Suite struct NumberBoundsTests {
    func config(_ provider: String) -> String { "version: 1\nprovider:\n  command: [bin/answer]\n" + provider }

    @Test func providerTimeoutAboveADayIsRefusedWithItsLine() throws {
        for text in ["2500000h", "1e300s", "25h", "0s", "0.0001s", "-1s"] {
            let error = #expect(throws: InputError.self) { try ConfigParser.parse(config("  timeout: \(text)\n")) }
            #expect(error?.line == 4, "\(text)")
            #expect(error?.message.contains("between 1ms and 24h") == true, "\(text): \(error?.message ?? "")")
        }
        #expect(try ConfigParser.parse(config("  timeout: 24h\n")).provider.timeoutSeconds == 86_400)
        #expect(try ConfigParser.parse(config("  timeout: 1ms\n")).provider.timeoutSeconds == 0.001)
    }

    @Test func providerJobsOutOfRangeIsRefused() throws {
        for jobs in ["0", "-3", "257", "99999999999999999999"] {
            let error = #expect(throws: InputError.self) { try ConfigParser.parse(config("  jobs: \(jobs)\n")) }
            #expect(error?.line == 4, "\(jobs)")
        }
        #expect(try ConfigParser.parse(config("  jobs: 256\n")).provider.jobs == 256)
    }

    @Test func boundedNumberRefusesWhatWouldTrap() {
        #expect(BoundedNumber.whole(1e300, in: 0...10) == nil)
        #expect(BoundedNumber.whole(-.infinity, in: 0...10) == nil)
        #expect(BoundedNumber.whole(.nan, in: 0...10) == nil)
        #expect(BoundedNumber.whole(2.5, in: 0...10) == nil)
        #expect(BoundedNumber.whole(7, in: 0...10) == 7)
        #expect(BoundedNumber.real(.nan, in: 0...1) == nil)
    }

    @Test func providerAnswerWithHugeOrNegativeNumbersHasAProblem() {
        for field in [
            #""latency_ms": 1e300"#, #""latency_ms": -5"#, #""latency_ms": 1.5"#, #""cost": 1e300"#, #""cost": -1"#,
        ] {
            let answer = ProviderAnswer(stdout: Array("{\"output\": \"hi\", \(field)}".utf8))
            #expect(answer.problem != nil, "\(field)")
            #expect(answer.output == "hi")
        }
        let fine = ProviderAnswer(stdout: Array(#"{"output": "hi", "latency_ms": 120, "cost": 0.002}"#.utf8))
        #expect(fine.problem == nil)
        #expect(fine.latencyMs == 120)
    }

    @Test func badCINodeVariablesAreNamed() throws {
        let total = #expect(throws: InputError.self) {
            try Shard.fromEnvironment(["CI_NODE_INDEX": "1", "CI_NODE_TOTAL": "99999999999999999999999"])
        }
        #expect(total?.message.contains("CI_NODE_TOTAL=") == true)
        #expect(total?.hint?.contains("--shard 2/4") == false)
        let index = #expect(throws: InputError.self) {
            try Shard.fromEnvironment(["CI_NODE_INDEX": "5", "CI_NODE_TOTAL": "4"])
        }
        #expect(index?.message.contains("CI_NODE_INDEX=5") == true)
        #expect(try Shard.fromEnvironment(["CI_NODE_INDEX": "2", "CI_NODE_TOTAL": "4"]) == Shard(index: 2, total: 4))
        #expect(throws: InputError.self) { try Shard.parse("1/99999999") }
    }
}
