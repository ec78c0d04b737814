import DeadboltCore

/// `deadbolt coverage --format html`: one self-contained file with the charts a person would rather
/// look at (slices by pain against coverage, bad rate over time per prompt version), the slices as a
/// table that filters by flag, and the capture commands. No network request.
public enum CoverageHTMLReport {
    /// Slices in the table; the chart and the JSON report have more.
    public static let tableLimit = 50
    /// Dots in the scatter chart, thinnest slices first.
    public static let dotLimit = 2_000
    /// Lines in one chart; the versions with the most traces win.
    public static let lineLimit = 8
    /// Slices that get a chart of their own: the offline-win-online-loss ones first.
    public static let sliceChartLimit = 3
    /// A point of a chart over time stands for at least this many traces; fewer say nothing of a rate.
    public static let pointMinimum = 5

    static let red = "#d55e00"
    static let amber = "#e69f00"
    static let green = "#009e73"

    public static func render(_ slices: [CoverageSlice], _ summary: CoverageSummary) -> String {
        let flagged = slices.filter { $0.flags.contains(CoverageSlice.offlineWinOnlineLoss) }
        var out = head(slices, flagged: flagged.count)
        out += "<p>\(HTMLReport.escape(CoverageReport.window(summary)))</p>\n"
        for warning in summary.warnings { out += "<p class=\"warn\">warning: \(HTMLReport.escape(warning))</p>\n" }
        if summary.daysDropped {
            out +=
                "<p class=\"warn\">More than \(CoverageTally.dayLimit) days of slices and versions: the charts "
                + "over time leave the latest out (the counts do not).</p>\n"
        }
        guard !slices.isEmpty else {
            return out + "<p>No slices: no production traces and no tagged cases.</p>\n</body></html>\n"
        }
        out += "<section><h2>Where it hurts and what covers it</h2>\n" + scatter(slices) + "</section>\n"
        let colors = versionColors(slices)
        out += "<section><h2>Bad rate over time, by prompt version</h2>\n"
        out += timeline(slices, title: "all traffic", id: "timeline-all", colors: colors) ?? "<p>No dated traces.</p>\n"
        out +=
            "<p class=\"note\">Each point is a day or a run of days with enough traces; points of fewer than "
            + "\(pointMinimum) traces are left out.</p>\n"
        out += "</section>\n"
        for slice in losses(slices, flagged: flagged) {
            guard
                let chart = timeline(
                    [slice], title: CoverageReport.name(slice), id: "timeline-\(index(slice, slices))", colors: colors)
            else { continue }
            out += "<section class=\"slice-chart\"><h3>\(HTMLReport.escape(CoverageReport.name(slice)))</h3>\n"
            if slice.flags.contains(CoverageSlice.offlineWinOnlineLoss) {
                out += "<p class=\"bad\"><b>Offline win, online loss:</b> "
                out += HTMLReport.escape(CoverageReport.lossText(slice)) + "</p>\n"
            }
            out += chart + "</section>\n"
        }
        out += table(slices) + captures(slices, summary)
        out += """
            <script>
            (function(){var f=document.getElementById('flag');if(!f)return;
            f.addEventListener('change',function(){document.querySelectorAll('tr.slice').forEach(function(r){
            var show=!f.value||(' '+r.dataset.flags+' ').indexOf(' '+f.value+' ')>=0;
            r.classList.toggle('hidden',!show);});});})();
            </script>
            </body></html>

            """
        return out
    }

