import DeadboltCore

/// Reads a verdict back from the JSON `VerdictJSON` writes, so that `deadbolt merge` can report
/// and post a combined run as `deadbolt check` does a whole one.
///
/// What reports and posts show comes back: the results with their assertions and errors, the
/// warnings (strict ones marked `strict`), gate, base, head and why nothing ran. The selection
/// and lock proofs stay in the JSON; `ownerPaths` reads what posting needs of the selection.
public enum VerdictJSONReader {
    public struct NotAVerdict: Error, Sendable {
        public var message: String
    }

    public static func read(_ json: JSONValue) throws(NotAVerdict) -> Verdict {
        guard let gate = json["gate"]?.stringValue, let items = json["results"]?.arrayValue else {
            throw NotAVerdict(message: "it has no `gate` or no `results`")
        }
        var results: [CaseResult] = []
        for (index, item) in items.enumerated() {
            guard let dataset = item["dataset"]?.stringValue, let caseID = item["case"]?.stringValue,
                  let status = item["status"]?.stringValue.flatMap(CaseStatus.init(rawValue:)) else {
                throw NotAVerdict(message: "result \(index + 1) has no dataset, case or known status")
            }
            do { results.append(try result(item, dataset: dataset, caseID: caseID, status: status)) } catch {
                throw NotAVerdict(message: "result \(index + 1) (\(caseID)): \(error.message)")
            }
        }
        var warnings: [GateWarning] = []
        var strict: [GateWarning] = []
        for item in json["warnings"]?.arrayValue ?? [] {
            let warning = GateWarning(
                kind: item["kind"]?.stringValue ?? "warning", message: item["message"]?.stringValue ?? "",
                commit: item["commit"]?.stringValue)
            if item["strict"] == .bool(true) { strict.append(warning) } else { warnings.append(warning) }
        }
        let note = json["note"]?.stringValue
        let prefix = "nothing selected: "
        return Verdict(
            gate: gate, base: json["base"]?.stringValue, head: json["head"]?.stringValue, results: results,
            warnings: warnings, emptyReason: note.map { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : $0 },
            strictWarnings: strict)
    }

    /// Each selected dataset's changed prompts and guardrails (the paths of its `owner` reasons).
    public static func ownerPaths(_ json: JSONValue) -> [String: [String]] {
        var paths: [String: [String]] = [:]
        for dataset in json["selection"]?["datasets"]?.arrayValue ?? [] {
            guard let name = dataset["name"]?.stringValue else { continue }
            paths[name] = (dataset["reasons"]?.arrayValue ?? [])
                .filter { $0["kind"]?.stringValue == SelectionReason.Kind.owner.rawValue }
                .compactMap { $0["path"]?.stringValue }
        }
        return paths
    }

    static func result(
        _ item: JSONValue, dataset: String, caseID: String, status: CaseStatus
    ) throws(ResultNumbers.Refusal) -> CaseResult {
        try ResultNumbers.check(item)
        let range = { (field: String) in ResultNumbers.ranges.first { $0.field == field }!.range }
        let errorRange = { (field: String) in ResultNumbers.errorRanges.first { $0.field == field }!.range }
        let int = { (field: String) throws(ResultNumbers.Refusal) in try ResultNumbers.value(item, field, in: range(field)) }
        var failure: ProviderFailure?
        if let error = item["error"] {
            failure = ProviderFailure(
                reason: error["reason"]?.stringValue ?? "",
                exitCode: try ResultNumbers.value(error, "exit_code", in: errorRange("exit_code")).map { Int32($0) },
                signal: try ResultNumbers.value(error, "signal", in: errorRange("signal")).map { Int32($0) },
                timedOut: error["timed_out"] == .bool(true), stderrTail: error["stderr_tail"]?.stringValue ?? "")
        }
        let line = try int("line") ?? 0
        let durationMs = try int("duration_ms") ?? 0
        let latencyMs = try int("latency_ms")
        return CaseResult(
            dataset: dataset, caseID: caseID, status: status, file: item["file"]?.stringValue ?? "", line: line,
            tier: item["tier"]?.stringValue.flatMap(Tier.init(rawValue:)) ?? .smoke, bugLink: item["bug_link"]?.stringValue,
            durationMs: durationMs, output: item["output"]?.stringValue,
            assertions: (item["assertions"]?.arrayValue ?? []).map { assertion in
                AssertionResult(
                    type: assertion["type"]?.stringValue ?? "", pass: assertion["pass"] == .bool(true),
                    message: assertion["message"]?.stringValue ?? "", diff: assertion["diff"]?.stringValue)
            },
            failure: failure, model: item["model"]?.stringValue, latencyMs: latencyMs, cost: item["cost"]?.numberValue,
            runs: (item["runs"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap(CaseStatus.init(rawValue:)) },
            notes: (item["notes"]?.arrayValue ?? []).compactMap(\.stringValue))
    }
}
