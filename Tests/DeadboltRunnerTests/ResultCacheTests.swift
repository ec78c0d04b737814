import DeadboltCore
import DeadboltRunner
import Foundation
import TestSupport
import Testing

/// A provider that counts its calls and answers `answer`, or fails when `fails` is set.
final class CountingProvider: Provider, @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    let name: String
    let fails: Bool

    init(name: String = "counting", fails: Bool = false) {
        self.name = name
        self.fails = fails
    }

    var calls: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }

    var identity: JSONValue { .object(["type": .string(name)]) }

    func answer(_ planned: PlannedCase, slot: Int, repetition: Int) -> ProviderReply {
        lock.lock()
        count += 1
        let call = count
        lock.unlock()
        if fails { return .failed(ProviderFailure(reason: "the provider exited with code 3", exitCode: 3)) }
        let usage = TokenUsage(prompt: 12, completion: 3)
        return .answered(
            ProviderAnswer(output: "pro-rata #\(call)", model: "m-2024-07-18", latencyMs: 40, usage: usage),
            durationMs: 41)
    }
}

@Suite struct ResultCacheTests {
    let folder: String
    let planned: [PlannedCase]

    init() throws {
        folder = try TemporaryFolder.make(prefix: "cache")
        planned = try ProviderFixture(script: "true").plan([ProviderFixture.regressionCase("a")])
    }

    func run(_ provider: any Provider, repeat count: Int = 1, ttl: Double = 3600) async throws -> [CaseResult] {
        let cache = try ResultCache(folder: folder, ttlSeconds: ttl)
        let settings = RunSettings(command: [], directory: folder, repeatCount: count)
        return await Scheduler.run(planned, provider: CachedProvider(provider, cache: cache), settings: settings)
    }

    @Test func aSecondRunOfTheSameCaseAsksTheProviderNothing() async throws {
        let provider = CountingProvider()
        let first = try #require(try await run(provider).first)
        let second = try #require(try await run(provider).first)
        #expect(provider.calls == 1)
        #expect(first.cachedRuns == 0)
        #expect(second.cachedRuns == 1)
        #expect(second.output == first.output)
        #expect(second.model == "m-2024-07-18")
        #expect(second.usage == TokenUsage(prompt: 12, completion: 3))
        #expect(second.latencyMs == 40)
        #expect(second.status == .passed)
    }

    @Test func eachRepetitionHasItsOwnKeySoRepeatStillFindsFlakyCases() async throws {
        let provider = CountingProvider()
        let first = try #require(try await run(provider, repeat: 3).first)
        #expect(provider.calls == 3)
        #expect(first.cachedRuns == 0)
        let again = try #require(try await run(provider, repeat: 3).first)
        #expect(provider.calls == 3)
        #expect(again.cachedRuns == 3)
        // A fourth repetition was never asked: it is a miss.
        _ = try await run(provider, repeat: 4)
        #expect(provider.calls == 4)
    }

    @Test func anotherProviderIdentityMisses() async throws {
        let one = CountingProvider(name: "model-a")
        let other = CountingProvider(name: "model-b")
        _ = try await run(one)
        let result = try #require(try await run(other).first)
        #expect(other.calls == 1)
        #expect(result.cachedRuns == 0)
    }

    @Test func errorsAreNeverCached() async throws {
        let failing = CountingProvider(fails: true)
        let first = try #require(try await run(failing).first)
        #expect(first.status == .errored)
        _ = try await run(failing)
        #expect(failing.calls == 2)
    }

    @Test func anEntryOlderThanTheTTLIsAMiss() throws {
        let cache = try ResultCache(folder: folder, ttlSeconds: 60)
        let now = Date(timeIntervalSince1970: 2_000_000_000)
        cache.store(ProviderAnswer(output: "x"), durationMs: 5, under: String(repeating: "ab", count: 32), now: now)
        #expect(cache.lookup(String(repeating: "ab", count: 32), now: now.addingTimeInterval(59))?.answer.output == "x")
        #expect(cache.lookup(String(repeating: "ab", count: 32), now: now.addingTimeInterval(61)) == nil)
    }

    @Test func aDamagedOrHostileEntryIsAMissNotATrap() throws {
        let cache = try ResultCache(folder: folder, ttlSeconds: 60)
        let key = String(repeating: "cd", count: 32)
        try FileManager.default.createDirectory(atPath: folder + "/cd", withIntermediateDirectories: true)
        let entries = [
            "not json",
            #"{"recipe": 1, "stored_at": 1e300, "answer": {"output": "x"}}"#,
            #"{"recipe": 1, "stored_at": 0, "answer": {"output": "x", "latency_ms": 1e300}}"#,
            #"{"recipe": 99, "stored_at": 0, "answer": {"output": "x"}}"#,
        ]
        for entry in entries {
            try Data(entry.utf8).write(to: URL(fileURLWithPath: folder + "/cd/\(key).json"))
            #expect(cache.lookup(key, now: Date(timeIntervalSince1970: 30)) == nil, "\(entry)")
        }
    }

    @Test func theKeyLeavesOutTheCommitButKeepsTheRequestAndRepetition() {
        let identity: JSONValue = .object(["type": .string("command")])
        let request = Array(#"{"case":{"id":"a","input":{"q":"x"}},"revision":"aaaa"}"#.utf8)
        let otherCommit = Array(#"{"case":{"id":"a","input":{"q":"x"}},"revision":"bbbb"}"#.utf8)
        let otherInput = Array(#"{"case":{"id":"a","input":{"q":"y"}},"revision":"aaaa"}"#.utf8)
        let key = ResultCacheKey.key(provider: identity, request: request, repetition: 0)
        #expect(key.count == 64)
        #expect(key == ResultCacheKey.key(provider: identity, request: otherCommit, repetition: 0))
        #expect(key != ResultCacheKey.key(provider: identity, request: otherInput, repetition: 0))
        #expect(key != ResultCacheKey.key(provider: identity, request: request, repetition: 1))
        #expect(
            key != ResultCacheKey.key(provider: .object(["type": .string("openai")]), request: request, repetition: 0))
    }

    @Test func aFolderThatCannotBeMadeIsRefused() {
        #expect(throws: (any Error).self) { try ResultCache(folder: "/proc/deadbolt-cache", ttlSeconds: 60) }
    }
}
