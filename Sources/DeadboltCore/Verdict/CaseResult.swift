/// How one case ended.
public enum CaseStatus: String, Sendable, Codable, CaseIterable {
    /// Every assertion held (on every repetition).
    case passed
    /// An assertion did not hold.
    case failed
    /// The provider did not answer: non-zero exit, signal, timeout, too much output.
    case errored
    /// With `--repeat`, it both passed and failed.
    case flaky
}

/// One assertion's outcome, as reports show it.
public struct AssertionResult: Sendable, Equatable {
    /// The assertion as written (`not-icontains`).
    public var type: String
    public var pass: Bool
    public var message: String
    /// Expected against actual, for a person to read; nil when it would say nothing.
    public var diff: String?

    public init(type: String, pass: Bool, message: String, diff: String? = nil) {
        self.type = type
        self.pass = pass
        self.message = message
        self.diff = diff
    }
}

/// The provider's failure to answer: what happened and the end of what it said on stderr.
public struct ProviderFailure: Sendable, Equatable {
    /// `exit 3`, `signal 9 (killed)`, `timed out after 30s`, `printed more than 16 MiB`.
    public var reason: String
    public var exitCode: Int32?
    public var signal: Int32?
    public var timedOut: Bool
    /// The last lines of the provider's standard error.
    public var stderrTail: String

    public init(
        reason: String, exitCode: Int32? = nil, signal: Int32? = nil, timedOut: Bool = false, stderrTail: String = ""
    ) {
        self.reason = reason
        self.exitCode = exitCode
        self.signal = signal
        self.timedOut = timedOut
        self.stderrTail = stderrTail
    }
}

/// One case's result, over all its repetitions.
public struct CaseResult: Sendable {
    public var dataset: String
    public var caseID: String
    public var status: CaseStatus
    /// The dataset's `cases.jsonl` and the case's line there, for annotations.
    public var file: String
    public var line: Int
    public var tier: Tier
    public var bugLink: String?
    /// Wall time of the (last) run.
    public var durationMs: Int
    /// The provider's answer (of the last failing run, if any failed).
    public var output: String?
    public var assertions: [AssertionResult]
    public var failure: ProviderFailure?
    /// What the provider reported about itself.
    public var model: String?
    public var latencyMs: Int?
    public var cost: Double?
    /// Tokens the model read and wrote, when the provider says.
    public var usage: TokenUsage?
    /// How many of its runs were answered from the result cache instead of the provider.
    public var cachedRuns: Int = 0
    /// With `--repeat`, each run's status in order.
    public var runs: [CaseStatus]
    /// Notes about the answer, such as bytes that were not UTF-8.
    public var notes: [String]
    /// The chat messages the case sent, as deadbolt rendered them.
    public var messages: [ChatMessage] = []
    /// The content id of each prompt the case depends on, by path.
    public var prompts: [String: String] = [:]
    /// How it compares with its last record before the change; nil when history was not asked.
    public var change: CaseChange?
    /// That last record, when history has one.
    public var baseline: Baseline?
    /// How runs with exactly these inputs ended before, when some passed and some failed: the
    /// case is flaky from history even if it ran once.
    public var flakeHistory: Outcomes?

    public init(
        dataset: String, caseID: String, status: CaseStatus, file: String, line: Int, tier: Tier,
        bugLink: String? = nil, durationMs: Int = 0, output: String? = nil, assertions: [AssertionResult] = [],
        failure: ProviderFailure? = nil, model: String? = nil, latencyMs: Int? = nil, cost: Double? = nil,
        runs: [CaseStatus] = [], notes: [String] = []
    ) {
        self.dataset = dataset
        self.caseID = caseID
        self.status = status
        self.file = file
        self.line = line
        self.tier = tier
        self.bugLink = bugLink
        self.durationMs = durationMs
        self.output = output
        self.assertions = assertions
        self.failure = failure
        self.model = model
        self.latencyMs = latencyMs
        self.cost = cost
        self.runs = runs.isEmpty ? [status] : runs
        self.notes = notes
    }

    /// Folds several runs of one case into one result: all passed → passed; some passed and some
    /// failed → flaky; else the first non-passing run's status. The result describes the first
    /// run that did not pass, so that the report shows what went wrong.
    public static func combine(_ runs: [CaseResult]) -> CaseResult {
        precondition(!runs.isEmpty, "a case runs at least once")
        let statuses = runs.map(\.status)
        var shown = runs.first(where: { $0.status != .passed }) ?? runs[runs.count - 1]
        if statuses.allSatisfy({ $0 == .passed }) {
            shown.status = .passed
        } else if statuses.contains(.passed) {
            shown.status = .flaky
        }
        shown.runs = statuses
        shown.cachedRuns = runs.reduce(0) { $0 + $1.cachedRuns }
        return shown
    }
}
