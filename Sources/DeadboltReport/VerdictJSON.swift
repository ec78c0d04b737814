import DeadboltCore

/// The verdict in its stable JSON shape (docs/json.md): what CI templates and users' scripts read.
public enum VerdictJSON {
    public static func render(_ verdict: Verdict) -> JSONValue {
        let counts = verdict.counts
        var object: [String: JSONValue] = [
            "verdict": .string(verdict.outcome.rawValue),
            "gate": .string(verdict.gate),
            "base": verdict.base.map { .string($0) } ?? .null,
            "head": verdict.head.map { .string($0) } ?? .null,
            "counts": .object(
                Dictionary(
                    uniqueKeysWithValues: CaseStatus.allCases.map { ($0.rawValue, .number(Double(counts[$0] ?? 0))) })),
            "results": .array(verdict.results.map(result)),
            "locks": .array(verdict.locks.map(LocksReport.json)),
            "warnings": .array(
                verdict.warnings.map { warning($0) } + verdict.strictWarnings.map { warning($0, strict: true) }),
        ]
        if let why = verdict.emptyReason { object["note"] = .string("nothing selected: \(why)") }
        if let shard = verdict.shard {
            object["shard"] = .object([
                "index": .number(Double(shard.index)), "total": .number(Double(shard.total)),
                "selected": .array(shard.selected.map { .string($0) }),
            ])
        }
        if let shards = verdict.mergedShards { object["shards"] = .number(Double(shards)) }
        object["cache"] = .object([
            "hits": .number(Double(verdict.cacheHits)), "runs": .number(Double(verdict.runCount)),
        ])
        let changes = verdict.changeCounts
        if !changes.isEmpty {
            object["changes"] = .object(
                Dictionary(
                    uniqueKeysWithValues: CaseChange.allCases.map { ($0.rawValue, .number(Double(changes[$0] ?? 0))) }))
        }
        if let selection = verdict.selection {
            object["selection"] = SelectionReport.json(selection)
        }
        return .object(object)
    }

    static func result(_ result: CaseResult) -> JSONValue {
        var object: [String: JSONValue] = [
            "dataset": .string(result.dataset),
            "case": .string(result.caseID),
            "status": .string(result.status.rawValue),
            "duration_ms": .number(Double(result.durationMs)),
            "output": result.output.map { .string($0) } ?? .null,
            "assertions": .array(
                result.assertions.map { assertion in
                    var fields: [String: JSONValue] = [
                        "type": .string(assertion.type), "pass": .bool(assertion.pass),
                        "message": .string(assertion.message),
                    ]
                    if let diff = assertion.diff { fields["diff"] = .string(diff) }
                    return .object(fields)
                }),
            "file": .string(result.file),
            "line": .number(Double(result.line)),
            "tier": .string(result.tier.rawValue),
            "bug_link": result.bugLink.map { .string($0) } ?? .null,
            "runs": .array(result.runs.map { .string($0.rawValue) }),
            "cached_runs": .number(Double(result.cachedRuns)),
            "messages": .array(result.messages.map(\.json)),
            "prompts": .object(result.prompts.mapValues { .string($0) }),
        ]
        if let failure = result.failure {
            object["error"] = .object([
                "reason": .string(failure.reason),
                "exit_code": failure.exitCode.map { .number(Double($0)) } ?? .null,
                "signal": failure.signal.map { .number(Double($0)) } ?? .null,
                "timed_out": .bool(failure.timedOut),
                "stderr_tail": .string(failure.stderrTail),
            ])
        }
        if let model = result.model { object["model"] = .string(model) }
        if let latency = result.latencyMs { object["latency_ms"] = .number(Double(latency)) }
        if let cost = result.cost { object["cost"] = .number(cost) }
        if let usage = result.usage {
            object["usage"] = .object([
                "prompt_tokens": .number(Double(usage.prompt)), "completion_tokens": .number(Double(usage.completion)),
            ])
        }
        if let change = result.change { object["change"] = .string(change.rawValue) }
        if let baseline = result.baseline {
            object["baseline"] = .object([
                "commit": .string(baseline.commit), "status": .string(baseline.status.rawValue),
            ])
        }
        if let flakes = result.flakeHistory {
            object["flake_history"] = .object([
                "passed": .number(Double(flakes.passed)), "failed": .number(Double(flakes.failed)),
            ])
        }
        if !result.notes.isEmpty { object["notes"] = .array(result.notes.map { .string($0) }) }
        return .object(object)
    }

    /// A warning; `strict: true` on one the configuration makes fail the gate.
    static func warning(_ warning: GateWarning, strict: Bool = false) -> JSONValue {
        var object: [String: JSONValue] = [
            "kind": .string(warning.kind.rawValue),
            "commit": warning.commit.map { .string($0) } ?? .null,
            "message": .string(warning.message),
        ]
        if strict { object["strict"] = .bool(true) }
        return .object(object)
    }
}
