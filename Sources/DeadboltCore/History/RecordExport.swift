/// Eval records in the shapes other tools read: a JSON object a line for a warehouse table, and
/// OTLP JSON (one span per case run, with a `gen_ai.evaluation.result` event) for a collector.
public enum RecordExport {
    /// The record as one flat JSON object; the shared keys are top-level fields.
    public static func json(_ record: EvalRecord) -> JSONValue {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        func number(_ value: Int?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }
        func ids(_ object: [String: String]) -> JSONValue { .object(object.mapValues(JSONValue.string)) }
        return .object([
            "schema_version": .number(Double(EvalRecord.schemaVersion)),
            "run_id": .string(record.runID), "time": .string(TimeText.iso8601(milliseconds: record.recordedAtMs)),
            "gate": .string(record.gate), "tier": .string(record.tier), "dataset": .string(record.dataset),
            "dataset_version": .number(Double(record.datasetVersion)), "case": .string(record.caseID),
            "case_hash": .string(record.caseHash), "category": text(record.category), "bug_link": text(record.bugLink),
            "trace_id": text(record.traceID), "tags": .object(record.tags), "feature": text(record.tag("feature")),
            "intent": text(record.tag("intent")), "customer_tier": text(record.tag("customer_tier")),
            "repetition": .number(Double(record.repetition)), "status": .string(record.status.rawValue),
            "failed_assertions": .array(record.failedAssertions.map(JSONValue.string)), "output": text(record.output),
            "output_hash": text(record.outputHash), "output_bytes": number(record.outputBytes),
            "duration_ms": .number(Double(record.durationMs)), "cached": .bool(record.cached),
            "provider": (try? JSONValue.parse(Array(record.provider.utf8))) ?? .string(record.provider),
            "model": text(record.model), "input_tokens": number(record.inputTokens),
            "output_tokens": number(record.outputTokens), "cost": record.cost.map(JSONValue.number) ?? .null,
            "prompts": ids(record.prompts), "guardrails": ids(record.guardrails), "evaluator": ids(record.evaluator),
            "commit": text(record.commit), "branch": text(record.branch), "base": text(record.base),
            "author": text(record.author), "commit_time": record.commitTime.map { .number(Double($0)) } ?? .null,
            "dirty": .bool(record.dirty), "ci_system": text(record.ciSystem), "ci_run_url": text(record.ciRunURL),
            "pull_request": text(record.pullRequest),
        ])
    }

    /// One OTLP/JSON `ExportTraceServiceRequest` holding a span per record. A run is one trace
    /// (its id derived from the run id), so that a collector groups a run's cases.
    public static func otlp(_ records: [EvalRecord], version: String) -> JSONValue {
        .object([
            "resourceSpans": .array([
                .object([
                    "resource": .object(["attributes": .array([attribute("service.name", .string("deadbolt"))])]),
                    "scopeSpans": .array([
                        .object([
                            "scope": .object(["name": .string("deadbolt"), "version": .string(version)]),
                            "spans": .array(records.map(span)),
                        ])
                    ]),
                ])
            ])
        ])
    }

