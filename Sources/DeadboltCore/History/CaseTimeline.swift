/// One case's history: each run by commit, how often it was flaky, and its last failure.
public struct CaseTimeline: Sendable, Equatable {
    /// One run of the case (its repetitions folded).
    public struct Entry: Sendable, Equatable {
        public var runID: String
        public var recordedAtMs: Int64
        public var gate: String
        public var commit: String?
        public var branch: String?
        public var dirty: Bool
        public var status: CaseStatus
        public var repetitions: Int
        public var prompts: [String: String]
        public var guardrails: [String: String]
        public var model: String?
        public var failedAssertions: [String]
    }

    public var dataset: String
    public var caseID: String
    public var entries: [Entry]
    /// The share of runs whose exact inputs (case, prompt and guardrail versions, evaluator,
    /// provider) also gave the opposite result, or whose repetitions disagreed.
    public var flakeRate: Double
    /// The latest run that did not pass.
    public var lastFailure: Entry?

    /// Timelines of every case in `records` (oldest first), sorted by dataset and case.
    public static func build(_ records: [EvalRecord]) -> [CaseTimeline] {
        var byCase: [String: [EvalRecord]] = [:]
        var order: [String] = []
        for record in records {
            if byCase[record.key] == nil { order.append(record.key) }
            byCase[record.key, default: []].append(record)
        }
        return order.sorted().compactMap { key in
            guard let records = byCase[key], let first = records.first else { return nil }
            return timeline(dataset: first.dataset, caseID: first.caseID, records: records)
        }
    }

    static func timeline(dataset: String, caseID: String, records: [EvalRecord]) -> CaseTimeline {
        var runs: [String: [EvalRecord]] = [:]
        var runOrder: [String] = []
        var outcomes: [String: Outcomes] = [:]
        for record in records {
            if runs[record.runID] == nil { runOrder.append(record.runID) }
            runs[record.runID, default: []].append(record)
            let key = record.resolvedInputsKey
            if record.status == .passed { outcomes[key, default: Outcomes()].passed += 1 }
            if record.status == .failed { outcomes[key, default: Outcomes()].failed += 1 }
        }
        var entries: [Entry] = []
        var flaky = 0
        for runID in runOrder {
            guard let repetitions = runs[runID], let first = repetitions.first else { continue }
            let status = Baselines.combined(repetitions.map(\.status))
            let shown = repetitions.first { $0.status != .passed } ?? first
            entries.append(
                Entry(
                    runID: runID, recordedAtMs: first.recordedAtMs, gate: first.gate, commit: first.commit,
                    branch: first.branch, dirty: first.dirty, status: status, repetitions: repetitions.count,
                    prompts: first.prompts, guardrails: first.guardrails, model: shown.model,
                    failedAssertions: shown.failedAssertions))
            let key = first.resolvedInputsKey
            if status == .flaky || outcomes[key]?.isFlaky == true { flaky += 1 }
        }
        return CaseTimeline(
            dataset: dataset, caseID: caseID, entries: entries,
            flakeRate: entries.isEmpty ? 0 : Double(flaky) / Double(entries.count),
            lastFailure: entries.last { $0.status != .passed })
    }
}
