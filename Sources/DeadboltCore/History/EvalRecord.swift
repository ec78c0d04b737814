/// One run of one case (one repetition), with the keys production traces carry, so that offline
/// results and live traces join: model, prompt and guardrail versions, dataset version, and the
/// case's tags (feature, intent, customer tier).
public struct EvalRecord: Sendable, Equatable {
    /// The version of this shape; a store migrates to it.
    public static let schemaVersion = 1
    /// The most output bytes a record keeps; `outputHash` and `outputBytes` describe the whole.
    public static let outputLimit = 8_192

    // The run.
    public var runID: String
    /// Milliseconds since 1970, UTC.
    public var recordedAtMs: Int64
    public var gate: String
    public var tier: String
    // The case.
    public var dataset: String
    public var datasetVersion: Int
    public var caseID: String
    /// SHA-256 of the case line's canonical JSON: the same case, whatever its line or key order.
    public var caseHash: String
    public var category: String?
    public var bugLink: String?
    public var traceID: String?
    /// The case's tags: `feature`, `intent`, `customer_tier` and the rest.
    public var tags: [String: JSONValue]
    // What happened.
    /// 0 for the first run, 1… for `--repeat`.
    public var repetition: Int
    public var status: CaseStatus
    /// The assertions that did not hold, as `type: message`.
    public var failedAssertions: [String]
    /// The answer, cut at `outputLimit` bytes on a character boundary.
    public var output: String?
    /// SHA-256 of the whole answer.
    public var outputHash: String?
    public var outputBytes: Int?
    public var durationMs: Int
    /// Answered from the result cache instead of the provider.
    public var cached: Bool
    // Who answered.
    /// The provider's identity as compact JSON (type, model and parameters, or its command and files).
    public var provider: String
    public var model: String?
    public var inputTokens: Int?
    public var outputTokens: Int?
    public var cost: Double?
    // What it depended on.
    /// Blob id of every prompt the case depends on (its owners and what they include), by path.
    public var prompts: [String: String]
    public var guardrails: [String: String]
    /// Blob ids of the files `exec` assertions run, by argument.
    public var evaluator: [String: String]
    // Where.
    public var commit: String?
    public var branch: String?
    public var base: String?
    public var author: String?
    /// Seconds since 1970 of the commit.
    public var commitTime: Int64?
    public var dirty: Bool
    public var ciSystem: String?
    public var ciRunURL: String?
    public var pullRequest: String?

    public init(
        runID: String, recordedAtMs: Int64, gate: String, tier: String, dataset: String, datasetVersion: Int,
        caseID: String, caseHash: String, repetition: Int, status: CaseStatus, durationMs: Int, provider: String
    ) {
        self.runID = runID
        self.recordedAtMs = recordedAtMs
        self.gate = gate
        self.tier = tier
        self.dataset = dataset
        self.datasetVersion = datasetVersion
        self.caseID = caseID
        self.caseHash = caseHash
        self.category = nil
        self.bugLink = nil
        self.traceID = nil
        self.tags = [:]
        self.repetition = repetition
        self.status = status
        self.failedAssertions = []
        self.durationMs = durationMs
        self.cached = false
        self.provider = provider
        self.prompts = [:]
        self.guardrails = [:]
        self.evaluator = [:]
        self.dirty = false
    }

    /// `dataset/case`, the key a case is known by across runs.
    public var key: String { dataset + "/" + caseID }

    /// The tag values the shared keys name, when the case has them as text.
    public func tag(_ name: String) -> String? { TraceValues.scalarText(tags[name]) }

    /// What the answer depended on, in one id (see ``computedInputsKey()``); set once for all the
    /// repetitions of a case by ``EvalRecords/make(_:planned:facts:config:evaluator:)``, read back from a store.
    public var inputsKey = ""

    /// What the answer depended on, in one id: the case (its key and content), its prompt and guardrail versions, the
    /// evaluator and the provider. Two runs with the same id that disagree are flaky.
    /// ``inputsKey``, computed when nobody set it (a record made by hand).
    public var resolvedInputsKey: String { inputsKey.isEmpty ? computedInputsKey() : inputsKey }

    public func computedInputsKey() -> String {
        Self.inputsKey(
            key: key, caseHash: caseHash, prompts: prompts, guardrails: guardrails, evaluator: evaluator,
            provider: provider)
    }

    /// The inputs key of a case known by `key` with this content hash, these versions and this provider.
    public static func inputsKey(
        key: String, caseHash: String, prompts: [String: String], guardrails: [String: String],
        evaluator: [String: String], provider: String
    ) -> String {
        ContentHash.sha256(
            inputsText(
                key: key, caseHash: caseHash, prompts: prompts, guardrails: guardrails, evaluator: evaluator,
                provider: provider))
    }

    /// What ``inputsKey(key:caseHash:prompts:guardrails:evaluator:provider:)`` hashes: the compact JSON
    /// of `{key, case, prompts, guardrails, evaluator, provider}`, its keys in order, written
    /// directly (2,000 a run; ``JSONValue`` objects for them cost more than the hash).
    static func inputsText(
        key: String, caseHash: String, prompts: [String: String], guardrails: [String: String],
        evaluator: [String: String], provider: String
    ) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + provider.utf8.count)
        func name(_ text: String) {
            out.append(out.isEmpty ? 0x7B : 0x2C)
            CompactWriter.string(text, into: &out)
            out.append(0x3A)
        }
        name("case")
        CompactWriter.string(caseHash, into: &out)
        name("evaluator")
        CompactWriter.strings(evaluator, into: &out)
        name("guardrails")
        CompactWriter.strings(guardrails, into: &out)
        name("key")
        CompactWriter.string(key, into: &out)
        name("prompts")
        CompactWriter.strings(prompts, into: &out)
        name("provider")
        CompactWriter.string(provider, into: &out)
        out.append(0x7D)
        return out
    }
}
