/// A case about to be captured: what `deadbolt capture` appends, before it is checked and written.
public struct CaseDraft: Sendable {
    public var fields: [String: JSONValue]

    /// The new case for `record`, keeping only `keep` of its input (all of it when `keep` is empty).
    ///
    /// Throws when none of the fields to keep is in the trace's input.
    public static func make(
        record: TraceRecord, dataset: Dataset, keep: [String], expected: String, bugLink: String, category: String,
        tier: Tier?, tags: [String: String], capturedBy: String?, capturedAt: String, promptVersion: String?,
        idSuffix: String,
        tracePath: String
    ) throws(InputError) -> CaseDraft {
        var input = record.input
        if !keep.isEmpty, case .object(let all) = record.input {
            let kept = all.filter { keep.contains($0.key) }
            guard !kept.isEmpty else {
                let fields = all.keys.sorted().joined(separator: ", ")
                throw InputError(
                    file: tracePath,
                    "the trace's input has none of the fields to keep (\(keep.joined(separator: ", ")))",
                    hint: "its input has \(fields); name the ones that reproduce the behaviour with --keep FIELD"
                )
            }
            input = .object(kept)
        }
        var fields: [String: JSONValue] = [
            "id": .string("reg-\(capturedAt)-\(idSuffix)"),
            "input": input,
            "expected_output": .string(expected),
            "category": .string(category),
            "bug_link": .string(bugLink),
            "captured_at": .string(capturedAt),
        ]
        if let traceID = record.traceID { fields["trace_id"] = .string(traceID) }
        if let tier { fields["tier"] = .string(tier.rawValue) }
        if let capturedBy { fields["captured_by"] = .string(capturedBy) }
        if let output = record.output { fields["shipped_output"] = .string(output) }
        if let model = record.model { fields["model"] = .string(model) }
        if let asked = record.requestModel, asked != record.model { fields["request_model"] = .string(asked) }
        if let promptVersion { fields["prompt_version"] = .string(promptVersion) }
        var allTags: [String: JSONValue] = [:]
        // The keys production traces and eval records share, and who asked in which session.
        for key in ["feature", "intent", "customer_tier", "user_id", "session_id"] {
            if let value = record.metadata[key] { allTags[key] = .string(value) }
        }
        for (key, value) in tags { allTags[key] = .string(value) }
        if !allTags.isEmpty { fields["tags"] = .object(allTags) }
        return CaseDraft(fields: fields)
    }

    /// The draft as a case, for running it before it is written.
    public func regressionCase() throws(InputError) -> RegressionCase {
        try CaseParser.parseLine(ArraySlice(Array(line.utf8)), path: "capture", line: 1)
    }

    /// One line of `cases.jsonl`: compact, keys sorted.
    public var line: String { JSONValue.object(fields).compactText() }
}
