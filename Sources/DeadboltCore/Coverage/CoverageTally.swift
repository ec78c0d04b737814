/// Production rows counted by slice as they stream past: memory grows with the slices, not the rows.
public struct CoverageTally: Sendable {
    /// A trace worth turning into a case: a recent bad one.
    public struct Candidate: Sendable, Equatable {
        public var traceID: String
        public var timeMs: Int64?
        public var outcome: String
        public var complaint: Bool
        public var path: String
        /// What the person wrote or asked (`coverage.fields.text`), cut at ``textLimit``, for grouping
        /// similar complaints.
        public var text: String?
    }

    /// One day's traces of one prompt version in one slice.
    public struct DayCounts: Sendable, Equatable {
        public var traces = 0
        public var bad = 0

        public init(traces: Int = 0, bad: Int = 0) {
            self.traces = traces
            self.bad = bad
        }
    }

    /// How one prompt version did in one slice, in all and day by day (UTC days since 1970).
    public struct VersionCounts: Sendable, Equatable {
        public var traces = 0
        public var bad = 0
        public var firstMs: Int64?
        public var lastMs: Int64?
        public var days: [Int32: DayCounts] = [:]
    }

    /// One slice's counts.
    public struct Counts: Sendable, Equatable {
        public var traces = 0
        public var bad = 0
        public var complaints = 0
        public var versions: [String: VersionCounts] = [:]
        /// The most recent bad traces, complaints first, at most ``candidateLimit``.
        public var candidates: [Candidate] = []
    }

    /// Candidates kept per slice, for grouping; the report lists the best ``shownCandidates``.
    public static let candidateLimit = 12
    public static let shownCandidates = 5
    /// The most characters of a candidate's text kept.
    public static let textLimit = 160
    /// The most slices counted; past it the keys slice too finely.
    public static let sliceLimit = 100_000
    /// The most prompt versions a slice tells apart; the rest count as ``otherVersion``.
    public static let versionLimit = 200
    /// The most day buckets kept across every slice and version, for the charts; past it new days are
    /// left out of the series (the totals still count them) and ``daysDropped`` says so.
    public static let dayLimit = 1_000_000
    public static let dayMs: Int64 = 86_400_000
    public static let otherVersion = "(other)"
    public static let noVersion = "(none)"

    public let config: CoverageConfig
    /// Counts by the slice's values, lowercased: `Enterprise` and `enterprise` are one slice.
    public private(set) var slices: [[String?]: Counts] = [:]
    /// How a slice was first written, for the slices whose values were not already lowercase.
    public private(set) var spellings: [[String?]: [String?]] = [:]
    /// Rows read, rows outside the window, rows without a time (counted, whatever the window).
    public private(set) var rows = 0
    public private(set) var outside = 0
    public private(set) var undated = 0
    public private(set) var firstMs: Int64?
    public private(set) var lastMs: Int64?
    /// Day buckets kept, and whether any were left out at ``dayLimit``.
    public private(set) var dayBuckets = 0
    public private(set) var daysDropped = false
    let sinceMs: Int64?
    let untilMs: Int64?
    let judge: OutcomeJudge

    public init(config: CoverageConfig, sinceMs: Int64? = nil, untilMs: Int64? = nil) {
        self.config = config
        self.sinceMs = sinceMs
        self.untilMs = untilMs
        judge = OutcomeJudge(config: config)
    }

    /// Whether `outcome` is bad and whether it is a complaint (``OutcomeJudge``).
    public func judge(_ outcome: String?) -> (bad: Bool, complaint: Bool) { judge.judge(outcome) }

    /// Counts `row`, unless it falls outside the window.
    public mutating func add(_ row: ProductionRow) throws(InputError) {
        rows += 1
        if let time = row.timeMs {
            if let sinceMs, time < sinceMs {
                outside += 1
                return
            }
            if let untilMs, time > untilMs {
                outside += 1
                return
            }
            firstMs = min(firstMs ?? time, time)
            lastMs = max(lastMs ?? time, time)
        } else {
            undated += 1
        }
        let judged = judge(row.outcome)
        var keys = row.keys
        if keys.contains(where: { $0.map(Self.needsFolding) ?? false }) { keys = keys.map { $0?.lowercased() } }
        if slices.count >= Self.sliceLimit, slices[keys] == nil {
            throw InputError(
                file: row.path, line: row.line,
                "more than \(Self.sliceLimit) slices: the keys tell too many traces apart",
                hint: "slice by fewer keys with --by, or map a key to a coarser field in coverage.keys")
        }
        if keys != row.keys, slices[keys] == nil { spellings[keys] = row.keys }
        // In place: one hash of the keys a row, not a copy of the slice's counts out and back.
        var room = Self.dayLimit - dayBuckets
        Self.count(row, judged, into: &slices[keys, default: Counts()], room: &room)
        if room < 0 {
            daysDropped = true
            room = 0
        }
        dayBuckets = Self.dayLimit - room
    }

    /// Whether `value` has an upper-case letter (or any non-ASCII byte, which might be one).
    static func needsFolding(_ value: String) -> Bool {
        value.utf8.contains { ($0 >= 0x41 && $0 <= 0x5A) || $0 >= 0x80 }
    }

