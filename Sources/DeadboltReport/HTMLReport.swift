import DeadboltCore

/// One self-contained HTML file for people who would rather look than read: failures first,
/// expected against actual side by side, filters by dataset and status, and no network request
/// (no external script, style, font or image).
public enum HTMLReport {
    public static func render(_ verdict: Verdict) -> String {
        let order: [CaseStatus: Int] = [.failed: 0, .errored: 1, .flaky: 2, .passed: 3]
        let results = verdict.results.sorted {
            (order[$0.status] ?? 4, $0.dataset, $0.caseID) < (order[$1.status] ?? 4, $1.dataset, $1.caseID)
        }
        let counts = verdict.counts
        let datasets = Array(Set(verdict.results.map(\.dataset))).sorted()
        var out = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; \
            script-src 'unsafe-inline'">
            <title>deadbolt \(escape(verdict.gate)): \(verdict.outcome.rawValue)</title>
            <style>
            body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
            h1{font-size:1.4em}.pass{color:#176b2c}.fail{color:#b3261e}
            .counts span{margin-right:1.5em}.filters{margin:1em 0}.filters select{margin-right:1em}
            .case{border:1px solid #ddd;border-radius:6px;margin:.8em 0;padding:.6em .8em}
            .case.failed,.case.errored{border-left:6px solid #b3261e}.case.flaky{border-left:6px solid #c77c02}
            .case.passed{border-left:6px solid #176b2c}
            .side{display:grid;grid-template-columns:1fr 1fr;gap:.8em}
            pre{background:#f6f6f6;padding:.5em;white-space:pre-wrap;word-break:break-word;margin:.3em 0}
            .label{font-size:.8em;color:#666;text-transform:uppercase}.hidden{display:none}
            </style></head><body>
            <h1>deadbolt \(escape(verdict.gate)): \
            <span class="\(verdict.outcome.rawValue)">\(verdict.outcome.rawValue.uppercased())</span></h1>
            <p class="counts">
            """
        for status in CaseStatus.allCases { out += "<span>\(counts[status] ?? 0) \(status.rawValue)</span>" }
        out += "</p>\n"
        if let headline = verdict.changeHeadline {
            out += "<p class=\"changes\"><b>\(escape(headline))</b> (from history)</p>\n"
        }
        if let base = verdict.base, let head = verdict.head {
            out += "<p>\(escape(String(base.prefix(7))))..\(escape(String(head.prefix(7))))</p>\n"
        }
        if let why = verdict.emptyReason, results.isEmpty { out += "<p>Nothing selected: \(escape(why)).</p>\n" }
        for warning in verdict.strictWarnings + verdict.warnings {
            out += "<p class=\"fail\">\(escape(warning.message))</p>\n"
        }
        out += "<div class=\"filters\"><label>dataset <select id=\"dataset\"><option value=\"\">all</option>"
        for dataset in datasets { out += "<option>\(escape(dataset))</option>" }
        out += "</select></label><label>status <select id=\"status\"><option value=\"\">all</option>"
        for status in CaseStatus.allCases { out += "<option>\(status.rawValue)</option>" }
        out += "</select></label></div>\n"
        for result in results {
            out +=
                "<div class=\"case \(result.status.rawValue)\" data-dataset=\"\(escape(result.dataset))\" "
                + "data-status=\"\(result.status.rawValue)\">\n"
            out +=
                "<b>\(result.status.rawValue.uppercased())</b> \(escape(result.dataset)) / "
                + "<code>\(escape(result.caseID))</code> <small>\(escape(result.file)):\(result.line)</small>\n"
            if let change = result.change {
                let was = result.baseline.map { " (\($0.status.rawValue) at \(String($0.commit.prefix(7))))" } ?? ""
                out += "<div class=\"change \(change.rawValue)\">\(change.rawValue)\(escape(was))</div>\n"
            }
            if let bug = result.bugLink { out += "<div>locks \(escape(bug))</div>\n" }
            if let failure = result.failure {
                out += "<div>\(escape(failure.reason))</div>\n"
                if !failure.stderrTail.isEmpty { out += "<pre>\(escape(failure.stderrTail))</pre>\n" }
            }
            for assertion in result.assertions where !assertion.pass {
                out += "<div><code>\(escape(assertion.type))</code>: \(escape(assertion.message))</div>\n"
            }
            if result.status != .passed, let output = result.output {
                let expected = result.assertions.first { !$0.pass }.map { expectedSide(of: $0) } ?? ""
                out +=
                    "<div class=\"side\"><div><div class=\"label\">expected</div><pre>\(escape(expected))</pre></div>"
                out += "<div><div class=\"label\">actual</div><pre>\(escape(output))</pre></div></div>\n"
            }
            out += "</div>\n"
        }
        out += """
            <script>
            (function(){var d=document.getElementById('dataset'),s=document.getElementById('status');
            function apply(){document.querySelectorAll('.case').forEach(function(c){
            var show=(!d.value||c.dataset.dataset===d.value)&&(!s.value||c.dataset.status===s.value);
            c.classList.toggle('hidden',!show);});}
            d.addEventListener('change',apply);s.addEventListener('change',apply);})();
            </script>
            </body></html>

            """
        return out
    }

    /// The expected side of a failed assertion: the `-` lines of its diff, else its message.
    static func expectedSide(of assertion: AssertionResult) -> String {
        guard let diff = assertion.diff else { return assertion.message }
        let lines = diff.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { $0.hasPrefix("- ") || $0 == "-" }
            .map { $0.dropFirst(2) }
        return lines.isEmpty ? assertion.message : lines.joined(separator: "\n")
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
