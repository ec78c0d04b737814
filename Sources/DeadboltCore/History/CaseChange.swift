/// How a case's result compares with its last record before the change.
public enum CaseChange: String, Sendable, CaseIterable {
    /// It passed before and does not now.
    case regressed
    /// It did not pass before and passes now.
    case fixed
    /// It did not pass before and still does not.
    case stillFailing = "still-failing"
    /// History has no record of it before.
    case new
    /// It passed before and passes now.
    case unchanged

    /// The change from `baseline` (nil: no record) to `now`.
    public static func of(_ now: CaseStatus, baseline: CaseStatus?) -> CaseChange {
        guard let baseline else { return .new }
        switch (baseline == .passed, now == .passed) {
        case (true, true): return .unchanged
        case (true, false): return .regressed
        case (false, true): return .fixed
        case (false, false): return .stillFailing
        }
    }

    /// Most alarming first: how reports order what they lead with.
    public static let order: [CaseChange] = [.regressed, .stillFailing, .fixed, .new, .unchanged]
}

/// A case's last recorded result before the change: at which commit, and how it ended there.
public struct Baseline: Sendable, Equatable {
    public var commit: String
    public var status: CaseStatus

    public init(commit: String, status: CaseStatus) {
        self.commit = commit
        self.status = status
    }
}

/// One record reduced to what a baseline needs.
public struct BaselineRow: Sendable, Equatable {
    public var dataset: String
    public var caseID: String
    public var commit: String
    public var runID: String
    public var recordedAtMs: Int64
    public var status: CaseStatus

    public init(dataset: String, caseID: String, commit: String, runID: String, recordedAtMs: Int64, status: CaseStatus)
    {
        self.dataset = dataset
        self.caseID = caseID
        self.commit = commit
        self.runID = runID
        self.recordedAtMs = recordedAtMs
        self.status = status
    }
}

/// How often runs with the same inputs passed and failed.
public struct Outcomes: Sendable, Equatable {
    public var passed: Int
    public var failed: Int

    public init(passed: Int = 0, failed: Int = 0) {
        self.passed = passed
        self.failed = failed
    }

    /// Both happened: the same inputs gave different answers.
    public var isFlaky: Bool { passed > 0 && failed > 0 }
}

/// Picks each case's baseline from the rows of the commits it might have been recorded at.
public enum Baselines {
    /// For each `dataset/case` key, the nearest commit of `commits` (nearest first) with a record of
    /// it, and how it ended there: at that commit, the latest run's records decide (passed when all
    /// passed, flaky when some passed and some did not, else the first status that did not pass).
    public static func pick(_ rows: [BaselineRow], commits: [String]) -> [String: Baseline] {
        var rank: [String: Int] = [:]
        for (index, commit) in commits.enumerated() where rank[commit] == nil { rank[commit] = index }
        // key -> (commit rank, latest run at it, its statuses)
        var best: [String: (rank: Int, at: Int64, run: String, statuses: [CaseStatus], commit: String)] = [:]
        for row in rows {
            guard let position = rank[row.commit] else { continue }
            let key = row.dataset + "/" + row.caseID
            if let known = best[key] {
                if position > known.rank { continue }
                if position == known.rank {
                    if row.runID == known.run {
                        best[key]?.statuses.append(row.status)
                        continue
                    }
                    if row.recordedAtMs < known.at || (row.recordedAtMs == known.at && row.runID < known.run) {
                        continue
                    }
                }
            }
            best[key] = (position, row.recordedAtMs, row.runID, [row.status], row.commit)
        }
        return best.mapValues { Baseline(commit: $0.commit, status: combined($0.statuses)) }
    }

    static func combined(_ statuses: [CaseStatus]) -> CaseStatus {
        if statuses.allSatisfy({ $0 == .passed }) { return .passed }
        if statuses.contains(.passed) { return .flaky }
        return statuses.first { $0 != .passed } ?? .failed
    }
}

/// Which records a history query reads.
public struct RecordFilter: Sendable, Equatable {
    public var caseIDs: [String] = []
    public var datasets: [String] = []
    /// Only records at or after this time (ms since 1970).
    public var sinceMs: Int64?
    /// At most this many, newest kept; nil for all.
    public var limit: Int?
    /// Only what the coverage join reads: dataset, case id, time, status, commit and prompts. The
    /// other fields of each record are left empty, and the store reads six columns, not forty-one.
    public var brief = false

    public init(caseIDs: [String] = [], datasets: [String] = [], sinceMs: Int64? = nil, limit: Int? = nil) {
        self.caseIDs = caseIDs
        self.datasets = datasets
        self.sinceMs = sinceMs
        self.limit = limit
    }
}