    /// A tally with the same settings and nothing counted, for one part of a file read beside others.
    public func fresh() -> CoverageTally { CoverageTally(config: config, sinceMs: sinceMs, untilMs: untilMs) }

    /// Adds what `other` counted (a later part of the same input), as if its rows had come after
    /// these: counts add up, candidates keep the best, versions and days join within their limits.
    public mutating func merge(_ other: CoverageTally, path: String) throws(InputError) {
        rows += other.rows
        outside += other.outside
        undated += other.undated
        if let first = other.firstMs { firstMs = min(firstMs ?? first, first) }
        if let last = other.lastMs { lastMs = max(lastMs ?? last, last) }
        var room = Self.dayLimit - dayBuckets
        for (keys, spelling) in other.spellings where slices[keys] == nil && spellings[keys] == nil {
            spellings[keys] = spelling
        }
        for (keys, counts) in other.slices {
            if slices[keys] == nil, slices.count >= Self.sliceLimit {
                throw InputError(
                    file: path, "more than \(Self.sliceLimit) slices: the keys tell too many traces apart",
                    hint: "slice by fewer keys with --by, or map a key to a coarser field in coverage.keys")
            }
            Self.merge(counts, into: &slices[keys, default: Counts()], room: &room)
        }
        if room < 0 || other.daysDropped { daysDropped = true }
        dayBuckets = Self.dayLimit - max(room, 0)
    }

    static func merge(_ other: Counts, into counts: inout Counts, room: inout Int) {
        counts.traces += other.traces
        counts.bad += other.bad
        counts.complaints += other.complaints
        for (name, version) in other.versions {
            var name = name
            if counts.versions[name] == nil, counts.versions.count >= Self.versionLimit { name = Self.otherVersion }
            Self.merge(version, into: &counts.versions[name, default: VersionCounts()], room: &room)
        }
        for candidate in other.candidates { offer(candidate, to: &counts.candidates) }
    }

    static func merge(_ other: VersionCounts, into counts: inout VersionCounts, room: inout Int) {
        counts.traces += other.traces
        counts.bad += other.bad
        if let first = other.firstMs { counts.firstMs = min(counts.firstMs ?? first, first) }
        if let last = other.lastMs { counts.lastMs = max(counts.lastMs ?? last, last) }
        for (day, add) in other.days {
            if counts.days[day] == nil {
                room -= 1
                if room < 0 { continue }
            }
            counts.days[day, default: DayCounts()].traces += add.traces
            counts.days[day, default: DayCounts()].bad += add.bad
        }
    }

    /// Counts `row` into one slice; `room` is the day buckets that may still be made, and goes below
    /// zero when one was wanted and not made.
    static func count(
        _ row: ProductionRow, _ judged: (bad: Bool, complaint: Bool), into counts: inout Counts, room: inout Int
    ) {
        counts.traces += 1
        if judged.bad { counts.bad += 1 }
        if judged.complaint { counts.complaints += 1 }
        var version = row.prompt ?? Self.noVersion
        if counts.versions[version] == nil, counts.versions.count >= Self.versionLimit { version = Self.otherVersion }
        Self.count(row, judged, into: &counts.versions[version, default: VersionCounts()], room: &room)
        if judged.bad, let traceID = row.traceID {
            Self.offer(
                Candidate(
                    traceID: traceID, timeMs: row.timeMs, outcome: row.outcome ?? "", complaint: judged.complaint,
                    path: row.path, text: row.text), to: &counts.candidates)
        }
    }

    static func count(
        _ row: ProductionRow, _ judged: (bad: Bool, complaint: Bool), into counts: inout VersionCounts,
        room: inout Int
    ) {
        counts.traces += 1
        if judged.bad { counts.bad += 1 }
        guard let time = row.timeMs else { return }
        counts.firstMs = min(counts.firstMs ?? time, time)
        counts.lastMs = max(counts.lastMs ?? time, time)
        // Times are 1970 to 2200 (TimestampText), so the day fits and is not negative.
        let day = Int32(clamping: time / dayMs)
        if counts.days[day] == nil {
            room -= 1
            if room < 0 { return }
        }
        Self.add(judged.bad, to: &counts.days[day, default: DayCounts()])
    }

    static func add(_ bad: Bool, to day: inout DayCounts) {
        day.traces += 1
        if bad { day.bad += 1 }
    }

    /// Keeps the best ``candidateLimit``: complaints before other bad traces, then the most recent.
    static func offer(_ candidate: Candidate, to kept: inout [Candidate]) {
        if kept.count == candidateLimit, let last = kept.last, !better(candidate, than: last) { return }
        let index = kept.firstIndex { better(candidate, than: $0) } ?? kept.endIndex
        kept.insert(candidate, at: index)
        if kept.count > candidateLimit { kept.removeLast() }
    }

    static func better(_ a: Candidate, than b: Candidate) -> Bool {
        if a.complaint != b.complaint { return a.complaint }
        return (a.timeMs ?? Int64.min) > (b.timeMs ?? Int64.min)
    }
}
