import DeadboltCore
import DeadboltGit
import DeadboltHistory
import DeadboltRunner
import Foundation

/// What history adds to a run: each result compared with its last record before the change, flaky
/// cases found from earlier runs of the same inputs, and the run's records written, all in one place.
/// A store that cannot be reached is a warning (strict with `history: {required: true}`); it never
/// changes a result.
public struct HistoryRecording {
    let workspace: Workspace
    let config: Config
    let environment: [String: String]
    /// How many ancestors of the base a baseline may be found among.
    static let baselineDepth = 500

    public init(workspace: Workspace, config: Config, environment: [String: String]) {
        self.workspace = workspace
        self.config = config
        self.environment = environment
    }

    /// What came out of recording: the results (with change labels and history flakes), and what went wrong.
    public struct Outcome {
        public var results: [CaseResult]
        public var warnings: [GateWarning] = []
        public var strict: [GateWarning] = []
    }

    /// What history needs before any result is in: the store opened (its log folded back), the
    /// run's facts, each case's shared keys, the tallies of its inputs and the baselines. Made in a
    /// task of its own while the cases run, so a run whose cases take longer pays nothing for it.
    public final class Preparation: Sendable {
        let task: Task<Prepared, Never>

        init(_ task: Task<Prepared, Never>) { self.task = task }
    }

    /// The store opened and the log the last run left folded back into it (two waits for the
    /// disk), started once a run knows it has cases to plan: planning uses one core, so this costs
    /// the run nothing, where it used to wait beside the cases that use both (bench/history.sh).
    public final class Opening: Sendable {
        let task: Task<Opened, Never>
        /// Whether the opening looks the baselines up (it was given a range).
        let comparing: Bool

        init(_ task: Task<Opened, Never>, comparing: Bool = false) {
            self.task = task
            self.comparing = comparing
        }

        /// Lets go of the store when no preparation took it over (the run stopped before its cases).
        public func abandon() async { await task.value.store?.close() }
    }

    struct Opened: Sendable {
        var store: (any HistoryStore)?
        var failure: String?
        /// The content hash of each of the cases to be planned, by `dataset/case`.
        var caseHashes: [String: String] = [:]
        /// The baselines, when the opening was given a range to compare with (nil: not looked up).
        var baselines: [String: Baseline]?
    }

    /// Starts opening the store, or nil when history is off or its location cannot be read (then
    /// ``prepare(_:provider:gate:range:directory:opening:)`` says why, as without an opening).
    /// What needs neither the plan nor the provider is done there too, as the planning leaves
    /// the other core idle: the content hashes of `cases`, the cases about to be planned, and with
    /// `range`, their baselines.
    public func open(cases: [(dataset: String, cases: [RegressionCase])] = [], range: RevisionRange? = nil)
        -> Opening?
    {
        guard let location = try? config.history.resolved(environment: environment) else { return nil }
        if case .off = location { return nil }
        let sqlitePath = workspace.historyFile(location)
        let environment = environment
        let chosen = cases.map { (dataset: $0.dataset, cases: $0.cases) }
        let commits = range.map(baselineCommits)
        let datasets = Array(Set(cases.filter { !$0.cases.isEmpty }.map(\.dataset))).sorted()
        return Opening(
            Task.detached {
                do throws(HistoryError) {
                    guard
                        let store = try await HistoryStores.open(
                            location, sqlitePath: sqlitePath, environment: environment)
                    else { return Opened() }
                    await store.foldLog()
                    var opened = Opened(store: store)
                    if let commits {
                        do throws(HistoryError) {
                            opened.baselines = try await Self.baselines(commits, datasets: datasets, in: store)
                        } catch {
                            await store.close()
                            return Opened(failure: error.message)
                        }
                    }
                    opened.caseHashes = EvalRecords.caseHashes(chosen)
                    return opened
                } catch {
                    return Opened(failure: error.message)
                }
            }, comparing: commits != nil)
    }

    /// The commits a baseline may be found at: the base and its ancestors, nearest first (none
    /// without a base).
    func baselineCommits(_ range: RevisionRange) -> [String] {
        guard let base = range.base else { return [] }
        return ((try? workspace.repository.ancestors(of: base, limit: Self.baselineDepth)) ?? [base]).map(\.hex)
    }

    /// Each case's baseline among `commits` in `datasets`.
    static func baselines(_ commits: [String], datasets: [String], in store: any HistoryStore)
        async throws(HistoryError) -> [String: Baseline]
    {
        let rows = commits.isEmpty ? [] : try await store.baselineRows(commits: commits, datasets: datasets)
        return Baselines.pick(rows, commits: commits)
    }

    struct Prepared: Sendable {
        /// Nil when history is off or could not be opened (then `failure` says why).
        var store: (any HistoryStore)?
        var failure: String?
        var facts: RunFacts
        var keys: [String: CaseRecordKeys] = [:]
        var past: [String: Outcomes] = [:]
        /// Nil without a range: nothing to compare with.
        var baselines: [String: Baseline]?
        /// How long opening and looking up took, alongside the run.
        var took = Duration.zero
    }

