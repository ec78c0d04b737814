import DeadboltCore

/// `deadbolt history`: each case's timeline by commit, in text or JSON.
public enum HistoryReport {
    public static func json(_ timelines: [CaseTimeline], store: String) -> JSONValue {
        .object([
            "store": .string(store),
            "cases": .array(
                timelines.map { timeline in
                    .object([
                        "dataset": .string(timeline.dataset), "case": .string(timeline.caseID),
                        "runs": .number(Double(timeline.entries.count)), "flake_rate": .number(timeline.flakeRate),
                        "last_failure": timeline.lastFailure.map(entry) ?? .null,
                        "timeline": .array(timeline.entries.map(entry)),
                    ])
                }),
        ])
    }

    static func entry(_ entry: CaseTimeline.Entry) -> JSONValue {
        .object([
            "run_id": .string(entry.runID), "time": .string(TimeText.iso8601(milliseconds: entry.recordedAtMs)),
            "gate": .string(entry.gate), "commit": entry.commit.map(JSONValue.string) ?? .null,
            "branch": entry.branch.map(JSONValue.string) ?? .null, "dirty": .bool(entry.dirty),
            "status": .string(entry.status.rawValue), "repetitions": .number(Double(entry.repetitions)),
            "prompts": .object(entry.prompts.mapValues(JSONValue.string)),
            "guardrails": .object(entry.guardrails.mapValues(JSONValue.string)),
            "model": entry.model.map(JSONValue.string) ?? .null,
            "failed_assertions": .array(entry.failedAssertions.map(JSONValue.string)),
        ])
    }

    public static func text(_ timelines: [CaseTimeline], store: String, style: Style = .plain) -> String {
        guard !timelines.isEmpty else { return "no records in \(store) match\n" }
        var out = ""
        for timeline in timelines {
            let percent = Int((timeline.flakeRate * 100).rounded())
            var head = style.bold("\(timeline.dataset) / \(timeline.caseID)")
            head += "  \(Plural.count(timeline.entries.count, "run")), flake rate \(percent)%"
            if let failure = timeline.lastFailure {
                head += ", last failure \(TimeText.iso8601(milliseconds: failure.recordedAtMs).prefix(10))"
                head += failure.commit.map { " at \($0.prefix(7))" } ?? ""
            } else {
                head += ", never failed"
            }
            out += head + "\n"
            var previous: [String: String]?
            for entry in timeline.entries {
                let versions = entry.prompts.merging(entry.guardrails) { a, _ in a }
                let status: String
                switch entry.status {
                case .passed: status = style.green("passed ")
                case .flaky: status = style.yellow("flaky  ")
                default: status = style.red(entry.status.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0))
                }
                var line = "  " + String(TimeText.iso8601(milliseconds: entry.recordedAtMs).prefix(16))
                line += "  " + (entry.commit.map { String($0.prefix(7)) } ?? "-------") + (entry.dirty ? "+" : " ")
                line += " " + status
                // The prompt versions when they change, so an edit that broke or fixed the case shows.
                if versions != previous {
                    let listed = versions.keys.sorted().map { "\($0)@\(versions[$0]!.prefix(7))" }
                    line += "  " + listed.joined(separator: " ")
                }
                if let model = entry.model { line += style.dim("  \(model)") }
                out += line + "\n"
                if entry.status != .passed, let first = entry.failedAssertions.first {
                    out += "      " + style.dim(first) + "\n"
                }
                previous = versions
            }
        }
        return out
    }
}
