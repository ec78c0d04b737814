/// Whether a production outcome is bad and whether it is a complaint: one of `coverage.bad` or
/// `coverage.complaint` (complaints count as bad too), compared without case.
public struct OutcomeJudge: Sendable {
    /// `coverage.bad` and `coverage.complaint`, lowercased once.
    let bad: Set<String>
    let complaint: Set<String>

    public init(config: CoverageConfig) {
        complaint = Set(config.complaint.map { $0.lowercased() })
        bad = Set(config.bad.map { $0.lowercased() }).union(complaint)
    }

    public func judge(_ outcome: String?) -> (bad: Bool, complaint: Bool) {
        guard let outcome, !outcome.isEmpty else { return (false, false) }
        if bad.contains(outcome) { return (true, complaint.contains(outcome)) }
        let lowered = outcome.lowercased()
        return (bad.contains(lowered), complaint.contains(lowered))
    }
}
