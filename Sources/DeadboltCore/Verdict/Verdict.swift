/// Something the gate wants a person to know that is not a case result.
public struct GateWarning: Sendable, Equatable {
    /// `fix-without-lock`, `include-cycle`, `empty-dataset`, ...
    public var kind: String
    public var message: String
    /// The commit it is about, if any.
    public var commit: String?

    public init(kind: String, message: String, commit: String? = nil) {
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
