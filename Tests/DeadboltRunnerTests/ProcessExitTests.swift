import DeadboltCore
import DeadboltRunner
import Foundation
import TestSupport
import Testing

/// A program may close its output before it exits; that is not the end of it.
@Suite struct ProcessExitTests {
    /// GNU cat closes stdout and stderr itself, then exits: in between, killing its process
    /// group killed cat, and a clean answer read as "ended by signal 9".
    @Test func closingOutputBeforeExitingIsACleanExit() async throws {
        let provider = try ProviderFixture(script: "cat > /dev/null; echo pro-rata; exec >&- 2>&-; sleep 0.3; exit 0")
        let result = try #require(try await provider.run([ProviderFixture.regressionCase("a")]).first)
        #expect(result.status == .passed, "\(result.failure?.reason ?? "")")
    }

    @Test func closingOutputAndRunningOnIsATimeout() async throws {
        let provider = try ProviderFixture(script: "cat > /dev/null; echo pro-rata; exec >&- 2>&-; sleep 30")
        let result = try #require(try await provider.run([ProviderFixture.regressionCase("a")], timeout: 1).first)
        #expect(result.status == .errored)
        #expect(result.failure?.timedOut == true)
        #expect(result.durationMs < 10_000)
    }

    @Test func catAnswersEveryCaseCleanly() async throws {
        let provider = try ProviderFixture(script: "exec cat")
        let results = try await provider.run(
            (0..<200).map { ProviderFixture.regressionCase("c\($0)", expected: "refund?") }, jobs: 8)
        #expect(results.filter { $0.status != .passed }.map { $0.failure?.reason ?? "" } == [])
    }
}
