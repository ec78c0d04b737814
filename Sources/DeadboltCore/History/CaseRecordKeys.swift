/// What every record of one case shares whatever its results: its content hash, the prompt,
/// guardrail and evaluator versions it depends on, and the inputs key made of them. Known before
/// the case runs, so it is computed while the cases do (see ``EvalRecords/keys(_:facts:config:evaluator:)``).
public struct CaseRecordKeys: Sendable, Equatable {
    public var caseHash: String
    public var prompts: [String: String]
    public var guardrails: [String: String]
    public var evaluator: [String: String]
    /// What the answer depended on, in one id; see ``EvalRecord/inputsKey``.
    public var inputsKey: String
    /// The case's record with all of this and the run's facts filled in, made before the case
    /// runs so that a record made after it only copies it (see ``EvalRecords/record(of:keys:facts:)``).
    public var record: EvalRecord? {
        get { made?.record }
        set { made = newValue.map(MadeRecord.init) }
    }
    /// ``record``, boxed: a record is about 40 fields, and the preparation's map of 2,000 keys
    /// moved and copied them whole on every insert and lookup (`perf` put 3 ms a run of the 21 ms
    /// the keys took there; bench/history.sh saw no change beyond its noise, BENCHMARKS.md).
    var made: MadeRecord?

    public init(
        caseHash: String, prompts: [String: String], guardrails: [String: String], evaluator: [String: String],
        inputsKey: String
    ) {
        self.caseHash = caseHash
        self.prompts = prompts
        self.guardrails = guardrails
        self.evaluator = evaluator
        self.inputsKey = inputsKey
    }
}

/// An immutable record in a box of its own, shared by every copy of its ``CaseRecordKeys``.
final class MadeRecord: Sendable, Equatable {
    let record: EvalRecord

    init(_ record: EvalRecord) { self.record = record }

    static func == (lhs: MadeRecord, rhs: MadeRecord) -> Bool { lhs === rhs || lhs.record == rhs.record }
}

extension EvalRecords {
    /// The shared part of each planned case's records, by `dataset/case`; `evaluator` gives the
    /// blob ids of each case's `exec` files by the same key, `caseHashes` the content hashes
    /// already computed (see ``caseHashes(_:)``), the others are computed here.
    public static func keys(
        _ planned: [PlannedCase], facts: RunFacts, config: Config, evaluator: [String: [String: String]] = [:],
        caseHashes: [String: String] = [:]
    ) -> [String: CaseRecordKeys] {
        var keys: [String: CaseRecordKeys] = [:]
        keys.reserveCapacity(planned.count)
        // The cases share a few prompt paths: each is matched against the guardrail globs once.
        var isGuardrail: [String: Bool] = [:]
        func guardrail(_ path: String) -> Bool {
            if let known = isGuardrail[path] { return known }
            let matched = config.guardrails.contains { $0.matches(path) }
            isGuardrail[path] = matched
            return matched
        }
        for one in planned {
            let key = one.dataset.name + "/" + one.regressionCase.id
            var prompts: [String: String] = [:]
            var guardrails: [String: String] = [:]
            for (path, id) in one.prompts {
                if guardrail(path) {
                    guardrails[path] = id
                } else {
                    prompts[path] = id
                }
            }
            let caseHash = caseHashes[key] ?? caseHash(one.regressionCase)
            let files = evaluator[key] ?? [:]
            var shared = CaseRecordKeys(
                caseHash: caseHash, prompts: prompts, guardrails: guardrails, evaluator: files,
                inputsKey: EvalRecord.inputsKey(
                    key: key, caseHash: caseHash, prompts: prompts, guardrails: guardrails, evaluator: files,
                    provider: facts.provider))
            shared.record = record(of: one, keys: shared, facts: facts)
            keys[key] = shared
        }
        return keys
    }

    /// The content hash of each case of `chosen`, by `dataset/case` (the last of a repeated id).
    public static func caseHashes(_ chosen: [(dataset: String, cases: [RegressionCase])]) -> [String: String] {
        var hashes: [String: String] = [:]
        hashes.reserveCapacity(chosen.reduce(0) { $0 + $1.cases.count })
        for (dataset, cases) in chosen {
            for regressionCase in cases { hashes[dataset + "/" + regressionCase.id] = caseHash(regressionCase) }
        }
        return hashes
    }
}
