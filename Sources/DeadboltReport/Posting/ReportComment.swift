import DeadboltCore

/// The one pull-request comment (or merge-request note) deadbolt keeps up to date: the Markdown
/// report under a hidden marker that finds it again on the next run.
public enum ReportComment {
    /// GitHub's limit for a comment body.
    public static let limit = 65_536

    /// `<!-- deadbolt:report gate=pull-request -->`: one comment per gate.
    public static func marker(gate: String) -> String {
        "<!-- deadbolt:report gate=\(gate) -->"
    }

    public static func body(_ verdict: Verdict, runURL: String?) -> String {
        let marker = marker(gate: verdict.gate) + "\n"
        let link = runURL.map { "\n[The run](\($0))\n" } ?? ""
        let report = MarkdownReport.render(verdict, limit: limit - 1 - marker.count - link.count)
        return marker + report + link
    }

    /// Whether `body` is deadbolt's comment for `gate`.
    public static func isOurs(_ body: String, gate: String) -> Bool {
        body.contains(marker(gate: gate))
    }
}
