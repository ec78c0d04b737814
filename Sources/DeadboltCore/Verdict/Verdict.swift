/// What a warning is about; the raw values are the `kind` strings of the verdict JSON.
public enum WarningKind: String, Sendable, CaseIterable {
    /// A bug-linked commit adds no case for its bug.
    case fixWithoutLock = "fix-without-lock"
    /// A new lock passes before its fix too, so it would not have caught the bug.
    case lockDoesNotBite = "lock-does-not-bite"
    /// A new lock could not be run before its fix, or gave no clear answer there.
    case lockUnproven = "lock-unproven"
    /// Prompts include each other in a circle.
    case includeCycle = "include-cycle"
    /// An affected dataset has no case of the gate's tiers.
    case noCasesInTier = "no-cases-in-tier"
    /// The provider ran in a copy of another revision's files.
    case materialized
    /// The provider changed in the range or is missing before the fix, so a lock ran with the
    /// head's provider in the base's files.
    case lockProviderFromHead = "lock-provider-from-head"
    /// A change removed or rewrote a case without a migration.
    case appendOnly = "append-only"
    /// The history store could not be opened, read or written; nothing was recorded or compared.
    case historyUnavailable = "history-unavailable"
}

/// Something the gate wants a person to know that is not a case result.
public struct GateWarning: Sendable, Equatable {
    public var kind: WarningKind
    public var message: String
    /// The commit it is about, if any.
    public var commit: String?

    public init(kind: WarningKind, message: String, commit: String? = nil) {
        self.kind = kind
        self.message = message
        self.commit = commit
    }
}

/// Pass or fail, with every case's result and every warning.
public struct Verdict: Sendable {
    public enum Outcome: String, Sendable { case pass, fail }

    public var gate: String
    public var base: String?
    public var head: String?
    public var results: [CaseResult]
    public var warnings: [GateWarning]
    /// Why nothing ran, when nothing did.
    public var emptyReason: String?
    /// The selection it ran, for reports that show the reasons.
    public var selection: Selection?
    /// Warnings that make the gate fail (a configuration made them strict).
    public var strictWarnings: [GateWarning]
    /// Each commit's lock status, for a gate over a range.
    public var locks: [CommitLock] = []
    /// For one job of a sharded run: which share, and every case key the whole run selected.
    public var shard: ShardRecord?
    /// For the verdict `deadbolt merge` made: how many shards it combined.
    public var mergedShards: Int?

    public init(
        gate: String, base: String?, head: String?, results: [CaseResult], warnings: [GateWarning] = [],
        emptyReason: String? = nil, selection: Selection? = nil, strictWarnings: [GateWarning] = []
    ) {
        self.gate = gate
        self.base = base
        self.head = head
        self.results = results
        self.warnings = warnings
        self.emptyReason = emptyReason
        self.selection = selection
        self.strictWarnings = strictWarnings
    }

    /// How many results have each status.
    /// How many runs (repetitions included) were answered from the result cache.
    public var cacheHits: Int { results.reduce(0) { $0 + $1.cachedRuns } }
    /// How many runs there were, repetitions included.
    public var runCount: Int { results.reduce(0) { $0 + $1.runs.count } }

    /// How many results have each change from history; empty when none was compared.
    public var changeCounts: [CaseChange: Int] {
        var counts: [CaseChange: Int] = [:]
        for result in results { if let change = result.change { counts[change, default: 0] += 1 } }
        return counts
    }

    /// "2 regressed, 1 still failing": what history says, most alarming first; nil when history
    /// compared nothing or nothing but new and unchanged cases.
    public var changeHeadline: String? {
        let counts = changeCounts
        let parts = [CaseChange.regressed, .stillFailing, .fixed].compactMap { change -> String? in
            guard let count = counts[change], count > 0 else { return nil }
            return "\(count) \(change == .stillFailing ? "still failing" : change.rawValue)"
        }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    public var counts: [CaseStatus: Int] {
        var counts: [CaseStatus: Int] = [:]
        for status in CaseStatus.allCases { counts[status] = 0 }
        for result in results { counts[result.status, default: 0] += 1 }
        return counts
    }

    /// Fail when any case failed, errored or flaked, or a strict warning stands; else pass.
    public var outcome: Outcome {
        if results.contains(where: { $0.status != .passed }) || !strictWarnings.isEmpty { return .fail }
        return .pass
    }
}

/// What a partial verdict says about its share, so that `deadbolt merge` can check coverage.
public struct ShardRecord: Sendable, Equatable {
    public var index: Int
    public var total: Int
    /// Every `dataset/case` key of the whole run's selection, sorted.
    public var selected: [String]

    public init(index: Int, total: Int, selected: [String]) {
        self.index = index
        self.total = total
        self.selected = selected
    }
}