    /// Starts preparing for `planned`, run by the provider whose identity is `provider`, for `gate`.
    /// With `range`, baselines are looked up at the base and its ancestors. What needs this
    /// repository's handle or `directory` (which a gate removes after its run) is read here, the
    /// rest in the task.
    public func prepare(
        _ planned: [PlannedCase], provider: JSONValue, gate: String, range: RevisionRange?, directory: String,
        opening: Opening? = nil
    ) -> Preparation {
        // Nothing to record: no facts are gathered (no status walk of the work tree).
        let nothing = Prepared(facts: RunFacts(runID: "", recordedAtMs: 0, gate: gate, provider: ""))
        let location: HistoryConfig.Location
        do {
            location = try config.history.resolved(environment: environment)
        } catch {
            var failed = nothing
            failed.failure = error.message
            return Preparation(Task { [failed] in failed })
        }
        if case .off = location { return Preparation(Task { [nothing] in nothing }) }
        let facts = runFacts(gate: gate, provider: provider, range: range)
        let evaluator = Self.evaluatorFiles(planned, directory: directory)
        // An opening given the range has looked the baselines up already.
        let commits = opening?.comparing == true ? [] : range.map(baselineCommits) ?? []
        let sqlitePath = workspace.historyFile(location)
        let (config, environment, compare) = (config, environment, range != nil)
        return Preparation(
            Task.detached {
                await Self.prepared(
                    planned, facts: facts, evaluator: evaluator, config: config, location: location,
                    sqlitePath: sqlitePath, environment: environment, commits: compare ? commits : nil,
                    opening: opening)
            })
    }

    static func prepared(
        _ planned: [PlannedCase], facts: RunFacts, evaluator: [String: [String: String]], config: Config,
        location: HistoryConfig.Location, sqlitePath: String?, environment: [String: String], commits: [String]?,
        opening: Opening?
    ) async -> Prepared {
        let started = ContinuousClock.now
        var prepared = await lookedUp(
            planned, facts: facts, evaluator: evaluator, config: config, location: location, sqlitePath: sqlitePath,
            environment: environment, commits: commits, opening: opening)
        prepared.took = started.duration(to: .now)
        return prepared
    }

    static func lookedUp(
        _ planned: [PlannedCase], facts: RunFacts, evaluator: [String: [String: String]], config: Config,
        location: HistoryConfig.Location, sqlitePath: String?, environment: [String: String], commits: [String]?,
        opening: Opening?
    ) async -> Prepared {
        var prepared = Prepared(facts: facts)
        do {
            let store: any HistoryStore
            var caseHashes: [String: String] = [:]
            if let opening {
                let opened = await opening.task.value
                guard let ready = opened.store else {
                    prepared.failure = opened.failure
                    return prepared
                }
                store = ready
                caseHashes = opened.caseHashes
                prepared.baselines = opened.baselines
            } else {
                guard
                    let made = try await HistoryStores.open(location, sqlitePath: sqlitePath, environment: environment)
                else { return prepared }
                await made.foldLog()
                store = made
            }
            prepared.keys = EvalRecords.keys(
                planned, facts: facts, config: config, evaluator: evaluator, caseHashes: caseHashes)
            let inputs = Array(Set(prepared.keys.values.map(\.inputsKey)))
            do {
                prepared.past = try await store.outcomes(inputsKeys: inputs)
                if let commits, prepared.baselines == nil {
                    let datasets = Array(Set(planned.map(\.dataset.name))).sorted()
                    prepared.baselines = try await Self.baselines(commits, datasets: datasets, in: store)
                }
            } catch {
                await store.close()
                prepared.failure = error.message
                return prepared
            }
            prepared.store = store
        } catch {
            prepared.failure = error.message
        }
        return prepared
    }

    /// Labels, flakes and records for `results` of `planned`, from what `preparation` fetched (nil:
    /// nothing to record, as with `--no-history`).
    public func apply(_ results: [CaseResult], planned: [PlannedCase], preparation: Preparation?) async -> Outcome {
        var outcome = Outcome(results: results)
        guard !results.isEmpty, let preparation else { return outcome }
        let started = ContinuousClock.now
        let prepared = await preparation.task.value
        // After the last case only history works, so the process's CPU time is what it costs
        // (bench/history.sh: wall time on a loaded machine says little).
        var cpu = PhaseTrace.enabled ? PhaseTrace.cpuMicroseconds().own : 0
        func spent() -> Int {
            let now = PhaseTrace.cpuMicroseconds().own
            defer { cpu = now }
            return now - cpu
        }
        PhaseTrace.mark("history: prepared (\(prepared.took) of it alongside the run)")
        guard let store = prepared.store else {
            return prepared.failure.map { failed(outcome, message: $0) } ?? outcome
        }
        let (keys, facts) = (prepared.keys, prepared.facts)
        // Made by the store a part at a time, on another thread, while it writes the parts made.
        let batch = RecordBatch(parts: results.count) { range in
            EvalRecords.make(results[range], planned: planned, keys: keys, facts: facts)
        }
        // Written while the results are labelled here: neither needs the other.
        async let written: HistoryError? = Self.write(batch, to: store)
        // Changed in place: a run with no flaky case and nothing to compare with copies no result.
        Self.markFlakes(&outcome.results, keys: prepared.keys, past: prepared.past)
        if let baselines = prepared.baselines { Self.compare(&outcome.results, baselines) }
        PhaseTrace.mark("history: \(results.count) results labelled (cpu \(spent()) µs)")
        if let error = await written {
            outcome = failed(outcome, message: error.message, compared: true)
        }
        await store.close()
        PhaseTrace.mark(
            "history: \(results.count) results in \(started.duration(to: .now)) (written: cpu \(spent()) µs)")
        return outcome
    }

