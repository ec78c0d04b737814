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
    /// (a result whose case has no keys is skipped): only what the result says is filled in here.
    public static func make(
        _ results: some Sequence<CaseResult>, planned: [PlannedCase], keys: [String: CaseRecordKeys], facts: RunFacts
    ) -> [EvalRecord] {
        var byKey: [String: PlannedCase]?
        var records: [EvalRecord] = []
        records.reserveCapacity(results.underestimatedCount)
        for result in results {
            let key = result.dataset + "/" + result.caseID
            guard let shared = keys[key] else { continue }
            var common: EvalRecord
            if let made = shared.record {
                common = made
            } else {
                if byKey == nil {
                    byKey = Dictionary(
                        planned.map { ($0.dataset.name + "/" + $0.regressionCase.id, $0) },
                        uniquingKeysWith: { a, _ in a })
                }
                guard let plannedCase = byKey?[key] else { continue }
                common = record(of: plannedCase, keys: shared, facts: facts)
            }
            common.tier = result.tier.rawValue
            common.durationMs = result.durationMs
            common.model = result.model
            common.inputTokens = result.usage?.prompt
            common.outputTokens = result.usage?.completion
            common.cost = result.cost
            // The run the result describes: the first that did not pass, else the last.
            let shown = result.runs.firstIndex(where: { $0 != .passed }) ?? result.runs.count - 1
            for (repetition, status) in result.runs.enumerated() {
                var record = common
                record.repetition = repetition
                record.status = status
                record.cached = repetition < result.cachedRuns
                if repetition == shown {
                    record.failedAssertions = result.assertions.filter { !$0.pass }.map { "\($0.type): \($0.message)" }
                    if let failure = result.failure { record.failedAssertions.append("provider: \(failure.reason)") }
                    if let output = result.output {
                        record.outputBytes = output.utf8.count
                        record.outputHash = ContentHash.sha256(output)
                        record.output = Self.storable(Self.cut(output, bytes: EvalRecord.outputLimit))
                    }
                }
                records.append(record)
            }
        }
        return records
    }

    /// The record of `plannedCase` with everything its result does not say: the run's facts, the
    /// case, its versions and tags (its tier, status, timing, usage and output are the result's).
    public static func record(of plannedCase: PlannedCase, keys shared: CaseRecordKeys, facts: RunFacts)
        -> EvalRecord
    {
        let regressionCase = plannedCase.regressionCase
        var record = EvalRecord(
            runID: facts.runID, recordedAtMs: facts.recordedAtMs, gate: facts.gate, tier: "",
            dataset: plannedCase.dataset.name, datasetVersion: plannedCase.dataset.version, caseID: regressionCase.id,
            caseHash: shared.caseHash, repetition: 0, status: .passed, durationMs: 0, provider: facts.provider)
        record.category = regressionCase.category.map(Self.storable)
        record.bugLink = regressionCase.bugLink.map(Self.storable)
        record.traceID = TraceValues.scalarText(regressionCase.fields["trace_id"]).map(Self.storable)
        record.tags = regressionCase.tags
        record.prompts = shared.prompts
        record.guardrails = shared.guardrails
        record.evaluator = shared.evaluator
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
        return record
    }

    /// SHA-256 of the case's canonical JSON without its tier: moving a case between tiers keeps
    /// its history.
    public static func caseHash(_ regressionCase: RegressionCase) -> String {
        // Most case lines have no tier of their own: their fields are hashed without a filtered copy.
        let fields = regressionCase.fields
        return ContentHash.sha256(
            JSONValue.object(fields["tier"] == nil ? fields : fields.filter { $0.key != "tier" }).compactText())
    }

    /// `text` with each NUL shown as ␀ (U+2400): SQLite's text reads stop at a NUL and PostgreSQL
    /// refuses one, so a kept answer would be cut short or not kept at all. The hash is of the original.
    public static func storable(_ text: String) -> String {
        // Scanned as a buffer where the text has one (a native string does): the UTF-8 view
        // one byte at a time was most of making 2,000 records.
        let hasNUL = text.utf8.withContiguousStorageIfAvailable { $0.contains(0) } ?? text.utf8.contains(0)
        return hasNUL ? String(text.map { $0 == "\u{0}" ? "\u{2400}" : $0 }) : text
    }

    /// `text` cut to at most `limit` UTF-8 bytes, on a character boundary.
    public static func cut(_ text: String, bytes limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        let bytes = Array(text.utf8)
        guard bytes.count > limit else { return text }
        var end = limit
        // Back off continuation bytes (10xxxxxx), so the cut falls between characters.
        while end > 0, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return String(decoding: bytes[..<end], as: UTF8.self)
    }
}
