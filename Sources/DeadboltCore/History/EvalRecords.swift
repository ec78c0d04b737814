/// Turns a run's results into eval records, one per repetition.
public enum EvalRecords {
    /// The records of `results`; `planned` supplies each case's line, dataset and prompt versions
    /// (a result with no planned case is skipped), `evaluator` the blob ids of each case's `exec`
    /// files by `dataset/case`.
    public static func make(
        _ results: [CaseResult], planned: [PlannedCase], facts: RunFacts, config: Config,
        evaluator: [String: [String: String]] = [:]
    ) -> [EvalRecord] {
        make(
            results, planned: planned, keys: keys(planned, facts: facts, config: config, evaluator: evaluator),
            facts: facts)
    }

    /// The same, with each case's shared part already computed by ``keys(_:facts:config:evaluator:)``
    /// (a result whose case has no keys is skipped).
    public static func make(
        _ results: [CaseResult], planned: [PlannedCase], keys: [String: CaseRecordKeys], facts: RunFacts
    ) -> [EvalRecord] {
        var byKey: [String: PlannedCase] = [:]
        byKey.reserveCapacity(planned.count)
        for one in planned { byKey[one.dataset.name + "/" + one.regressionCase.id] = one }
        var records: [EvalRecord] = []
        records.reserveCapacity(results.count)
        for result in results {
            let key = result.dataset + "/" + result.caseID
            guard let plannedCase = byKey[key], let shared = keys[key] else { continue }
            let regressionCase = plannedCase.regressionCase
            // The run the result describes: the first that did not pass, else the last.
            let shown = result.runs.firstIndex(where: { $0 != .passed }) ?? result.runs.count - 1
            for (repetition, status) in result.runs.enumerated() {
                var record = EvalRecord(
                    runID: facts.runID, recordedAtMs: facts.recordedAtMs, gate: facts.gate,
                    tier: result.tier.rawValue, dataset: result.dataset, datasetVersion: plannedCase.dataset.version,
                    caseID: result.caseID, caseHash: shared.caseHash, repetition: repetition, status: status,
                    durationMs: result.durationMs, provider: facts.provider)
                record.category = regressionCase.category.map(Self.storable)
                record.bugLink = regressionCase.bugLink.map(Self.storable)
                record.traceID = TraceValues.scalarText(regressionCase.fields["trace_id"]).map(Self.storable)
                record.tags = regressionCase.tags
                record.cached = repetition < result.cachedRuns
                record.model = result.model
                record.inputTokens = result.usage?.prompt
                record.outputTokens = result.usage?.completion
                record.cost = result.cost
                record.prompts = shared.prompts
                record.guardrails = shared.guardrails
                record.evaluator = shared.evaluator
                if repetition == shown {
                    record.failedAssertions = result.assertions.filter { !$0.pass }.map { "\($0.type): \($0.message)" }
                    if let failure = result.failure { record.failedAssertions.append("provider: \(failure.reason)") }
                    if let output = result.output {
                        let bytes = Array(output.utf8)
                        record.outputBytes = bytes.count
                        record.outputHash = ContentHash.sha256(bytes)
                        record.output = Self.storable(Self.cut(output, bytes: EvalRecord.outputLimit))
                    }
                }
                record.commit = facts.commit
                record.branch = facts.branch
                record.base = facts.base
                record.author = facts.author
                record.commitTime = facts.commitTime
                record.dirty = facts.dirty
                record.ciSystem = facts.ciSystem
                record.ciRunURL = facts.ciRunURL
                record.pullRequest = facts.pullRequest
                record.inputsKey = shared.inputsKey
                records.append(record)
            }
        }
        return records
    }

    /// SHA-256 of the case's canonical JSON without its tier: moving a case between tiers keeps
    /// its history.
    public static func caseHash(_ regressionCase: RegressionCase) -> String {
        ContentHash.sha256(JSONValue.object(regressionCase.fields.filter { $0.key != "tier" }).compactText())
    }

    /// `text` with each NUL shown as ␀ (U+2400): SQLite's text reads stop at a NUL and PostgreSQL
    /// refuses one, so a kept answer would be cut short or not kept at all. The hash is of the original.
    public static func storable(_ text: String) -> String {
        text.utf8.contains(0) ? String(text.map { $0 == "\u{0}" ? "\u{2400}" : $0 }) : text
    }

    /// `text` cut to at most `limit` UTF-8 bytes, on a character boundary.
    public static func cut(_ text: String, bytes limit: Int) -> String {
        let bytes = Array(text.utf8)
        guard bytes.count > limit else { return text }
        var end = limit
        // Back off continuation bytes (10xxxxxx), so the cut falls between characters.
        while end > 0, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return String(decoding: bytes[..<end], as: UTF8.self)
    }
}
