import DeadboltCore

/// Reads a verdict back from the JSON `VerdictJSON` writes, so that `deadbolt merge` can report
/// and post a combined run as `deadbolt check` does a whole one.
///
/// What reports and posts show comes back: the results with their assertions and errors, the
/// warnings (strict ones marked `strict`), gate, base, head, why nothing ran, the shard, the lock
/// findings with their proofs, and the selection as far as reports need it (each dataset's name,
/// case ids and reasons; not its definition).
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
                let status = item["status"]?.stringValue.flatMap(CaseStatus.init(rawValue:))
            else {
                throw NotAVerdict(message: "result \(index + 1) has no dataset, case or known status")
            }
            do { results.append(try result(item, dataset: dataset, caseID: caseID, status: status)) } catch {
                throw NotAVerdict(message: "result \(index + 1) (\(caseID)): \(error.message)")
            }
        }
        var warnings: [GateWarning] = []
        var strict: [GateWarning] = []
        for (index, item) in (json["warnings"]?.arrayValue ?? []).enumerated() {
            guard let kind = item["kind"]?.stringValue.flatMap(WarningKind.init(rawValue:)) else {
                throw NotAVerdict(message: "warning \(index + 1) has no known `kind`")
            }
            let warning = GateWarning(
                kind: kind, message: item["message"]?.stringValue ?? "",
                commit: item["commit"]?.stringValue)
            if item["strict"] == .bool(true) { strict.append(warning) } else { warnings.append(warning) }
        }
        let note = json["note"]?.stringValue
        let prefix = "nothing selected: "
        var verdict = Verdict(
            gate: gate, base: json["base"]?.stringValue, head: json["head"]?.stringValue, results: results,
            warnings: warnings,
            emptyReason: note.map { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : $0 },
            selection: json["selection"].flatMap(selection), strictWarnings: strict)
        verdict.locks = (json["locks"]?.arrayValue ?? []).compactMap(lock)
        if let shard = json["shard"] {
            verdict.shard = try self.shard(shard)
        }
        do {
            verdict.mergedShards = try ResultNumbers.value(json, "shards", in: Shard.totalRange)
        } catch {
            throw NotAVerdict(message: error.message)
        }
        return verdict
    }

    /// `shard`: which share of the run, of how many, and every case key the whole run selected.
    static func shard(_ shard: JSONValue) throws(NotAVerdict) -> ShardRecord {
        guard let keys = shard["selected"]?.arrayValue?.compactMap(\.stringValue) else {
            throw NotAVerdict(message: "its `shard` has no `selected` cases")
        }
        var total: Int?
        var index: Int?
        do {
            total = try ResultNumbers.value(shard, "total", in: Shard.totalRange, named: "shard.total")
            if let total { index = try ResultNumbers.value(shard, "index", in: 1...total, named: "shard.index") }
        } catch {
            throw NotAVerdict(message: error.message)
        }
        guard let total, let index else { throw NotAVerdict(message: "its `shard` needs an `index` and a `total`") }
        return ShardRecord(index: index, total: total, selected: keys)
    }

    /// The selection as reports and posting use it: names, case ids and reasons.
    static func selection(_ json: JSONValue) -> Selection? {
        guard let name = json["gate"]?.stringValue else { return nil }
        let tiers = (json["tiers"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap(Tier.init(rawValue:)) }
        let scope = json["scope"]?.stringValue.flatMap(Scope.init(rawValue:)) ?? .affected
        let datasets: [SelectedDataset] = (json["datasets"]?.arrayValue ?? []).compactMap { item in
            guard let name = item["name"]?.stringValue else { return nil }
            let cases = (item["cases"]?.arrayValue ?? []).compactMap(\.stringValue).map {
                RegressionCase(id: $0, input: .null, line: 0)
            }
            let reasons: [SelectionReason] = (item["reasons"]?.arrayValue ?? []).compactMap { reason in
                guard let kind = reason["kind"]?.stringValue.flatMap(SelectionReason.Kind.init(rawValue:)) else {
                    return nil
                }
                return SelectionReason(
                    kind: kind, path: reason["path"]?.stringValue,
                    via: (reason["via"]?.arrayValue ?? []).compactMap(\.stringValue))
            }
            return SelectedDataset(
                dataset: Dataset(name: name, folder: "", owners: []), reasons: reasons, cases: cases,
                changedCaseIDs: (item["changed_cases"]?.arrayValue ?? []).compactMap(\.stringValue))
        }
        let cycles = (json["cycles"]?.arrayValue ?? []).map {
            IncludeGraph.Cycle(files: ($0.arrayValue ?? []).compactMap(\.stringValue))
        }.filter { !$0.files.isEmpty }
        let note = json["note"]?.stringValue
        return Selection(
            gate: Gate(name: name, tiers: tiers, scope: scope), datasets: datasets, cycles: cycles,
            emptyReason: note.map { $0.hasPrefix("nothing selected: ") ? String($0.dropFirst(18)) : $0 })
    }

    /// One commit's lock status with its proofs; nil for an entry that is not one.
    static func lock(_ json: JSONValue) -> CommitLock? {
        guard let sha = json["sha"]?.stringValue,
            let status = json["status"]?.stringValue.flatMap(LockStatus.init(rawValue:))
        else { return nil }
        var lock = CommitLock(
            sha: sha, subject: json["subject"]?.stringValue ?? "",
            bugLinks: (json["bug_links"]?.arrayValue ?? []).compactMap(\.stringValue).map { BugLink($0, origin: nil) },
            status: status, cases: (json["cases"]?.arrayValue ?? []).compactMap(\.stringValue),
            waiver: json["waiver"]?.stringValue)
        lock.proofs = (json["proofs"]?.arrayValue ?? []).compactMap { proof in
            guard let dataset = proof["dataset"]?.stringValue, let caseID = proof["case"]?.stringValue,
                let atBase = proof["at_base"]?.stringValue.flatMap(CaseStatus.init(rawValue:))
            else { return nil }
            return LockProof(
                dataset: dataset, caseID: caseID, bugLink: proof["bug_link"]?.stringValue, atBase: atBase,
                atHead: proof["at_head"]?.stringValue.flatMap(CaseStatus.init(rawValue:)),
                baseError: proof["base_error"]?.stringValue)
        }
        return lock
    }

    static func result(
        _ item: JSONValue, dataset: String, caseID: String, status: CaseStatus
    ) throws(ResultNumbers.Refusal) -> CaseResult {
        try ResultNumbers.check(item)
        let range = { (field: String) in ResultNumbers.ranges.first { $0.field == field }!.range }
        let errorRange = { (field: String) in ResultNumbers.errorRanges.first { $0.field == field }!.range }
        let int = { (field: String) throws(ResultNumbers.Refusal) in
            try ResultNumbers.value(item, field, in: range(field))
        }
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
        var usage: TokenUsage?
        if let counts = item["usage"], counts != .null {
            let prompt = try ResultNumbers.value(
                counts, "prompt_tokens", in: TokenUsage.range, named: "usage.prompt_tokens")
            let completion = try ResultNumbers.value(
                counts, "completion_tokens", in: TokenUsage.range, named: "usage.completion_tokens")
            if let prompt, let completion { usage = TokenUsage(prompt: prompt, completion: completion) }
        }
        var result = CaseResult(
            dataset: dataset, caseID: caseID, status: status, file: item["file"]?.stringValue ?? "", line: line,
            tier: item["tier"]?.stringValue.flatMap(Tier.init(rawValue:)) ?? .smoke,
            bugLink: item["bug_link"]?.stringValue,
            durationMs: durationMs, output: item["output"]?.stringValue,
            assertions: (item["assertions"]?.arrayValue ?? []).map { assertion in
                AssertionResult(
                    type: assertion["type"]?.stringValue ?? "", pass: assertion["pass"] == .bool(true),
                    message: assertion["message"]?.stringValue ?? "", diff: assertion["diff"]?.stringValue)
            },
            failure: failure, model: item["model"]?.stringValue, latencyMs: latencyMs, cost: item["cost"]?.numberValue,
            runs: (item["runs"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap(CaseStatus.init(rawValue:)) },
            notes: (item["notes"]?.arrayValue ?? []).compactMap(\.stringValue))
        result.cachedRuns = try int("cached_runs") ?? 0
        result.messages = (item["messages"]?.arrayValue ?? []).compactMap { message in
            guard let role = message["role"]?.stringValue, let content = message["content"] else { return nil }
            return ChatMessage(role: role, content: content)
        }
        if case .object(let prompts)? = item["prompts"] { result.prompts = prompts.compactMapValues(\.stringValue) }
        result.usage = usage
        result.change = item["change"]?.stringValue.flatMap(CaseChange.init(rawValue:))
        if let commit = item["baseline"]?["commit"]?.stringValue,
            let status = item["baseline"]?["status"]?.stringValue.flatMap(CaseStatus.init(rawValue:))
        {
            result.baseline = Baseline(commit: commit, status: status)
        }
        if let flakes = item["flake_history"], flakes != .null {
            let passed = try ResultNumbers.value(
                flakes, "passed", in: 0...Int(Int32.max), named: "flake_history.passed")
            let failed = try ResultNumbers.value(
                flakes, "failed", in: 0...Int(Int32.max), named: "flake_history.failed")
            result.flakeHistory = Outcomes(passed: passed ?? 0, failed: failed ?? 0)
        }
        return result
    }
}
