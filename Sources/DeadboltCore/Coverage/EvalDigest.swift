/// What the coverage join needs of the eval records, gathered one record at a time so that a store of
/// any size is read without being held: each case's newest result, overall and at each prompt revision,
/// and how often the records at each revision passed.
public struct EvalDigest: Sendable {
    /// One case's newest record, in brief.
    public struct Latest: Sendable, Equatable {
        public var atMs: Int64
        public var status: CaseStatus
        public var commit: String?
    }

    /// The most (case, revision) pairs and blob ids kept; past them the oldest-seen are not tracked.
    public static let pairLimit = 1_000_000

    public private(set) var records = 0
    /// Every prompt blob id the records name, and its file.
    public private(set) var blobs: [String: String] = [:]
    var latest: [String: Latest] = [:]
    var latestAt: [String: [PromptRevision: Latest]] = [:]
    var evalAt: [PromptRevision: (runs: Int, passed: Int)] = [:]
    var pairs = 0

    public init() {}

    /// The digest of `records`, for callers that hold them.
    public init(_ records: [EvalRecord]) {
        for record in records { add(record) }
    }

    public mutating func add(_ record: EvalRecord) {
        records += 1
        let brief = Latest(atMs: record.recordedAtMs, status: record.status, commit: record.commit)
        let key = record.key
        if latest[key].map({ $0.atMs <= brief.atMs }) ?? true { latest[key] = brief }
        for (path, blob) in record.prompts {
            let revision = PromptRevision(path: path, blob: blob)
            if blobs[blob] == nil, blobs.count < Self.pairLimit { blobs[blob] = path }
            var counts = evalAt[revision] ?? (0, 0)
            counts.runs += 1
            if record.status == .passed { counts.passed += 1 }
            evalAt[revision] = counts
            if let known = latestAt[key]?[revision] {
                if known.atMs <= brief.atMs { latestAt[key]?[revision] = brief }
            } else if pairs < Self.pairLimit {
                latestAt[key, default: [:]][revision] = brief
                pairs += 1
            }
        }
    }

    /// The newest result of the case `key`, at `revision` when it has one there.
    func result(_ key: String, at revision: PromptRevision?) -> CoverageSlice.Result {
        if let revision, let record = latestAt[key]?[revision] {
            return CoverageSlice.Result(caseKey: key, status: record.status, atVersion: true, commit: record.commit)
        }
        let record = latest[key]
        return CoverageSlice.Result(
            caseKey: key, status: record?.status, atVersion: revision == nil && record != nil, commit: record?.commit)
    }

    /// How the records at `revision` did.
    func eval(at revision: PromptRevision?) -> (runs: Int, passed: Int) {
        revision.flatMap { evalAt[$0] } ?? (0, 0)
    }
}