    /// Writes `batch` to `store`; the error when it could not.
    static func write(_ batch: RecordBatch, to store: any HistoryStore) async -> HistoryError? {
        do {
            try await store.record(batch)
            return nil
        } catch {
            return error
        }
    }

    /// Marks flaky each of `results` whose earlier runs of exactly its inputs disagree with it or
    /// with each other: passed now and failed then (or the other way round).
    static func markFlakes(_ results: inout [CaseResult], keys: [String: CaseRecordKeys], past: [String: Outcomes]) {
        guard !past.isEmpty else { return }
        for index in results.indices {
            // Read field by field: a whole result is about as big as a record.
            guard let key = keys[results[index].dataset + "/" + results[index].caseID]?.inputsKey,
                var seen = past[key]
            else { continue }
            for run in results[index].runs {
                if run == .passed { seen.passed += 1 } else if run == .failed { seen.failed += 1 }
            }
            let status = results[index].status
            guard seen.isFlaky, status == .passed || status == .failed else { continue }
            results[index].status = .flaky
            results[index].flakeHistory = seen
            results[index].notes.append(
                "flaky from history: with these same inputs it passed \(seen.passed) and failed \(seen.failed) "
                    + Plural.noun(seen.failed, "time"))
        }
    }

    /// Labels each of `results` with its change from its baseline: the last record at the base, or
    /// the nearest recorded ancestor of it.
    static func compare(_ results: inout [CaseResult], _ baselines: [String: Baseline]) {
        for index in results.indices {
            let baseline = baselines[results[index].dataset + "/" + results[index].caseID]
            results[index].baseline = baseline
            results[index].change = CaseChange.of(results[index].status, baseline: baseline?.status)
        }
    }

    /// `outcome` with the store's failure as a warning (strict when history is required); `compared`
    /// when the comparison was made and only recording failed.
    func failed(_ outcome: Outcome, message: String, compared: Bool = false) -> Outcome {
        var outcome = outcome
        let consequence =
            compared
            ? "; this run was compared with history but not recorded"
            : "; the verdict stands without history"
        let warning = GateWarning(
            kind: .historyUnavailable, message: message + (config.history.required ? "" : consequence))
        if config.history.required { outcome.strict.append(warning) } else { outcome.warnings.append(warning) }
        return outcome
    }

    func runFacts(gate: String, provider: JSONValue, range: RevisionRange?) -> RunFacts {
        let now = Date()
        var facts = RunFacts(
            runID: UUID().uuidString.lowercased(), recordedAtMs: Int64(now.timeIntervalSince1970 * 1000), gate: gate,
            provider: provider.compactText())
        let repository = workspace.repository
        let head = range?.head ?? (try? workspace.headCommit()) ?? nil
        facts.commit = head?.hex
        facts.base = range?.base?.hex
        facts.branch = repository.currentBranch ?? CIRunLinks.branch(environment)
        if let head, let author = try? repository.author(of: head) {
            facts.author = author.author
            facts.commitTime = author.time
        }
        facts.dirty = repository.hasUncommittedChanges()
        let ci = CIRunLinks.of(environment)
        facts.ciSystem = ci.system
        facts.ciRunURL = ci.runURL
        facts.pullRequest = ci.pullRequest
        return facts
    }

    /// The blob ids of the files each case's `exec` assertions run, by `dataset/case`.
    static func evaluatorFiles(_ planned: [PlannedCase], directory: String) -> [String: [String: String]] {
        var byCommand: [[String]: [String: String]] = [:]
        var result: [String: [String: String]] = [:]
        for one in planned {
            var ids: [String: String] = [:]
            for assertion in one.assertions where assertion.type == .exec {
                guard let command = assertion.command, let program = command.first else { continue }
                if byCommand[command] == nil {
                    let resolved = program.hasPrefix("/") ? program : directory + "/" + program
                    byCommand[command] = ProviderSetup.ownFiles(command, resolved: [resolved], in: directory)
                }
                ids.merge(byCommand[command] ?? [:]) { first, _ in first }
            }
            if !ids.isEmpty { result[one.dataset.name + "/" + one.regressionCase.id] = ids }
        }
        return result
    }
}
