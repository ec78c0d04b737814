import DeadboltCore

/// Runs planned cases `jobs` at a time, each `repeatCount` times, and folds repetitions into
/// one result per case (flaky when they disagree).
public enum Scheduler {
    /// The results in plan order.
    ///
    /// `progress` is called after each run with the number done and the total.
    public static func run(
        _ plan: [PlannedCase], settings: RunSettings, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) async -> [CaseResult] {
        let runs = plan.indices.flatMap { index in (0..<settings.repeatCount).map { _ in index } }
        var collected: [[CaseResult]] = Array(repeating: [], count: plan.count)
        await withTaskGroup(of: (Int, CaseResult).self) { group in
            var next = 0
            var done = 0
            func startNext() {
                guard next < runs.count else { return }
                let index = runs[next]
                next += 1
                let planned = plan[index]
                group.addTask { (index, await CaseRunner.run(planned, settings: settings)) }
            }
            for _ in 0..<min(settings.jobs, runs.count) { startNext() }
            while let (index, result) = await group.next() {
                collected[index].append(result)
                done += 1
                progress(done, runs.count)
                startNext()
            }
        }
        return collected.map { CaseResult.combine($0) }
    }
}
