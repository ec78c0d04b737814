import DeadboltCore
import Foundation

/// Runs planned cases `jobs` at a time, each `repeatCount` times, and folds repetitions into
/// one result per case (flaky when they disagree).
///
/// Each job is an OS thread that blocks on its provider: waiting on a child process is what
/// the job does, and a thread apiece keeps that wait cheap and out of the async runtime.
public enum Scheduler {
    /// The results in plan order, each case answered by `provider`.
    ///
    /// `progress` is called after each run with the number done and the total, from whichever
    /// job thread finished it. The provider is shut down when the last run is done.
    public static func run(
        _ plan: [PlannedCase], provider: any Provider, settings: RunSettings,
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) async -> [CaseResult] {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                let results = runBlocking(plan, provider: provider, settings: settings, progress: progress)
                continuation.resume(returning: results)
            }
            thread.start()
        }
    }

    /// The same with the command provider of `settings`, one process per case.
    public static func run(
        _ plan: [PlannedCase], settings: RunSettings, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) async -> [CaseResult] {
        await run(plan, provider: CommandProvider(settings: settings), settings: settings, progress: progress)
    }

    /// The same, on the calling thread.
    public static func runBlocking(
        _ plan: [PlannedCase], provider: any Provider, settings: RunSettings,
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) -> [CaseResult] {
        defer { provider.shutDown() }
        let runs = plan.indices.flatMap { index in (0..<settings.repeatCount).map { (index, $0) } }
        let board = ResultBoard(caseCount: plan.count, runCount: runs.count)
        let workers = min(settings.jobs, runs.count)
        let group = DispatchGroup()
        for slot in 0..<workers {
            group.enter()
            let thread = Thread {
                while let next = board.claim() {
                    let (index, repetition) = runs[next]
                    let result = CaseRunner.run(
                        plan[index], provider: provider, slot: slot, repetition: repetition, settings: settings)
                    let done = board.record(result, for: index, run: next)
                    progress(done, runs.count)
                }
                group.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        group.wait()
        return board.combined()
    }
}

/// Hands out runs to job threads and gathers their results, under one lock.
final class ResultBoard: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var done = 0
    private let runCount: Int
    private var results: [[(run: Int, result: CaseResult)]]

    init(caseCount: Int, runCount: Int) {
        self.runCount = runCount
        results = Array(repeating: [], count: caseCount)
    }

    /// The next run to do, or nil when all are handed out.
    func claim() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < runCount else { return nil }
        next += 1
        return next - 1
    }

    /// Stores a run's result; returns how many runs are done.
    func record(_ result: CaseResult, for index: Int, run: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        results[index].append((run, result))
        done += 1
        return done
    }

    /// One result per case, repetitions in the order they were handed out.
    func combined() -> [CaseResult] {
        lock.lock()
        defer { lock.unlock() }
        return results.map { CaseResult.combine($0.sorted { $0.run < $1.run }.map(\.result)) }
    }
}
