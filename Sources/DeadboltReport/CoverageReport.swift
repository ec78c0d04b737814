import DeadboltCore

/// `deadbolt coverage`: production slices against the regression cases, thinnest first.
public enum CoverageReport {
    /// The slices shown in text and Markdown; JSON has them all.
    public static let shownLimit = 20

    public static func json(_ slices: [CoverageSlice], _ summary: CoverageSummary) -> JSONValue {
        func time(_ ms: Int64?) -> JSONValue { ms.map { .string(TimeText.iso8601(milliseconds: $0)) } ?? .null }
        return .object([
            "window": .object([
                "since": time(summary.sinceMs ?? summary.firstMs), "until": time(summary.untilMs ?? summary.lastMs),
            ]),
            "keys": .array(summary.keys.map(JSONValue.string)),
            "rows": .number(Double(summary.rows)), "counted": .number(Double(summary.counted)),
            "outside_window": .number(Double(summary.outside)), "undated": .number(Double(summary.undated)),
            "cases": .number(Double(summary.cases)), "records": .number(Double(summary.records)),
            "store": .string(summary.store), "warnings": .array(summary.warnings.map(JSONValue.string)),
            "slices": .array(slices.map { slice(json: $0, summary) }),
        ])
    }

    static func slice(json slice: CoverageSlice, _ summary: CoverageSummary) -> JSONValue {
        .object([
            "keys": .object(
                Dictionary(slice.keys.map { ($0.name, $0.value.map(JSONValue.string) ?? .null) }) { a, _ in a }),
            "production": .object([
                "traces": .number(Double(slice.traces)), "bad": .number(Double(slice.bad)),
                "complaints": .number(Double(slice.complaints)), "bad_rate": .number(rounded(slice.badRate)),
                "complaint_rate": .number(rounded(slice.complaintRate)),
                "prompt_version": slice.currentVersion.map(JSONValue.string) ?? .null,
            ]),
            "regression": .object([
                "cases": .number(Double(slice.results.count)), "passed": .number(Double(slice.passed)),
                "results": .array(
                    slice.results.map { result in
                        .object([
                            "case": .string(result.caseKey),
                            "status": result.status.map { .string($0.rawValue) } ?? .null,
                            "at_prompt_version": .bool(result.atVersion),
                            "commit": result.commit.map(JSONValue.string) ?? .null,
                        ])
                    }),
            ]),
            "versions": .array(
                slice.versions.map { version in
                    .object([
                        "name": .string(version.name), "traces": .number(Double(version.traces)),
                        "bad": .number(Double(version.bad)), "bad_rate": .number(rounded(version.badRate)),
                        "first_seen": version.firstMs.map { .string(TimeText.iso8601(milliseconds: $0)) } ?? .null,
                        "path": version.revision.map { .string($0.path) } ?? .null,
                        "blob": version.revision.map { .string($0.blob) } ?? .null,
                        "eval_runs": .number(Double(version.evalRuns)),
                        "eval_pass_rate": version.evalPassRate.map { .number(rounded($0)) } ?? .null,
                    ])
                }),
            "gap": .number(rounded(slice.gap)), "flags": .array(slice.flags.map(JSONValue.string)),
            "dataset": slice.dataset.map(JSONValue.string) ?? .null,
            "candidates": .array(
                slice.candidates.map { candidate in
                    .object([
                        "trace_id": .string(candidate.traceID),
                        "time": candidate.timeMs.map { .string(TimeText.iso8601(milliseconds: $0)) } ?? .null,
                        "outcome": .string(candidate.outcome), "source": .string(candidate.path),
                        "text": candidate.text.map(JSONValue.string) ?? .null,
                        "capture": .string(capture(candidate, slice, summary)),
                    ])
                }),
            "groups": .array(
                slice.groups.map { group in
                    .object([
                        "size": .number(Double(group.members.count)),
                        "text": group.first.text.map(JSONValue.string) ?? .null,
                        "outcome": .string(group.first.outcome),
                        "trace_ids": .array(group.members.map { .string($0.traceID) }),
                        "capture": .string(capture(group.first, slice, summary)),
                    ])
                }),
        ])
    }

