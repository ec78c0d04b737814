import DeadboltCore
import Foundation

/// Runs planned cases `jobs` at a time, each `repeatCount` times, and folds repetitions into
/// one result per case (flaky when they disagree).
///
/// Each job is an OS thread that blocks on its provider: waiting on a child process is what
/// the job does, and a thread apiece keeps that wait cheap and out of the async runtime.
public enum Scheduler {
    /// The results in plan order.
    ///
    /// `progress` is called after each run with the number done and the total, from whichever
    /// job thread finished it.
    public static func run(
        _ plan: [PlannedCase], settings: RunSettings, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) async -> [CaseResult] {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: runBlocking(plan, settings: settings, progress: progress))
            }
            thread.start()
        }
    }

    /// The same, on the calling thread.
    public static func runBlocking(
        _ plan: [PlannedCase], settings: RunSettings, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) -> [CaseResult] {
        let runs = plan.indices.flatMap { index in (0..<settings.repeatCount).map { _ in index } }
        let board = ResultBoard(caseCount: plan.count, runCount: runs.count)
        let workers = min(settings.jobs, runs.count)
        let group = DispatchGroup()
        for _ in 0..<workers {
            group.enter()
            let thread = Thread {
                while let next = board.claim() {
                    let index = runs[next]
                    let result = CaseRunner.run(plan[index], settings: settings)
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
