import DeadboltCore
import Foundation
import TestSupport
import Testing

@Suite struct ReportTests {
    func failingRun() throws -> (GitFixture, ProcessResult) {
        let fixture = try makePromptRepository()
        try fixture.write(
            "prompts/refund.md", "Annual plans are <not> refundable & \"final\".\n{{> prompts/partials/tone.md}}\n")
        try fixture.commit("Regress")
        let result = try deadbolt(
            [
                "check", "--base", "HEAD~1", "--report", "junit=\(fixture.root)/junit.xml", "--report",
                "markdown=\(fixture.root)/report.md",
            ], in: fixture)
        return (fixture, result)
    }

    @Test func junitIsReadByARealJUnitParser() throws {
        let (fixture, result) = try failingRun()
        #expect(result.status == 1)
        let script = """
            import sys, junitparser
            xml = junitparser.JUnitXml.fromfile(sys.argv[1])
            for suite in xml:
                for case in suite:
                    status = "passed" if case.is_passed else type(case.result[0]).__name__.lower()
                    message = case.result[0].message if case.result else ""
                    print(f"{suite.name}|{case.classname}|{case.name}|{status}|{message}")
            """
        try fixture.write("parse_junit.py", script)
        let parsed = try ProcessResult.run(
            ["python3", "parse_junit.py", fixture.root + "/junit.xml"], in: fixture.root)
        #expect(parsed.status == 0, "junitparser is required: pip install junitparser (\(parsed.stderr))")
        let lines = parsed.stdout.split(separator: "\n").map(String.init)
        #expect(
            lines.contains(
                "refund_policy_regressions|refund_policy_regressions|reg-2026-11-21-a1b2c3|failure|"
                    + "icontains: expected output to contain \"pro-rata\" (ignoring case)"
            ))
        #expect(lines.contains("refund_policy_regressions|refund_policy_regressions|reg-2026-11-21-d4e5f6|passed|"))
        let xml = try fixture.read("junit.xml")
        #expect(xml.contains("&lt;not&gt; refundable &amp; &quot;final&quot;"))
        #expect(xml.contains("<property name=\"bug_link\" value=\"https://tracker.example.com/BUG-142\"/>"))
    }

    @Test func markdownShowsVerdictCountsAndDiffs() throws {
        let (fixture, _) = try failingRun()
        let markdown = try fixture.read("report.md")
        #expect(markdown.hasPrefix("## deadbolt pre-push: ❌ fail"))
        #expect(markdown.contains("| 1 | 1 | 0 | 0 |"))
        #expect(markdown.contains("<code>reg-2026-11-21-a1b2c3</code>"))
        #expect(markdown.contains("```diff\n--- expected"))
    }

    @Test func htmlIsSelfContainedFailuresFirstAndFilterable() throws {
        let fixture = try makePromptRepository()
        try fixture.write(
            "prompts/refund.md", "Annual plans are <b>not</b> refundable.\n{{> prompts/partials/tone.md}}\n")
        try fixture.commit("Regress")
        let result = try deadbolt(
            ["check", "--base", "HEAD~1", "--report", "html=\(fixture.root)/report.html"], in: fixture)
        #expect(result.status == 1)
        let html = try fixture.read("report.html")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        for forbidden in ["src=", "href=", "@import", "url(", "<link"] {
            #expect(!html.contains(forbidden), "the report must make no network request: found \(forbidden)")
        }
        #expect(html.contains("default-src 'none'"))
        let failed = try #require(html.range(of: "data-status=\"failed\""))
        let passed = try #require(html.range(of: "data-status=\"passed\""))
        #expect(failed.lowerBound < passed.lowerBound)
        #expect(html.contains("<select id=\"dataset\">"))
        #expect(html.contains("<select id=\"status\">"))
        #expect(html.contains("&lt;b&gt;not&lt;/b&gt;"))
        #expect(!html.contains("<b>not</b>"))
        #expect(html.contains("<div class=\"label\">expected</div><pre>pro-rata</pre>"))
    }

    @Test(.enabled(if: HeadlessChromium.enabled))
    func chromiumShowsTheHTMLAndItsFiltersWork() throws {
        let fixture = try makePromptRepository()
        try fixture.write("prompts/refund.md", "Annual plans are not refundable.\n{{> prompts/partials/tone.md}}\n")
        try fixture.commit("Regress")
        let path = fixture.root + "/report.html"
        let result = try deadbolt(["check", "--base", "HEAD~1", "--report", "html=\(path)"], in: fixture)
        #expect(result.status == 1)
        let probe = """
            function shown(){return [].filter.call(document.querySelectorAll('.case'),function(c){
            return c.offsetParent!==null;}).map(function(c){return c.dataset.status;});}
            var all=shown(),s=document.getElementById('status');s.value='failed';s.dispatchEvent(new Event('change'));
            deadboltReport(JSON.stringify({all:all,failed:shown(),
            overflow:document.documentElement.scrollWidth>window.innerWidth}));
            """
        let measured = try JSONValue.parse(Array(try HeadlessChromium.measure(path, script: probe).utf8))
        let all = measured["all"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(all.first == "failed" && all.contains("passed"), "failures first: \(all)")
        #expect(measured["failed"]?.arrayValue?.compactMap(\.stringValue) == all.filter { $0 == "failed" })
        #expect(measured["overflow"] == .bool(false))
        let console = try HeadlessChromium.console(path)
        #expect(console.isEmpty, "the browser logged: \(console)")
    }
}
