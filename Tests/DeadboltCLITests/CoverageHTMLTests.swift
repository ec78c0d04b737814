import DeadboltCore
import Foundation
import TestSupport
import Testing

/// `deadbolt coverage --format html`: the worked example as a picture, read back as text and laid out
/// by a real browser.
@Suite struct CoverageHTMLTests {
    /// The worked example's report, with one hostile slice value among the rows.
    func workedExampleReport() throws -> (fixture: GitFixture, html: String, json: JSONValue) {
        let fixture = try CoverageCommandTests().makeWorkedExample()
        var rows = CoverageCommandTests.productionRows()
        rows.append([
            "trace_id": "evil", "time": String(Int(Date().timeIntervalSince1970)),
            "feature": "<script>alert(1)</script>", "plan_tier": "free", "prompt_version": "refund-v4",
            "outcome": "complaint",
        ])
        try fixture.write("exports/prod.csv", CoverageCommandTests.csv(rows))
        let csv = fixture.root + "/exports/prod.csv"
        let html = fixture.root + "/.git/coverage.html"
        let printed = try expectDeadbolt(
            ["coverage", "--traces", csv, "--since", "30d", "--format", "html", "--report", "html=" + html],
            in: fixture, exits: 0)
        let written = try String(contentsOfFile: html, encoding: .utf8)
        #expect(written == printed.stdout, "--report html= writes what --format html prints")
        let json = try expectDeadbolt(
            ["coverage", "--traces", csv, "--since", "30d", "--format", "json"], in: fixture, exits: 0)
        return (fixture, written, try JSONValue.parse(Array(json.stdout.utf8)))
    }

    @Test func theReportIsOneFileWithBothChartsAndTheLoss() throws {
        let (_, html, json) = try workedExampleReport()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        for forbidden in ["src=", "href=\"http", "href='http", "@import", "url(", "<link", "http://", "https://"] {
            #expect(!html.contains(forbidden), "the report must make no network request: found \(forbidden)")
        }
        #expect(html.contains("default-src 'none'"))
        let slices = try #require(json["slices"]?.arrayValue)
        #expect(html.components(separatedBy: "<circle class=\"dot\"").count - 1 == slices.count, "a dot a slice")
        let all = try #require(section(html, from: "id=\"timeline-all\"", to: "</svg>"))
        #expect(all.contains("data-name=\"refund-v3\"") && all.contains("data-name=\"refund-v4\""))
        // The enterprise slice gets a chart of its own, under the loss it shows.
        let loss = "<b>Offline win, online loss:</b> refund-v3 → refund-v4: bad rate 4.0% → 30.0%"
        #expect(html.contains(loss), "\(html.prefix(3000))")
        #expect(html.contains("<h3>feature=refunds customer_tier=enterprise</h3>"))
        #expect(
            html.contains("<tr id=\"slice-0\" class=\"slice no-cases\" data-flags=\"no-cases offline-win-online-loss\"")
        )
        #expect(html.contains("deadbolt capture --trace TRACE.json --where trace_id=t1-"))
        // Text from production is text, never markup.
        #expect(!html.contains("<script>alert(1)</script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    }

    @Test func reportWithNoTimesHasTheScatterAndSaysSo() throws {
        let fixture = try makePromptRepository()
        try fixture.write("exports/undated.csv", "trace_id,feature,outcome\nt1,refunds,bad\nt2,billing,ok\n")
        let result = try expectDeadbolt(
            ["coverage", "--traces", fixture.root + "/exports/undated.csv", "--format", "html"], in: fixture,
            exits: 0, stdout: ["id=\"pain-coverage\"", "No dated traces."])
        #expect(!result.stdout.contains("id=\"timeline-all\""))
        let empty = try expectDeadbolt(
            ["coverage", "--traces", fixture.root + "/exports/undated.csv", "--since", "1d", "--format", "html"],
            in: fixture, exits: 0)
        #expect(empty.stdout.contains("</html>"))
    }