    /// `3 like "ignored our enterprise contract terms"`, or `2 error, without text`.
    public static func describe(_ group: ComplaintGroup) -> String {
        let count = group.members.count
        guard let text = group.first.text, !text.isEmpty else {
            return "\(count) \(group.first.outcome.isEmpty ? "bad" : group.first.outcome), without text"
        }
        let words = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let clipped = words.count > 80 ? String(words.prefix(79)) + "…" : words
        return "\(count) like \u{201C}\(clipped)\u{201D}"
    }

    /// The `deadbolt capture` command that turns `candidate` into a case of the slice's dataset, tagged
    /// with the slice's keys. A row from a warehouse table has no trace in it: the command names
    /// `TRACE.json`, the trace exported from the tracing tool.
    public static func capture(_ candidate: CoverageTally.Candidate, _ slice: CoverageSlice, _ summary: CoverageSummary)
        -> String
    {
        let file = summary.traceFiles.contains(candidate.path) ? candidate.path : "TRACE.json"
        var words = ["deadbolt", "capture", "--trace", file, "--where", "trace_id=" + candidate.traceID]
        words += ["--dataset", slice.dataset ?? "DATASET"]
        for key in slice.keys { if let value = key.value { words += ["--tag", key.name + "=" + value] } }
        return words.map(shellWord).joined(separator: " ")
    }

    /// A word as a POSIX shell reads it back.
    static func shellWord(_ word: String) -> String {
        let plain = word.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || "-_./=:@,+".utf8.contains(byte)
        }
        if plain, !word.isEmpty { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }

