/// A regression case as the coverage join sees it: its key and its tags as text.
public struct CoverageCase: Sendable, Equatable {
    public var dataset: String
    public var caseID: String
    public var tags: [String: String]

    public init(dataset: String, caseID: String, tags: [String: String]) {
        self.dataset = dataset
        self.caseID = caseID
        self.tags = tags
    }

    public var key: String { dataset + "/" + caseID }
}

/// A prompt version production names, found in the repository: the file and its blob id.
public struct PromptRevision: Sendable, Equatable, Hashable {
    public var path: String
    public var blob: String

    public init(path: String, blob: String) {
        self.path = path
        self.blob = blob
    }
}

/// One slice of production joined with the cases that cover it.
public struct CoverageSlice: Sendable, Equatable {
    /// How one prompt version did: in production, and offline (eval records at that revision).
    public struct Version: Sendable, Equatable {
        public var name: String
        public var traces: Int
        public var bad: Int
        public var firstMs: Int64?
        public var revision: PromptRevision?
        public var evalRuns: Int
        public var evalPassed: Int
        /// Traces and bad ones by UTC day since 1970, for the charts.
        public var days: [Int32: CoverageTally.DayCounts] = [:]

        public var badRate: Double { traces == 0 ? 0 : Double(bad) / Double(traces) }
        public var evalPassRate: Double? { evalRuns == 0 ? nil : Double(evalPassed) / Double(evalRuns) }
    }

    /// The latest result of one covering case.
    public struct Result: Sendable, Equatable {
        public var caseKey: String
        public var status: CaseStatus?
        /// Whether the record is at the prompt version production runs now.
        public var atVersion: Bool
        public var commit: String?

        public init(caseKey: String, status: CaseStatus?, atVersion: Bool, commit: String?) {
            self.caseKey = caseKey
            self.status = status
            self.atVersion = atVersion
            self.commit = commit
        }
    }

    public static let offlineWinOnlineLoss = "offline-win-online-loss"
    public static let noCases = "no-cases"
    public static let noTraffic = "no-traffic"
    public static let casesFailing = "cases-failing"

    public var keys: [(name: String, value: String?)]
    public var traces: Int
    public var bad: Int
    public var complaints: Int
    public var results: [Result]
    /// The version production runs now in this slice (the one seen last), when the rows say.
    public var currentVersion: String?
    public var versions: [Version]
    public var gap: Double
    public var flags: [String]
    /// The best bad traces to capture, at most ``CoverageTally/shownCandidates``.
    public var candidates: [CoverageTally.Candidate]
    /// The kept bad traces (at most ``CoverageTally/candidateLimit``), grouped by what they say.
    public var groups: [ComplaintGroup] = []
    /// The dataset a capture for this slice goes to: a covering case's, else one whose cases share the
    /// first key's value, else nil.
    public var dataset: String?

    public var badRate: Double { traces == 0 ? 0 : Double(bad) / Double(traces) }
    public var complaintRate: Double { traces == 0 ? 0 : Double(complaints) / Double(traces) }
    public var passed: Int { results.filter { $0.status == .passed }.count }

    public static func == (a: CoverageSlice, b: CoverageSlice) -> Bool {
        a.keys.map(\.name) == b.keys.map(\.name) && a.keys.map(\.value) == b.keys.map(\.value)
            && a.traces == b.traces && a.bad == b.bad && a.complaints == b.complaints && a.results == b.results
            && a.currentVersion == b.currentVersion && a.versions == b.versions && a.gap == b.gap
            && a.flags == b.flags && a.candidates == b.candidates && a.groups == b.groups && a.dataset == b.dataset
    }
}

/// Production slices joined with the regression cases (by their tags) and their eval records
/// (by the prompt versions), ranked by the pain nothing covers.
public enum CoverageJoin {
    /// A version counts toward "offline win, online loss" with at least this many traces.
    public static let minTraces = 20
    /// The rise in bad rate, in points of a fraction, that counts as a loss.
    public static let lossMargin = 0.02

    /// The slices of `tally` (and of cases production never reached), thinnest first.
    ///
    /// A case covers a slice when its tags equal the slice's value for every key (without case); a
    /// row or case without a key's value covers nothing of it. The gap is bad traces per covering case
    /// plus one: pain that nothing locks ranks first.
    public static func slices(
        tally: CoverageTally, keys: [String], cases: [CoverageCase], records: [EvalRecord],
        revisions: [String: PromptRevision]
    ) -> [CoverageSlice] {
        slices(tally: tally, keys: keys, cases: cases, digest: EvalDigest(records), revisions: revisions)
    }