    /// Measures, in the browser, every chart and every label in it, the page's width, and what the
    /// flag filter leaves shown.
    static let probe = """
        var out={charts:[],overflow:document.documentElement.scrollWidth>window.innerWidth,
        dots:document.querySelectorAll('#pain-coverage circle.dot').length,
        series:[].map.call(document.querySelectorAll('#timeline-all path.series'),function(p){return p.dataset.name;})};
        document.querySelectorAll('svg.chart').forEach(function(svg){var r=svg.getBoundingClientRect(),outside=[];
        svg.querySelectorAll('text').forEach(function(t){var b=t.getBoundingClientRect();
        if(b.width===0||b.left<r.left-1||b.top<r.top-1||b.right>r.right+1||b.bottom>r.bottom+1)
        outside.push(t.textContent);});
        out.charts.push({id:svg.id,width:r.width,height:r.height,outside:outside});});
        var f=document.getElementById('flag');f.value='offline-win-online-loss';f.dispatchEvent(new Event('change'));
        out.shown=[].filter.call(document.querySelectorAll('tr.slice'),function(r){return r.offsetParent!==null;})
        .map(function(r){return r.id;});
        deadboltReport(JSON.stringify(out));
        """

    @Test(.enabled(if: HeadlessChromium.enabled))
    func chromiumLaysOutEveryChartWithItsLabelsInside() throws {
        let (fixture, _, json) = try workedExampleReport()
        let path = fixture.root + "/.git/coverage.html"
        let slices = try #require(json["slices"]?.arrayValue)
        let lossRows = slices.indices.filter {
            slices[$0]["flags"]?.arrayValue?.contains(.string("offline-win-online-loss")) == true
        }
        for width in [1200, 420] {
            let measured = try JSONValue.parse(
                Array(try HeadlessChromium.measure(path, script: Self.probe, width: width).utf8))
            #expect(measured["overflow"] == .bool(false), "nothing runs off a \(width)px page")
            #expect(measured["dots"]?.numberValue == Double(slices.count))
            #expect(measured["series"]?.arrayValue?.compactMap(\.stringValue).sorted() == ["refund-v3", "refund-v4"])
            let charts = try #require(measured["charts"]?.arrayValue)
            #expect(charts.map { $0["id"]?.stringValue }.prefix(2) == ["pain-coverage", "timeline-all"])
            #expect(charts.count >= 3, "the enterprise slice has a chart of its own")
            for chart in charts {
                #expect((chart["width"]?.numberValue ?? 0) > 300, "\(chart)")
                #expect((chart["height"]?.numberValue ?? 0) > 150, "\(chart)")
                #expect(chart["outside"]?.arrayValue == [], "labels cut off at \(width)px: \(chart)")
            }
            #expect(measured["shown"]?.arrayValue?.compactMap(\.stringValue) == lossRows.map { "slice-\($0)" })
        }
        let console = try HeadlessChromium.console(path)
        #expect(console.isEmpty, "the browser logged: \(console)")
    }

    /// The console check can fail: a page its own policy blocks is logged.
    @Test(.enabled(if: HeadlessChromium.enabled))
    func theConsoleCheckSeesAPolicyViolation() throws {
        let path = try TemporaryFolder.make(prefix: "csp") + "/blocked.html"
        try Data(
            (#"<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'">"#
                + #"</head><body><img src="http://example.invalid/x.png"></body></html>"#).utf8
        ).write(to: URL(fileURLWithPath: path))
        let console = try HeadlessChromium.console(path)
        #expect(console.contains("Content Security Policy"), "\(console)")
    }

    func section(_ text: String, from start: String, to end: String) -> String? {
        guard let from = text.range(of: start), let to = text.range(of: end, range: from.upperBound..<text.endIndex)
        else { return nil }
        return String(text[from.lowerBound..<to.upperBound])
    }
}
