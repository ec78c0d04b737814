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

    /// Labels, flakes and records for `results` of `planned`, run by `provider` for `gate`. With
    /// `range`, each result is compared with its last record at the base or its nearest recorded ancestor.
    public func apply(
        _ results: [CaseResult], planned: [PlannedCase], provider: JSONValue, gate: String, range: RevisionRange?,
        directory: String
    ) async -> Outcome {
        let outcome = Outcome(results: results)
        guard !results.isEmpty else { return outcome }
        let location: HistoryConfig.Location
        do {
            location = try config.history.resolved(environment: environment)
        } catch {
            return failed(outcome, message: error.message)
        }
        if case .off = location { return outcome }
        let started = ContinuousClock.now
        let store: any HistoryStore
        do {
            guard
                let opened = try await HistoryStores.open(
                    location, sqlitePath: workspace.historyFile(location), environment: environment)
            else { return outcome }
            store = opened
        } catch {
            return failed(outcome, message: error.message)
        }
        PhaseTrace.mark("open history")
        let done = await use(
            store, outcome, planned: planned, provider: provider, gate: gate, range: range, directory: directory)
        // Closed before the process exits, so SQLite folds its write-ahead log back into the file.
        await store.close()
        PhaseTrace.mark("history: \(results.count) results in \(started.duration(to: .now))")
        return done
    }

    func use(
        _ store: any HistoryStore, _ outcome: Outcome, planned: [PlannedCase], provider: JSONValue, gate: String,
        range: RevisionRange?, directory: String
    ) async -> Outcome {
        var outcome = outcome
        let results = outcome.results
        let facts = runFacts(gate: gate, provider: provider, range: range)
        let evaluator = Self.evaluatorFiles(planned, directory: directory)
        let records = EvalRecords.make(results, planned: planned, facts: facts, config: config, evaluator: evaluator)
        PhaseTrace.mark("history: \(records.count) records made")
        do {
            outcome.results = try await flakes(outcome.results, records: records, store: store)
            PhaseTrace.mark("history: flakes looked up")
            if let range {
                outcome.results = try await compared(outcome.results, range: range, store: store)
            }
        } catch {
            return failed(outcome, message: error.message)
        }
        PhaseTrace.mark("history: compared")
        do {
            try await store.record(records)
        } catch {
            return failed(outcome, message: error.message, compared: true)
        }
        return outcome
    }

    /// Every result with the statuses of earlier runs of exactly its inputs: passed now and failed
    /// then (or the other way round) makes it flaky.
    func flakes(_ results: [CaseResult], records: [EvalRecord], store: any HistoryStore) async throws(HistoryError)
        -> [CaseResult]
    {
        var keyOf: [String: String] = [:]
        for record in records where keyOf[record.key] == nil { keyOf[record.key] = record.inputsKey }
        let past = try await store.outcomes(inputsKeys: Array(Set(keyOf.values)))
        guard !past.isEmpty else { return results }
        return results.map { result in
            guard let key = keyOf[result.dataset + "/" + result.caseID], var seen = past[key] else { return result }
            for run in result.runs {
                if run == .passed { seen.passed += 1 } else if run == .failed { seen.failed += 1 }
            }
            guard seen.isFlaky, result.status == .passed || result.status == .failed else { return result }
            var flaky = result
            flaky.status = .flaky
            flaky.flakeHistory = seen
            flaky.notes.append(
                "flaky from history: with these same inputs it passed \(seen.passed) and failed \(seen.failed) "
                    + Plural.noun(seen.failed, "time"))
            return flaky
        }
    }

    /// Every result with its change from its baseline: the last record at the base, or the nearest
    /// recorded ancestor of it.
    func compared(_ results: [CaseResult], range: RevisionRange, store: any HistoryStore) async throws(HistoryError)
        -> [CaseResult]
    {
        var commits: [String] = []
        if let base = range.base {
            commits = ((try? workspace.repository.ancestors(of: base, limit: Self.baselineDepth)) ?? [base]).map(\.hex)
        }
        let datasets = Array(Set(results.map(\.dataset))).sorted()
        let rows = commits.isEmpty ? [] : try await store.baselineRows(commits: commits, datasets: datasets)
        let baselines = Baselines.pick(rows, commits: commits)
        return results.map { result in
            var labelled = result
            let baseline = baselines[result.dataset + "/" + result.caseID]
            labelled.baseline = baseline
            labelled.change = CaseChange.of(result.status, baseline: baseline?.status)
            return labelled
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
