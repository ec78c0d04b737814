/// `deadbolt tiers`: which cases history says should move between tiers, and why.
///
/// A case that caught a regression (it failed on a change to what it depends on, and a later
/// run passed again) within `promote_within` moves to smoke; a smoke case green for
/// `demote_after` over at least `min_runs` runs moves down to full; smoke keeps at most
/// `smoke_budget` cases, the most recently useful first.
public struct TierProposal: Sendable, Equatable {
    public var dataset: String
    public var caseID: String
    public var from: Tier
    public var to: Tier
    /// The evidence, for a person: what happened, when, at which commit.
    public var reason: String

    public init(dataset: String, caseID: String, from: Tier, to: Tier, reason: String) {
        self.dataset = dataset
        self.caseID = caseID
        self.from = from
        self.to = to
        self.reason = reason
    }
}

/// A case as it stands in the tree: where it runs now.
public struct TieredCase: Sendable, Equatable {
    public var dataset: String
    public var caseID: String
    public var tier: Tier

    public init(dataset: String, caseID: String, tier: Tier) {
        self.dataset = dataset
        self.caseID = caseID
        self.tier = tier
    }

    var key: String { dataset + "/" + caseID }
}

public enum TierProposals {
    /// One run of a case: when, where, how it ended, and what it depended on.
    struct Run {
        var at: Int64
        var commit: String?
        var status: CaseStatus
        /// The case's content and its prompt and guardrail versions.
        var depends: String
        var changed: [String]
    }

    /// What history says about one case.
    struct Evidence {
        /// When the case last caught a regression, with the words for it.
        var caught: (at: Int64, reason: String)?
        var runsInWindow = 0
        var greenInWindow = true
        var firstAt: Int64 = .max
        var lastFailureAt: Int64?
    }

    public static func propose(
        cases: [TieredCase], records: [EvalRecord], policy: TierPolicy, nowMs: Int64
    ) -> [TierProposal] {
        let evidence = Self.evidence(records, policy: policy, nowMs: nowMs)
        var proposals: [String: TierProposal] = [:]
        let promoteSince = nowMs - Int64(policy.promoteWithinSeconds * 1000)
        for one in cases {
            guard let seen = evidence[one.key] else { continue }
            if let caught = seen.caught, caught.at >= promoteSince {
                if one.tier != .smoke {
                    proposals[one.key] = TierProposal(
                        dataset: one.dataset, caseID: one.caseID, from: one.tier, to: .smoke, reason: caught.reason)
                }
                continue
            }
            let demoteSince = nowMs - Int64(policy.demoteAfterSeconds * 1000)
            if one.tier == .smoke, seen.firstAt <= demoteSince, seen.greenInWindow, seen.runsInWindow >= policy.minRuns
            {
                let days = Int(policy.demoteAfterSeconds / 86_400)
                proposals[one.key] = TierProposal(
                    dataset: one.dataset, caseID: one.caseID, from: .smoke, to: .full,
                    reason: "green in all \(seen.runsInWindow) runs of the last \(days) days")
            }
        }
        // The smoke budget: keep the most recently useful, move the rest down.
        let smoke = cases.filter { one in
            if let proposal = proposals[one.key] { return proposal.to == .smoke }
            return one.tier == .smoke
        }
        if smoke.count > policy.smokeBudget {
            func usefulness(_ one: TieredCase) -> Int64 {
                let seen = evidence[one.key]
                return seen?.caught?.at ?? seen?.lastFailureAt ?? Int64.min
            }
            let ranked = smoke.sorted {
                usefulness($0) != usefulness($1) ? usefulness($0) > usefulness($1) : $0.key < $1.key
            }
            for one in ranked.dropFirst(policy.smokeBudget) {
                let last = usefulness(one)
                let when =
                    last == Int64.min
                    ? "it never caught anything in history"
                    : "it was last useful on \(TimeText.iso8601(milliseconds: last).prefix(10))"
                if let promoted = proposals[one.key], promoted.from != .smoke {
                    proposals[one.key] = nil
                    continue
                }
                proposals[one.key] = TierProposal(
                    dataset: one.dataset, caseID: one.caseID, from: .smoke, to: .full,
                    reason: "smoke keeps \(policy.smokeBudget) cases (smoke_budget) and \(when)")
            }
        }
        return cases.compactMap { proposals[$0.key] }
    }

    static func evidence(_ records: [EvalRecord], policy: TierPolicy, nowMs: Int64) -> [String: Evidence] {
        // Fold repetitions into runs, per case, oldest first.
        var runs: [String: [Run]] = [:]
        var runIndex: [String: Int] = [:]
        for record in records.sorted(by: { $0.recordedAtMs < $1.recordedAtMs }) {
            let versions = record.prompts.merging(record.guardrails) { a, _ in a }
            let depends =
                record.caseHash + "|" + versions.keys.sorted().map { "\($0)=\(versions[$0]!)" }.joined(separator: ",")
            let runKey = record.key + "\u{0}" + record.runID
            if let index = runIndex[runKey] {
                if record.status != .passed { runs[record.key]![index].status = record.status }
                continue
            }
            runIndex[runKey] = runs[record.key, default: []].count
            runs[record.key, default: []].append(
                Run(
                    at: record.recordedAtMs, commit: record.commit, status: record.status, depends: depends,
                    changed: versions.keys.sorted().map { "\($0)@\(versions[$0]!)" }))
        }
        let demoteSince = nowMs - Int64(policy.demoteAfterSeconds * 1000)
        var result: [String: Evidence] = [:]
        for (key, list) in runs {
            var seen = Evidence()
            seen.firstAt = list.first?.at ?? .max
            for (index, run) in list.enumerated() {
                if run.at >= demoteSince {
                    seen.runsInWindow += 1
                    if run.status != .passed { seen.greenInWindow = false }
                }
                if run.status != .passed { seen.lastFailureAt = run.at }
                // A catch: it passed, then failed right after what it depends on changed, then passed again.
                guard run.status == .failed, index > 0, list[index - 1].status == .passed,
                    list[index - 1].depends != run.depends,
                    let fixed = list[(index + 1)...].first(where: { $0.status == .passed })
                else { continue }
                let at = run.commit.map { " at \($0.prefix(7))" } ?? ""
                let fixAt = fixed.commit.map { " at \($0.prefix(7))" } ?? ""
                let changed = Set(run.changed).subtracting(list[index - 1].changed).sorted()
                let what = changed.isEmpty ? "the case" : changed.joined(separator: ", ")
                seen.caught = (
                    run.at,
                    "caught a regression on \(TimeText.iso8601(milliseconds: run.at).prefix(10))\(at) when "
                        + "\(what) changed; it passed again\(fixAt) after the fix"
                )
            }
            result[key] = seen
        }
        return result
    }
}

/// A tier move `deadbolt tiers --apply` leaves to a person: a promptfoo suite's test, which takes its
/// tier from `metadata: {tier: TIER}` at `file:line`, in a file deadbolt does not rewrite.
public struct TierMoveByHand: Sendable, Equatable {
    public var dataset: String
    public var caseID: String
    public var tier: Tier
    public var file: String
    public var line: Int?

    public init(dataset: String, caseID: String, tier: Tier, file: String, line: Int?) {
        self.dataset = dataset
        self.caseID = caseID
        self.tier = tier
        self.file = file
        self.line = line
    }

    public var location: String { file + (line.map { ":\($0)" } ?? "") }
}