    /// The same over a digest of the records, read one at a time from a store.
    public static func slices(
        tally: CoverageTally, keys: [String], cases: [CoverageCase], digest: EvalDigest,
        revisions: [String: PromptRevision]
    ) -> [CoverageSlice] {
        var casesByKeys: [[String]: [CoverageCase]] = [:]
        var datasetByFirst: [String: String] = [:]
        for one in cases {
            if let first = keys.first, let value = one.tags[first]?.lowercased(), datasetByFirst[value] == nil {
                datasetByFirst[value] = one.dataset
            }
            var values: [String] = []
            for key in keys {
                guard let value = one.tags[key] else { break }
                values.append(value.lowercased())
            }
            if values.count == keys.count { casesByKeys[values, default: []].append(one) }
        }
        var seen: Set<[String]> = []
        var slices: [CoverageSlice] = []
        for (values, counts) in tally.slices {
            let lowered = values.compactMap { $0?.lowercased() }
            let covering = lowered.count == keys.count ? casesByKeys[lowered] ?? [] : []
            if lowered.count == keys.count { seen.insert(lowered) }
            let versions = counts.versions.map { name, version in
                let revision = revisions[name]
                let eval = digest.eval(at: revision)
                return CoverageSlice.Version(
                    name: name, traces: version.traces, bad: version.bad, firstMs: version.firstMs,
                    revision: revision, evalRuns: eval.runs, evalPassed: eval.passed, days: version.days)
            }.sorted { ($0.firstMs ?? Int64.max, $0.name) < ($1.firstMs ?? Int64.max, $1.name) }
            let current = counts.versions.filter { $0.key != CoverageTally.noVersion }
                .max { ($0.value.lastMs ?? 0, $0.value.traces) < ($1.value.lastMs ?? 0, $1.value.traces) }?.key
            let results = covering.map { digest.result($0.key, at: current.flatMap { revisions[$0] }) }
                .sorted { $0.caseKey < $1.caseKey }
            var slice = CoverageSlice(
                keys: zip(keys, tally.spellings[values] ?? values).map { ($0, $1) }, traces: counts.traces,
                bad: counts.bad,
                complaints: counts.complaints, results: results, currentVersion: current, versions: versions,
                gap: Double(counts.bad) / Double(1 + covering.count), flags: [],
                candidates: Array(counts.candidates.prefix(CoverageTally.shownCandidates)),
                dataset: covering.first?.dataset
                    ?? values.first.flatMap { $0 }.flatMap {
                        datasetByFirst[$0.lowercased()]
                    })
            slice.flags = flags(slice)
            slice.groups = ComplaintGroups.group(counts.candidates)
            slices.append(slice)
        }
        for (values, covering) in casesByKeys where !seen.contains(values) {
            let original = keys.map { key in covering.first?.tags[key] }
            let results = covering.map { digest.result($0.key, at: nil) }.sorted { $0.caseKey < $1.caseKey }
            slices.append(
                CoverageSlice(
                    keys: zip(keys, original).map { ($0, $1) }, traces: 0, bad: 0, complaints: 0, results: results,
                    currentVersion: nil, versions: [], gap: 0, flags: [CoverageSlice.noTraffic], candidates: [],
                    dataset: covering.first?.dataset))
        }
        return slices.sorted { a, b in
            if a.gap != b.gap { return a.gap > b.gap }
            if a.bad != b.bad { return a.bad > b.bad }
            if a.traces != b.traces { return a.traces > b.traces }
            return a.keys.map { $0.value ?? "" }.lexicographicallyPrecedes(b.keys.map { $0.value ?? "" })
        }
    }

    /// What a reader should notice about a slice.
    static func flags(_ slice: CoverageSlice) -> [String] {
        var flags: [String] = []
        if slice.results.isEmpty, slice.bad > 0 { flags.append(CoverageSlice.noCases) }
        if slice.results.contains(where: { $0.status == .failed || $0.status == .errored || $0.status == .flaky }) {
            flags.append(CoverageSlice.casesFailing)
        }
        if offlineWinOnlineLoss(slice.versions) { flags.append(CoverageSlice.offlineWinOnlineLoss) }
        return flags
    }

    /// The two newest versions with enough traffic, of one prompt file: production's bad rate rose
    /// while the eval pass rate at those revisions held or rose.
    static func offlineWinOnlineLoss(_ versions: [CoverageSlice.Version]) -> Bool {
        let dated = versions.filter { $0.firstMs != nil && $0.traces >= minTraces && $0.revision != nil }
        guard dated.count >= 2 else { return false }
        let old = dated[dated.count - 2]
        let new = dated[dated.count - 1]
        guard old.revision?.path == new.revision?.path, let oldEval = old.evalPassRate,
            let newEval = new.evalPassRate
        else { return false }
        return new.badRate - old.badRate >= lossMargin && newEval >= oldEval
    }
}

extension CoverageCase {
    /// A case's tags as the text production rows carry: scalars only.
    public static func tagText(_ tags: [String: JSONValue]) -> [String: String] {
        tags.compactMapValues { TraceValues.scalarText($0) }
    }
}
