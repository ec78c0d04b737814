import ArgumentParser
import DeadboltCore
import DeadboltGate
import Foundation

/// `deadbolt capture`: a production trace becomes a case appended to a dataset.
struct CaptureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capture",
        abstract: "Turn a production trace into a regression case: run it at HEAD, then append it to a dataset.")

    @Option(
        name: [.customShort("C"), .customLong("repo")], help: "Run in this repository instead of the current folder.")
    var repo: String?

    @Option(help: "The dataset to append to.") var dataset: String?
    @Option(
        help: ArgumentHelp(
            "The trace file: OTLP JSON or JSON Lines, a Langfuse or LangSmith export, or {input, output}.",
            discussion: "Repeat it to join an OTLP traces export with its logs export."))
    var trace: [String] = []
    @Option(help: "The bug this case locks (URL or id).") var bug: String?
    @Option(help: "What the right answer must contain.") var expected: String?
    @Option(help: "prod-bug, policy or invariant.") var category: String = "prod-bug"
    @Option(help: "The case's tier (default: the dataset's).") var tier: Tier?
    @Option(name: .customLong("tag"), help: "A tag as key=value (repeatable).") var tags: [String] = []
    @Option(help: "The span, observation or run to take from a trace with several calls.") var span: String?
    @Option(
        name: .customLong("where"),
        help: ArgumentHelp(
            "Capture every trace of the export that carries this tag, as key=value (repeatable: all must match).",
            discussion: "The key is a tag name (outcome, customer_tier, user_id) or an attribute's own name."))
    var filters: [String] = []
    @Flag(help: "Capture every trace of the export (or folder) that holds one model call.") var all = false
    @Option(
        name: .customLong("keep"), help: "An input field to keep (repeatable; default: the dataset's input_fields).")
    var keep: [String] = []
    @Flag(help: "Capture even when the case fails at HEAD (the bug is still live).") var allowFailing = false

    func validate() throws {
        guard CaseParser.categories.contains(category) else {
            throw ValidationError("--category must be one of \(CaseParser.categories.joined(separator: ", "))")
        }
        for tag in tags where !tag.contains("=") || tag.hasPrefix("=") {
            throw ValidationError("--tag takes key=value, not `\(tag)`")
        }
        for filter in filters where TraceFilter(filter) == nil {
            throw ValidationError("--where takes key=value, such as outcome=complaint, not `\(filter)`")
        }
        guard filters.count <= 32 else { throw ValidationError("--where is given \(filters.count) times; at most 32") }
        if span != nil, !filters.isEmpty || all {
            throw ValidationError("--span picks one call of one trace; leave it out with --where or --all")
        }
    }

    func run() async throws {
        let workspace = try Workspace(path: repo)
        var tagValues: [String: String] = [:]
        for tag in tags {
            let parts = tag.split(separator: "=", maxSplits: 1).map(String.init)
            tagValues[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        var request = TraceCapture.Request(
            dataset: try Self.value(dataset, flag: "--dataset", question: "dataset to append to"),
            tracePath: try Self.value(trace.first, flag: "--trace", question: "trace file"),
            bugLink: try Self.value(bug, flag: "--bug", question: "bug link (URL or id)"),
            expected: try Self.value(expected, flag: "--expected", question: "what the right answer must contain"),
            category: category, tier: tier, tags: tagValues, span: span, keep: keep, allowFailing: allowFailing)
        request.moreTracePaths = Array(trace.dropFirst())
        request.filters = filters.compactMap(TraceFilter.init)
        request.all = all
        let capture = TraceCapture(workspace: workspace)
        if TraceCapture.isBatch(request) {
            let outcome = try await capture.captureEach(request)
            print(Self.report(outcome), terminator: "")
            if !outcome.refused.isEmpty { throw DeadboltExit.fail }
            return
        }
        switch try await capture.capture(request) {
        case .captured(let id, let casesPath, let passing):
            let state = passing ? "passes at HEAD: the fix is in" : "fails at HEAD: the bug is still live"
            print("captured \(id) into \(casesPath) (\(state))")
        case .refused(_, let reason):
            var text = "capture refused: \(reason).\n"
            if reason.contains("still live") {
                text +=
                    "  fix it first, or pass --allow-failing to pin the case now "
                    + "and watch it fail until the fix lands.\n"
            }
            FileHandle.standardError.write(Data(text.utf8))
            throw DeadboltExit.fail
        }
    }

    /// What a batch capture did, a line a trace, then the counts.
    static func report(_ outcome: TraceCapture.BatchOutcome) -> String {
        func trace(_ id: String?) -> String { id.map { "trace \($0)" } ?? "a trace without an id" }
        var text = ""
        for one in outcome.captured {
            let state = one.passing ? "passes at HEAD" : "fails at HEAD: the bug is still live"
            text += "captured \(one.id) from \(trace(one.traceID)) (\(state))\n"
        }
        for one in outcome.twins { text += "skipped \(trace(one.traceID)): \(one.reason)\n" }
        for one in outcome.refused { text += "refused \(trace(one.traceID)): \(one.reason)\n" }
        for one in outcome.unreadable { text += "not read \(trace(one.traceID)) (\(one.path)): \(one.reason)\n" }
        let summary = outcome.summary
        text +=
            "captured \(Plural.count(outcome.captured.count, "case")) into \(outcome.casesPath) from "
            + "\(summary.taken) of \(Plural.count(summary.traces, "trace")) read"
        var skipped: [String] = []
        if !outcome.twins.isEmpty { skipped.append(Plural.count(outcome.twins.count, "twin") + " skipped") }
        if !outcome.refused.isEmpty { skipped.append("\(outcome.refused.count) refused") }
        if !outcome.unreadable.isEmpty { skipped.append("\(outcome.unreadable.count) not read") }
        text += skipped.isEmpty ? "\n" : "; " + skipped.joined(separator: ", ") + "\n"
        if !outcome.refused.isEmpty {
            text += "  a refused case fails at HEAD: fix it first, or pass --allow-failing to pin it now.\n"
        }
        return text
    }

    /// A flag's value, asked for on a terminal, or an error naming the flag when stdin is not one.
    static func value(_ given: String?, flag: String, question: String) throws -> String {
        if let given, !given.isEmpty { return given }
        guard isatty(0) == 1 else {
            throw InputError(
                "missing \(flag)", hint: "deadbolt capture asks for it on a terminal; elsewhere pass \(flag)")
        }
        FileHandle.standardError.write(Data("\(question): ".utf8))
        guard let answer = readLine(), !answer.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw InputError("missing \(flag)", hint: "pass \(flag)")
        }
        return answer.trimmingCharacters(in: .whitespaces)
    }
}
