import DeadboltCore

/// What a commit status says: its state and a description that fits the forge's 140 characters.
public struct StatusSummary: Sendable, Equatable {
    public enum State: String, Sendable { case success, failure, error }

    public var state: State
    public var description: String
    /// `deadbolt/pull-request`: one status per gate, so a nightly run does not overwrite a pull request's.
    public var context: String

    /// GitHub refuses a description of 140 characters or more.
    public static let descriptionLimit = 139

    public init(state: State, description: String, gate: String) {
        self.state = state
        self.description = Self.fit(description)
        self.context = "deadbolt/\(gate)"
    }

    /// `2 failed, 1 errored of 40 cases · 1 fix without lock`, `40 cases passed`, or why nothing ran.
    public init(_ verdict: Verdict) {
        let counts = verdict.counts
        var parts: [String] = []
        if let headline = verdict.changeHeadline { parts.append(headline) }
        if verdict.results.isEmpty {
            parts.append(verdict.emptyReason.map { "nothing to run: \($0)" } ?? "no case selected")
        } else if verdict.outcome == .pass || counts[.passed] == verdict.results.count {
            parts.append("\(Plural.count(verdict.results.count, "case")) passed")
        } else {
            let bad = [CaseStatus.failed, .errored, .flaky].compactMap { status in
                (counts[status] ?? 0) > 0 ? "\(counts[status] ?? 0) \(status.rawValue)" : nil
            }
            let cases = "\(Plural.count(verdict.results.count, "case"))"
            parts.append("\(bad.joined(separator: ", ")) of \(cases)")
        }
        if !verdict.strictWarnings.isEmpty {
            parts.append(
                "\(Plural.count(verdict.strictWarnings.count, "strict warning"))")
        }
        let unlocked = verdict.warnings.filter { $0.kind == .fixWithoutLock }.count
        if unlocked > 0 { parts.append("\(Plural.count(unlocked, "fix", plural: "fixes")) without lock") }
        self.init(
            state: verdict.outcome == .pass ? .success : .failure, description: parts.joined(separator: " · "),
            gate: verdict.gate)
    }

    /// One line, cut with an ellipsis to the limit.
    static func fit(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        guard line.count > descriptionLimit else { return line }
        return String(line.prefix(descriptionLimit - 1)) + "…"
    }
}