    static func head(_ slices: [CoverageSlice], flagged: Int) -> String {
        let thin = slices.filter { $0.flags.contains(CoverageSlice.noCases) }.count
        var title = "deadbolt coverage: \(Plural.count(thin, "slice")) with bad traces and no case"
        if flagged > 0 { title += ", \(flagged) offline win, online loss" }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; \
            script-src 'unsafe-inline'">
            <title>\(HTMLReport.escape(title))</title>
            <style>
            body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222;max-width:1100px;overflow-wrap:anywhere}
            @media (max-width:600px){body{margin:.8em}}.wide{overflow-x:auto}
            h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}h3{font-size:1em}
            .bad{color:#b3261e}.warn{color:#8a5a00}.hidden{display:none}.note{color:#666;font-size:.9em}
            svg.chart{width:100%;max-width:760px;height:auto;display:block;background:#fff}
            .legend span{margin-right:1.2em;white-space:nowrap}
            .legend i{display:inline-block;width:.8em;height:.8em;margin-right:.3em;border-radius:2px}
            .key span{margin-right:1.2em}.key i{display:inline-block;width:.8em;height:.8em;border-radius:50%;
            margin-right:.3em}
            table{border-collapse:collapse;width:100%;margin-top:.6em}
            th,td{border-bottom:1px solid #e3e3e3;padding:.3em .5em;text-align:left;vertical-align:top}
            td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}td.v{white-space:nowrap}
            tr.no-cases td:first-child{border-left:5px solid \(red)}
            tr.failing td:first-child{border-left:5px solid \(amber)}
            tr.covered td:first-child{border-left:5px solid \(green)}
            code{font-size:.92em}
            pre{background:#f6f6f6;padding:.5em;white-space:pre-wrap;word-break:break-all;margin:.3em 0}
            </style></head><body>
            <h1>\(HTMLReport.escape(title))</h1>

            """
    }

    /// Slices by bad traces against the cases that cover them: a big red dot high on the left is
    /// pain nothing locks.
    static func scatter(_ slices: [CoverageSlice]) -> String {
        let shown = Array(slices.prefix(dotLimit))
        let maxTraces = Double(max(shown.map(\.traces).max() ?? 1, 1))
        let labelled = Set(shown.indices.filter { shown[$0].bad > 0 }.prefix(5))
        var dots: [SVGChart.Dot] = []
        for (position, slice) in shown.enumerated() {
            let name = CoverageReport.name(slice)
            dots.append(
                SVGChart.Dot(
                    x: Double(slice.results.count), y: Double(slice.bad),
                    radius: 4 + 16 * (Double(slice.traces) / maxTraces).squareRoot(), color: color(slice),
                    title: "\(name): \(Plural.count(slice.traces, "trace")), \(slice.bad) bad, "
                        + CoverageReport.regression(slice),
                    label: labelled.contains(position) ? name : nil,
                    link: position < tableLimit ? "#slice-\(position)" : nil))
        }
        var out = SVGChart.scatter(
            dots, title: "slices by bad traces against the regression cases that cover them",
            xLabel: "regression cases covering the slice", yLabel: "bad traces",
            xMax: shown.map(\.results.count).max() ?? 0, yMax: Double(shown.map(\.bad).max() ?? 1),
            id: "pain-coverage")
        out +=
            "<div class=\"key\"><span><i style=\"background:\(red)\"></i>no case</span>"
            + "<span><i style=\"background:\(amber)\"></i>a covering case fails</span>"
            + "<span><i style=\"background:\(green)\"></i>covered</span>"
            + "<span>dot size: traces</span></div>\n"
        if slices.count > shown.count {
            out += "<p>The \(dotLimit) thinnest of \(slices.count) slices are drawn.</p>\n"
        }
        return out
    }

    static func color(_ slice: CoverageSlice) -> String {
        if slice.results.isEmpty { return red }
        return slice.flags.contains(CoverageSlice.casesFailing) ? amber : green
    }

    /// The slices that get a chart of their own: offline win, online loss first, then the thinnest
    /// slices that ran more than one prompt version.
    static func losses(_ slices: [CoverageSlice], flagged: [CoverageSlice]) -> [CoverageSlice] {
        let others = slices.filter {
            !$0.flags.contains(CoverageSlice.offlineWinOnlineLoss) && $0.bad > 0
                && $0.versions.filter { !$0.days.isEmpty }.count > 1
        }
        return Array((flagged + others).prefix(sliceChartLimit))
    }

    /// The bad rate of each prompt version over the days of `slices`, summed; nil when no row had a time.
    /// One colour per prompt version, the same in every chart: the busiest versions get the palette.
    static func versionColors(_ slices: [CoverageSlice]) -> [String: String] {
        var traces: [String: Int] = [:]
        for slice in slices { for version in slice.versions { traces[version.name, default: 0] += version.traces } }
        let ranked = traces.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
        var colors: [String: String] = [:]
        for (index, version) in ranked.enumerated() {
            colors[version.key] = SVGChart.palette[index % SVGChart.palette.count]
        }
        return colors
    }

    static func timeline(_ slices: [CoverageSlice], title: String, id: String, colors: [String: String]) -> String? {
        var byVersion: [String: [Int32: CoverageTally.DayCounts]] = [:]
        for slice in slices {
            for version in slice.versions
            where version.name != CoverageTally.noVersion && version.name != CoverageTally.otherVersion {
                for (day, counts) in version.days {
                    byVersion[version.name, default: [:]][day, default: .init()].traces += counts.traces
                    byVersion[version.name, default: [:]][day, default: .init()].bad += counts.bad
                }
            }
        }
        let allDays = byVersion.values.flatMap(\.keys)
        guard let firstDay = allDays.min(), let lastDay = allDays.max() else { return nil }
        let bucket = bucketDays(byVersion.values.map { Array($0) }, from: firstDay, to: lastDay)
        let ranked = byVersion.map { name, days in (name, days, days.values.reduce(0) { $0 + $1.traces }) }
            .sorted { ($1.2, $0.0) < ($0.2, $1.0) }
        var lines: [SVGChart.Line] = []
        var yMax = 0.05
        for (name, days, _) in ranked.prefix(lineLimit) {
            var buckets: [Int32: CoverageTally.DayCounts] = [:]
            for (day, counts) in days {
                let start = firstDay + (day - firstDay) / bucket * bucket
                buckets[start, default: .init()].traces += counts.traces
                buckets[start, default: .init()].bad += counts.bad
            }
            let enough = buckets.filter { $0.value.traces >= pointMinimum }
            let points = (enough.isEmpty ? buckets : enough).sorted { $0.key < $1.key }.map { start, counts in
                let rate = Double(counts.bad) / Double(max(counts.traces, 1))
                yMax = max(yMax, rate)
                let date = String(TimeText.iso8601(milliseconds: Int64(start) * CoverageTally.dayMs).prefix(10))
                let period = bucket == 1 ? date : "the \(bucket) days from \(date)"
                return (
                    x: Double(start), y: rate,
                    title: "\(name), \(period): \(counts.bad) bad of \(Plural.count(counts.traces, "trace")) "
                        + "(\(CoverageReport.percent(rate)))"
                )
            }
            lines.append(
                SVGChart.Line(name: name, color: colors[name] ?? SVGChart.palette[0], points: points))
        }
        let lastStart = firstDay + (lastDay - firstDay) / bucket * bucket
        let tickCount = min(6, Int((lastStart - firstDay) / bucket) + 1)
        let xTicks: [(Double, String)] = (0..<tickCount).map { step in
            let day =
                tickCount == 1
                ? firstDay : firstDay + Int32((Double(lastStart - firstDay) * Double(step) / Double(tickCount - 1)))
            return (Double(day), String(TimeText.iso8601(milliseconds: Int64(day) * CoverageTally.dayMs).prefix(10)))
        }
        var out = SVGChart.lines(
            lines, title: "bad rate over time by prompt version, \(title)",
            xLabel: bucket == 1 ? "day" : "\(bucket)-day period",
            yLabel: "bad rate", xRange: (Double(firstDay), Double(max(lastStart, firstDay + 1))), xTicks: xTicks,
            yMax: yMax, yText: { CoverageReport.percent($0) }, id: id)
        out += SVGChart.legend(lines)
        if ranked.count > lineLimit {
            out += "<p>The \(lineLimit) prompt versions with the most traces of \(ranked.count) are drawn.</p>\n"
        }
        return out
    }

    /// Days per point: the fewest that give each point about 50 traces, with at most 120 points and
    /// at least 8 (or one a day).
    static func bucketDays(_ lines: [[(key: Int32, value: CoverageTally.DayCounts)]], from first: Int32, to last: Int32)
        -> Int32
    {
        let span = Int(last - first) + 1
        let choices: [Int32] = [1, 2, 3, 7, 14, 30, 91]
        for days in choices where span / Int(days) <= 120 {
            var points = 0
            var traces = 0
            for line in lines {
                var buckets: Set<Int32> = []
                for (day, counts) in line {
                    buckets.insert((day - first) / days)
                    traces += counts.traces
                }
                points += buckets.count
            }
            if points == 0 || traces / points >= 50 || span / Int(days) < 8 { return days }
        }
        return choices.last ?? 1
    }

    static func table(_ slices: [CoverageSlice]) -> String {
        var out = "<section><h2>Slices, thinnest first</h2>\n"
        out += "<label>show <select id=\"flag\"><option value=\"\">all slices</option>"
        for (flag, text) in [
            (CoverageSlice.noCases, "no case covers it"),
            (CoverageSlice.offlineWinOnlineLoss, "offline win, online loss"),
            (CoverageSlice.casesFailing, "a covering case fails"), (CoverageSlice.noTraffic, "no production traffic"),
        ] {
            out += "<option value=\"\(flag)\">\(text)</option>"
        }
        out += "</select></label>\n<div class=\"wide\"><table><thead><tr><th>slice</th><th>traces</th><th>bad</th>"
        out += "<th>complaints</th>"
        out += "<th>prompt</th><th>regression cases</th><th>gap</th><th>flags</th></tr></thead><tbody>\n"
        for (position, slice) in slices.prefix(tableLimit).enumerated() {
            let kind =
                slice.results.isEmpty
                ? "no-cases" : slice.flags.contains(CoverageSlice.casesFailing) ? "failing" : "covered"
            out +=
                "<tr id=\"slice-\(position)\" class=\"slice \(kind)\" "
                + "data-flags=\"\(HTMLReport.escape(slice.flags.joined(separator: " ")))\">"
            let cells = [
                HTMLReport.escape(CoverageReport.name(slice)), "\(slice.traces)",
                "\(slice.bad) (\(CoverageReport.percent(slice.badRate)))", "\(slice.complaints)",
                HTMLReport.escape(slice.currentVersion ?? ""), HTMLReport.escape(CoverageReport.regression(slice)),
                String(format2: slice.gap),
                slice.flags.map { "<code>\(HTMLReport.escape($0))</code>" }.joined(separator: " "),
            ]
            for (column, cell) in cells.enumerated() {
                let kind = [1, 2, 3, 6].contains(column) ? " class=\"n\"" : column == 4 ? " class=\"v\"" : ""
                out += "<td\(kind)>\(cell)</td>"
            }
            out += "</tr>\n"
        }
        out += "</tbody></table></div>\n"
        if slices.count > tableLimit {
            out += "<p>\(slices.count - tableLimit) more slices are in <code>--format json</code>.</p>\n"
        }
        return out + "</section>\n"
    }

    static func captures(_ slices: [CoverageSlice], _ summary: CoverageSummary) -> String {
        let worth = slices.prefix(tableLimit).filter { !$0.groups.isEmpty }.prefix(10)
        guard !worth.isEmpty else { return "" }
        var out = "<section><h2>Capture next</h2>\n"
        out += "<p>The bad traces of the thinnest slices, complaints and the newest first, grouped by what they "
        out += "say; each group's command makes a case of its first trace.</p>\n"
        for slice in worth {
            out += "<h3>\(HTMLReport.escape(CoverageReport.name(slice)))</h3>\n"
            for group in slice.groups.prefix(3) {
                out += "<p class=\"group\">\(HTMLReport.escape(CoverageReport.describe(group)))</p>"
                out += "<pre>\(HTMLReport.escape(CoverageReport.capture(group.first, slice, summary)))</pre>\n"
            }
        }
        return out + "</section>\n"
    }

    /// Where `slice` stands in `slices`: its table row and chart id.
    static func index(_ slice: CoverageSlice, _ slices: [CoverageSlice]) -> Int {
        slices.firstIndex { $0.keys.map(\.value) == slice.keys.map(\.value) } ?? 0
    }
}