    static func percent(_ value: Double) -> String {
        let tenths = Int((value * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    static func name(_ slice: CoverageSlice) -> String {
        slice.keys.map { "\($0.name)=\($0.value ?? "(unset)")" }.joined(separator: " ")
    }

    static func window(_ summary: CoverageSummary) -> String {
        var text = "\(Plural.count(summary.counted, "production trace"))"
        if let first = summary.firstMs, let last = summary.lastMs {
            let from = TimeText.iso8601(milliseconds: first).prefix(10)
            text += " from \(from) to \(TimeText.iso8601(milliseconds: last).prefix(10))"
        }
        if summary.outside > 0 { text += " (\(summary.outside) outside the window left out)" }
        if summary.undated > 0 { text += " (\(summary.undated) without a time, counted)" }
        text += ", \(Plural.count(summary.cases, "regression case"))"
        return text + ", \(Plural.count(summary.records, "eval record")) in \(summary.store)"
    }

    static func regression(_ slice: CoverageSlice) -> String {
        if slice.results.isEmpty { return "no cases" }
        let unrun = slice.results.filter { $0.status == nil }.count
        var text = "\(Plural.count(slice.results.count, "case")), \(slice.passed) passing"
        if unrun > 0 { text += ", \(unrun) never run" }
        if slice.results.contains(where: { $0.status != nil && !$0.atVersion }), slice.currentVersion != nil {
            text += " (not all at \(slice.currentVersion ?? ""))"
        }
        return text
    }

    public static func text(_ slices: [CoverageSlice], _ summary: CoverageSummary, style: Style = .plain) -> String {
        var out = window(summary) + "\n"
        for warning in summary.warnings { out += style.yellow("warning: ") + warning + "\n" }
        guard !slices.isEmpty else { return out + "no slices: no production traces and no tagged cases\n" }
        out += "\n"
        let quiet = slices.filter { $0.traces == 0 }
        let busy = slices.filter { $0.traces > 0 }
        for slice in busy.prefix(shownLimit) {
            var head = style.bold(name(slice))
            head += "  gap \(String(format2: slice.gap))"
            out += head + "\n"
            var production =
                "  production: \(Plural.count(slice.traces, "trace")), \(slice.bad) bad (\(percent(slice.badRate)))"
            if slice.complaints > 0 { production += ", \(Plural.count(slice.complaints, "complaint"))" }
            if let version = slice.currentVersion { production += ", prompt \(version)" }
            out += production + "\n"
            out += "  regression: " + regression(slice) + "\n"
            for flag in slice.flags {
                switch flag {
                case CoverageSlice.offlineWinOnlineLoss:
                    out += "  " + style.red("offline win, online loss: ") + lossText(slice) + "\n"
                case CoverageSlice.noCases: out += "  " + style.red("no case covers this slice") + "\n"
                case CoverageSlice.casesFailing: out += "  " + style.yellow("a covering case fails") + "\n"
                case CoverageSlice.noTraffic: out += "  " + style.dim("no production traffic") + "\n"
                default: out += "  \(flag)\n"
                }
            }
            if !slice.groups.isEmpty {
                out += "  capture next:\n"
                for group in slice.groups.prefix(3) {
                    out += "    " + describe(group) + "\n"
                    out += "      " + capture(group.first, slice, summary) + "\n"
                }
            }
            out += "\n"
        }
        if busy.count > shownLimit {
            out += style.dim("… \(busy.count - shownLimit) more slices in --format json") + "\n"
        }
        if !quiet.isEmpty {
            out += style.dim("cases with no production traffic in the window:") + "\n"
            for slice in quiet.prefix(shownLimit) { out += "  \(name(slice)): \(regression(slice))\n" }
            if quiet.count > shownLimit { out += style.dim("  … \(quiet.count - shownLimit) more") + "\n" }
        }
        return out
    }

    /// `refund-v3 → refund-v4: bad rate 4.0% → 9.1% while evals passed 84% → 89%`.
    static func lossText(_ slice: CoverageSlice) -> String {
        let dated = slice.versions.filter {
            $0.firstMs != nil && $0.traces >= CoverageJoin.minTraces && $0.revision != nil
        }
        guard dated.count >= 2 else { return "" }
        let old = dated[dated.count - 2]
        let new = dated[dated.count - 1]
        return "\(old.name) → \(new.name): bad rate \(percent(old.badRate)) → \(percent(new.badRate)) while evals "
            + "passed \(percent(old.evalPassRate ?? 0)) → \(percent(new.evalPassRate ?? 0))"
    }

    public static func markdown(_ slices: [CoverageSlice], _ summary: CoverageSummary) -> String {
        var out = "## Coverage: where production hurts and nothing locks it\n\n" + window(summary) + "\n\n"
        for warning in summary.warnings { out += "> **warning:** \(MarkdownReport.escape(warning))\n\n" }
        guard !slices.isEmpty else { return out + "No slices: no production traces and no tagged cases.\n" }
        out += "| slice | traces | bad | complaints | prompt | regression cases | gap | flags |\n"
        out += "|---|---:|---:|---:|---|---|---:|---|\n"
        for slice in slices.prefix(shownLimit) {
            let cells = [
                MarkdownReport.escape(name(slice)), "\(slice.traces)", "\(slice.bad) (\(percent(slice.badRate)))",
                "\(slice.complaints)", MarkdownReport.escape(slice.currentVersion ?? ""),
                MarkdownReport.escape(regression(slice)), String(format2: slice.gap),
                slice.flags.map { "`\($0)`" }.joined(separator: " "),
            ]
            out += "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
        }
        let losses = slices.filter { $0.flags.contains(CoverageSlice.offlineWinOnlineLoss) }
        if !losses.isEmpty {
            out += "\n### Offline win, online loss\n\n"
            for slice in losses {
                out += "- **\(MarkdownReport.escape(name(slice)))**: \(MarkdownReport.escape(lossText(slice)))\n"
            }
        }
        let withCandidates = slices.prefix(shownLimit).filter { !$0.groups.isEmpty }.prefix(5)
        if !withCandidates.isEmpty {
            out += "\n### Capture next\n\n```sh\n"
            for slice in withCandidates {
                out += "# " + name(slice) + "\n"
                for group in slice.groups.prefix(2) {
                    out += "# " + describe(group).replacingOccurrences(of: "`", with: "'") + "\n"
                    out += capture(group.first, slice, summary) + "\n"
                }
            }
            out += "```\n"
        }
        return out
    }
}

extension String {
    /// `12.50`: two decimals.
    init(format2 value: Double) {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        self = "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
