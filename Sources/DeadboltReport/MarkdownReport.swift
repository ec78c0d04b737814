import DeadboltCore

/// What a reviewer reads in ten seconds: the verdict, the counts, failing cases with their diffs,
/// and fix-without-lock warnings; cut with a note to stay under GitHub's limits.
public enum MarkdownReport {
    /// GitHub's check-run output limit; the step summary allows 1 MiB.
    public static let checkOutputLimit = 65_535

    public static func render(_ verdict: Verdict, limit: Int = checkOutputLimit) -> String {
        let counts = verdict.counts
        var out = "## deadbolt \(verdict.gate): \(verdict.outcome == .pass ? "✅ pass" : "❌ fail")\n\n"
        if let headline = verdict.changeHeadline { out += "**\(headline)** (from history)\n\n" }
        if let why = verdict.emptyReason, verdict.results.isEmpty {
            out += "Nothing selected: \(why).\n"
        } else {
            out += "| passed | failed | errored | flaky |\n|---:|---:|---:|---:|\n"
            out +=
                "| \(counts[.passed] ?? 0) | \(counts[.failed] ?? 0) | "
                + "\(counts[.errored] ?? 0) | \(counts[.flaky] ?? 0) |\n"
        }
        let warnings = verdict.strictWarnings + verdict.warnings
        if !warnings.isEmpty {
            out += "\n### Warnings\n\n"
            for warning in warnings {
                out += "- " + escape(warning.message.replacingOccurrences(of: "\n", with: " ")) + "\n"
            }
        }
        let problems = VerdictOrder.problems(verdict)
        if !problems.isEmpty { out += "\n### Failing cases\n" }
        var body = ""
        for result in problems {
            var section =
                "\n<details><summary><b>\(result.status.rawValue.uppercased())</b> \(escape(result.dataset)) / "
                + "<code>\(escape(result.caseID))</code> (\(escape(result.file)):\(result.line))</summary>\n\n"
            if let change = result.change, change != .new {
                let was = result.baseline.map { ": \($0.status.rawValue) at `\(String($0.commit.prefix(7)))`" } ?? ""
                section += "**\(change == .stillFailing ? "Still failing" : change.rawValue.capitalized)**\(was).\n\n"
            }
            if let bug = result.bugLink { section += "Locks \(escape(bug)).\n\n" }
            if let failure = result.failure {
                section += escape(failure.reason) + "\n"
                if !failure.stderrTail.isEmpty { section += "\n```\n" + fence(failure.stderrTail) + "\n```\n" }
            }
            for assertion in result.assertions where !assertion.pass {
                section += "- `\(assertion.type)`: \(escape(assertion.message))\n"
                if let diff = assertion.diff { section += "\n```diff\n" + fence(diff) + "\n```\n" }
            }
            section += "</details>\n"
            body += section
        }
        let base = verdict.base.map { String($0.prefix(7)) } ?? "—"
        let head = verdict.head.map { String($0.prefix(7)) } ?? "—"
        let footer = "\n<sub>\(verdict.results.count) cases · base \(base) · head \(head)</sub>\n"
        let note =
            "\n_…the report was cut here to stay under GitHub's \(limit) character limit; "
            + "the JSON and JUnit reports have every case._\n"
        if out.count + body.count + footer.count <= limit {
            return out + body + footer
        }
        // Cut whole sections, never inside a code fence.
        var kept = ""
        var sections = body.components(separatedBy: "\n<details>")
        if let firstPiece = sections.first, firstPiece.isEmpty { sections.removeFirst() }
        for section in sections {
            let piece = "\n<details>" + section
            if out.count + kept.count + piece.count + note.count + footer.count > limit { break }
            kept += piece
        }
        var result = out + kept + note + footer
        if result.count > limit { result = String(result.prefix(limit - note.count)) + note }
        return result
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// Text inside a fence must not close it.
    static func fence(_ text: String) -> String {
        text.replacingOccurrences(of: "```", with: "`\u{200B}``")
    }
}
