import DeadboltCore

/// The verdict as a person reads it in a terminal: failures with their diffs first, then the
/// counts and the one word that matters.
public enum VerdictText {
    /// How many passing cases are listed one by one before they are only counted.
    static let passListLimit = 40

    public static func render(_ verdict: Verdict, style: Style = .plain, elapsedMs: Int? = nil) -> String {
        var out = ""
        if let selection = verdict.selection, !selection.datasets.isEmpty {
            out += style.bold("selected") + "\n"
            for selected in selection.datasets {
                out +=
                    "  \(selected.dataset.name)  \(Plural.count(selected.cases.count, "case"))\n"
                for reason in selected.reasons {
                    out += "    " + style.dim(reason.chain(to: selected.dataset.name)) + "\n"
                }
            }
            out += "\n"
        }
        if let why = verdict.emptyReason {
            out += "nothing selected: \(why)\n"
        }
        if let headline = verdict.changeHeadline {
            let alarming = (verdict.changeCounts[.regressed] ?? 0) > 0
            out +=
                (alarming ? style.red(style.bold(headline)) : style.bold(headline)) + style.dim("  (from history)")
                + "\n\n"
        }
        let passed = verdict.results.filter { $0.status == .passed }
        if !passed.isEmpty && passed.count <= passListLimit {
            for result in passed {
                out +=
                    style.green("PASS") + "  \(result.dataset) / \(result.caseID)"
                    + style.dim("  \(result.durationMs) ms") + "\n"
            }
        }
        for result in VerdictOrder.problems(verdict) {
            out += problem(result, style: style)
        }
        let proofs = verdict.locks.flatMap(\.proofs).filter { $0.finding == .proven }
        if !proofs.isEmpty {
            out += "\n"
            for proof in proofs {
                out +=
                    style.green("lock proven: ") + "\(proof.caseID) fails before the fix and passes after it"
                    + (proof.bugLink.map { " (\($0))" } ?? "") + "\n"
            }
        }
        let warnings = verdict.warnings + verdict.strictWarnings
        if !warnings.isEmpty {
            out += "\n"
            for warning in verdict.warnings { out += style.yellow("warning: ") + warning.message + "\n" }
            for warning in verdict.strictWarnings { out += style.red("error: ") + warning.message + "\n" }
        }
        out += "\n" + summary(verdict, style: style, elapsedMs: elapsedMs) + "\n"
        return out
    }

    static func problem(_ result: CaseResult, style: Style) -> String {
        let label: String
        switch result.status {
        case .failed: label = style.red("FAIL")
        case .errored: label = style.red("ERROR")
        case .flaky: label = style.yellow("FLAKY")
        case .passed: label = style.green("PASS")
        }
        var out = "\(label)  \(result.dataset) / \(result.caseID)  " + style.dim("\(result.file):\(result.line)") + "\n"
        if result.status == .flaky {
            let runs = result.runs.map(\.rawValue).joined(separator: ", ")
            out += "  runs: " + runs + " — a flaky case fails the gate\n"
        }
        if let change = result.change, change != .new {
            let was = result.baseline.map { " (\($0.status.rawValue) at \(String($0.commit.prefix(7))))" } ?? ""
            let text = "  \(change == .stillFailing ? "still failing" : change.rawValue)\(was)"
            out += (change == .regressed ? style.red(text) : style.dim(text)) + "\n"
        }
        if let bug = result.bugLink { out += "  " + style.dim("locks \(bug)") + "\n" }
        if let failure = result.failure {
            out += "  " + failure.reason + "\n"
            if !failure.stderrTail.isEmpty {
                out += "  stderr (last lines):\n"
                for line in failure.stderrTail.split(separator: "\n", omittingEmptySubsequences: false) {
                    out += "    | \(line)\n"
                }
            }
        }
        for assertion in result.assertions where !assertion.pass {
            out += "  " + style.red("✗ ") + "\(assertion.type): \(assertion.message)\n"
            if let diff = assertion.diff {
                for line in diff.split(separator: "\n", omittingEmptySubsequences: false) {
                    let text = String(line)
                    let coloured =
                        text.hasPrefix("+") ? style.green(text) : text.hasPrefix("-") ? style.red(text) : text
                    out += "      " + coloured + "\n"
                }
            }
        }
        if let output = result.output, result.status != .errored, result.assertions.allSatisfy({ $0.diff == nil }) {
            out += "  output: " + abbreviate(output) + "\n"
        }
        for note in result.notes { out += "  note: \(note)\n" }
        return out
    }

    static func abbreviate(_ text: String, limit: Int = 300) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: "⏎ ")
        return flat.count > limit ? String(flat.prefix(limit)) + "…" : flat
    }

    /// `verdict: FAIL  6 cases: 5 passed, 1 failed, 0 errored, 0 flaky`.
    public static func summary(_ verdict: Verdict, style: Style, elapsedMs: Int? = nil) -> String {
        let counts = verdict.counts
        let word = verdict.outcome == .pass ? style.green(style.bold("PASS")) : style.red(style.bold("FAIL"))
        let total = verdict.results.count
        var line = "verdict: \(word)  gate \(verdict.gate)  "
        if let shards = verdict.mergedShards { line += "\(Plural.count(shards, "shard")), " }
        line += "\(Plural.count(total, "case")): "
        line += CaseStatus.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
        if verdict.cacheHits > 0 { line += " (\(verdict.cacheHits) of \(verdict.runCount) runs from the cache)" }
        if let elapsedMs { line += style.dim("  (\(TimeText.milliseconds(elapsedMs)))") }
        return line
    }
}