    static func span(_ record: EvalRecord) -> JSONValue {
        let traceID = String(ContentHash.sha256(record.runID).prefix(32))
        let spanID = String(ContentHash.sha256("\(record.runID)/\(record.key)/\(record.repetition)").prefix(16))
        let endNanos = record.recordedAtMs * 1_000_000
        let startNanos = endNanos - Int64(record.durationMs) * 1_000_000
        var attributes: [JSONValue] = [
            attribute("deadbolt.run.id", .string(record.runID)), attribute("deadbolt.gate", .string(record.gate)),
            attribute("deadbolt.tier", .string(record.tier)), attribute("deadbolt.dataset", .string(record.dataset)),
            attribute("deadbolt.dataset.version", .number(Double(record.datasetVersion))),
            attribute("deadbolt.case.id", .string(record.caseID)),
            attribute("deadbolt.case.hash", .string(record.caseHash)),
            attribute("deadbolt.repetition", .number(Double(record.repetition))),
            attribute("deadbolt.status", .string(record.status.rawValue)),
            attribute("deadbolt.cached", .bool(record.cached)),
            attribute("deadbolt.provider", .string(record.provider)),
            attribute("deadbolt.dirty", .bool(record.dirty)),
        ]
        func add(_ key: String, _ value: String?) { if let value { attributes.append(attribute(key, .string(value))) } }
        func add(_ key: String, _ value: Int?) {
            if let value { attributes.append(attribute(key, .number(Double(value)))) }
        }
        add("deadbolt.case.category", record.category)
        add("deadbolt.bug_link", record.bugLink)
        add("deadbolt.case.trace_id", record.traceID)
        add("gen_ai.response.model", record.model)
        add("gen_ai.usage.input_tokens", record.inputTokens)
        add("gen_ai.usage.output_tokens", record.outputTokens)
        if let cost = record.cost { attributes.append(attribute("deadbolt.cost", .number(cost))) }
        for (path, id) in record.prompts.sorted(by: { $0.key < $1.key }) { add("deadbolt.prompt.\(path)", id) }
        for (path, id) in record.guardrails.sorted(by: { $0.key < $1.key }) { add("deadbolt.guardrail.\(path)", id) }
        if !record.prompts.isEmpty {
            attributes.append(
                attribute(
                    "deadbolt.prompt_versions",
                    .array(record.prompts.sorted { $0.key < $1.key }.map { .string("\($0.key)@\($0.value)") })))
        }
        for (name, value) in record.tags.sorted(by: { $0.key < $1.key }) {
            if let text = TraceValues.scalarText(value) {
                add(
                    name == "feature" || name == "intent" || name == "customer_tier" ? name : "deadbolt.tag.\(name)",
                    text)
            }
        }
        add("vcs.ref.head.revision", record.commit)
        add("vcs.ref.head.name", record.branch)
        add("vcs.ref.base.revision", record.base)
        add("deadbolt.commit.author", record.author)
        add("cicd.system", record.ciSystem)
        add("cicd.pipeline.run.url.full", record.ciRunURL)
        add("deadbolt.pull_request", record.pullRequest)
        var event: [JSONValue] = [
            attribute("gen_ai.evaluation.name", .string("deadbolt.regression")),
            attribute("gen_ai.evaluation.score.value", .number(record.status == .passed ? 1 : 0)),
            attribute("gen_ai.evaluation.score.label", .string(record.status == .passed ? "pass" : "fail")),
        ]
        if !record.failedAssertions.isEmpty {
            event.append(
                attribute("gen_ai.evaluation.explanation", .string(record.failedAssertions.joined(separator: "; "))))
        }
        return .object([
            "traceId": .string(traceID), "spanId": .string(spanID), "name": .string("eval \(record.key)"),
            "kind": .number(1), "startTimeUnixNano": .string(String(startNanos)),
            "endTimeUnixNano": .string(String(endNanos)), "attributes": .array(attributes),
            "events": .array([
                .object([
                    "timeUnixNano": .string(String(endNanos)), "name": .string("gen_ai.evaluation.result"),
                    "attributes": .array(event),
                ])
            ]),
            "status": .object(["code": .number(record.status == .passed ? 1 : 2)]),
        ])
    }

    /// An OTLP `KeyValue`: strings, booleans, numbers (whole ones as `intValue`, a string in OTLP JSON) and arrays.
    static func attribute(_ key: String, _ value: JSONValue) -> JSONValue {
        .object(["key": .string(key), "value": anyValue(value)])
    }

    static func anyValue(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text): return .object(["stringValue": .string(text)])
        case .bool(let flag): return .object(["boolValue": .bool(flag)])
        case .number(let number):
            if number.rounded() == number, abs(number) < 9_007_199_254_740_992 {
                return .object(["intValue": .string(String(Int64(number)))])
            }
            return .object(["doubleValue": .number(number)])
        case .array(let items): return .object(["arrayValue": .object(["values": .array(items.map(anyValue))])])
        default: return .object(["stringValue": .string(value.compactText())])
        }
    }
}
