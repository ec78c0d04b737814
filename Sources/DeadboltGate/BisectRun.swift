import DeadboltCore
import DeadboltGit
import Foundation

/// `deadbolt bisect CASE`: the first commit on which a case fails.
///
/// The case is run as the bad revision defines it, each time in the files of the commit under
/// test (one folder, moved from commit to commit as a work tree is), as lock proofs run. Only
/// commits that changed what the case depends on are tested:
/// its dataset's owners and everything they include, its dataset's folder (and a promptfoo
/// suite's files), and the `run_all_on` paths; the first bad commit is among them, since a commit
/// that changes none of those cannot change what the case is sent. With `repeat`, a commit counts
/// as bad only when every repetition fails, so noise does not steer the search.
public struct BisectRun {
    public let workspace: Workspace
    public var execution: CaseExecution

    public init(workspace: Workspace, execution: CaseExecution) {
        self.workspace = workspace
        self.execution = execution
    }

    /// One commit the search ran the case on.
    public struct Tested: Sendable {
        public var commit: ObjectID
        public var subject: String
        public var status: CaseStatus
        public var runs: [CaseStatus]
    }

    /// What the search found.
    public struct Outcome: Sendable {
        public var caseID: String
        public var dataset: String
        public var good: ObjectID
        public var bad: ObjectID
        /// The first commit on which the case fails; nil when it passes at `bad`.
        public var firstBad: CommitInfo?
        /// The commits between good and bad that changed what the case depends on, oldest first.
        public var candidates: Int
        /// Every commit between good and bad.
        public var commits: Int
        public var tested: [Tested]
        /// The changed files the case depends on at the first bad commit, each with its diff.
        public var diffs: [(path: String, diff: String)]
        /// Why there is no first bad commit, when there is none.
        public var note: String?
    }

    public func run(caseID: String, good: String?, bad: String?) async throws -> Outcome {
        let repository = workspace.repository
        let badID = try repository.resolve(bad ?? "HEAD")
        let badTree = workspace.tree(badID)
        let config = try ConfigParser.load(from: badTree)
        let catalog = try DatasetCatalog(tree: badTree, config: config)
        guard let (dataset, regressionCase) = try Self.find(caseID, in: catalog) else {
            throw InputError(
                "case `\(caseID)` is in no dataset at \(badID.short)",
                hint: "give the id of a case that \(bad ?? "HEAD") has (deadbolt select --format json lists them)")
        }
        let relevant = try Self.dependencies(of: dataset, config: config, tree: badTree)
        let goodID: ObjectID
        if let good {
            goodID = try repository.resolve(good)
        } else {
            guard let added = try introduction(of: caseID, in: dataset, config: config, before: badID) else {
                throw InputError(
                    "no earlier commit has case `\(caseID)`, so there is no revision where it is known to pass",
                    hint: "pass --good REV, a revision where the case passes")
            }
            goodID = added
        }
        guard goodID != badID, (try? repository.mergeBase(goodID, badID)) == goodID else {
            throw InputError(
                "\(good ?? goodID.short) is not an ancestor of \(bad ?? "HEAD")",
                hint: "--good must be an earlier commit of the same history as --bad")
        }
        let commits = try repository.commits(from: goodID, to: badID)
        var candidates: [CommitInfo] = []
        for commit in commits {
            let changes = try repository.changes(from: commit.parents.first, to: commit.id)
            if changes.contains(where: { change in
                relevant.matches(change.path) || change.oldPath.map(relevant.matches) == true
            }) {
                candidates.append(commit)
            }
        }
        var outcome = Outcome(
            caseID: caseID, dataset: dataset.name, good: goodID, bad: badID, firstBad: nil,
            candidates: candidates.count, commits: commits.count, tested: [], diffs: [])
        // One folder for every commit tested, moved from commit to commit as a work tree is.
        var place: (directory: ProviderDirectory, at: ObjectID)?
        defer { place?.directory.cleanUp() }
        func test(_ commit: ObjectID, _ subject: String) async throws -> CaseStatus {
            if let current = place {
                try current.directory.move(repository, from: current.at, to: commit)
            } else {
                let directory = try ProviderDirectory.materialized(
                    repository, commit, because: "bisect runs the case at each commit it tests")
                place = (directory, commit)
            }
            place?.at = commit
            let result = try await runCase(
                dataset, regressionCase, at: commit, bad: badID, config: config, in: place?.directory.path ?? "")
            outcome.tested.append(Tested(commit: commit, subject: subject, status: result.status, runs: result.runs))
            return result.status
        }
        let badSubject = commits.last?.subject ?? ""
        switch try await test(badID, badSubject) {
        case .passed, .flaky:
            outcome.note = "case `\(caseID)` does not fail on every run at \(badID.short); nothing to bisect"
            return outcome
        case .errored:
            throw InputError(
                "case `\(caseID)` errored at \(badID.short): \(outcome.tested.last.map(\.status.rawValue) ?? "")",
                hint: "run deadbolt run --case \(caseID) to see the provider's error; bisect needs it to answer")
        case .failed: break
        }
        let goodStatus = try await test(goodID, "")
        guard goodStatus == .passed || goodStatus == .flaky else {
            throw InputError(
                "case `\(caseID)` is \(goodStatus.rawValue) at \(goodID.short) too, the good revision",
                hint: "pass --good REV, an earlier revision where the case passes")
        }
        guard !candidates.isEmpty else {
            outcome.note =
                "no commit between \(goodID.short) and \(badID.short) changed what case `\(caseID)` depends on; "
                + "it passes at one and fails at the other with the same prompts, so the provider or the model "
                + "changed (try --repeat)"
            return outcome
        }
        // The last candidate has the bad revision's dependencies, so it fails as the bad revision does.
        var low = 0
        var high = candidates.count - 1
        while low < high {
            let middle = (low + high) / 2
            switch try await test(candidates[middle].id, candidates[middle].subject) {
            case .failed: high = middle
            case .passed, .flaky: low = middle + 1
            case .errored:
                throw InputError(
                    "case `\(caseID)` errored at \(candidates[middle].id.short), "
                        + "so the search cannot tell good from bad",
                    hint: "fix the provider for that revision, or narrow the search with --good and --bad around it")
            }
        }
        let first = candidates[low]
        outcome.firstBad = first
        outcome.diffs = try diffs(of: first, relevant: relevant)
        return outcome
    }

    /// The dataset holding case `id`, and the case.
    static func find(_ id: String, in catalog: DatasetCatalog) throws -> (Dataset, RegressionCase)? {
        for dataset in try catalog.all() {
            if let found = try catalog.cases(of: dataset).first(where: { $0.id == id }) { return (dataset, found) }
        }
        return nil
    }

    /// What a case of `dataset` depends on: its owners and their includes, its folder, and the
    /// `run_all_on` globs.
    struct Dependencies {
        var paths: Set<String>
        var folders: [String]
        var globs: [Glob]

        func matches(_ path: String) -> Bool {
            paths.contains(path) || folders.contains { RepoPath.isInside(path, folder: $0) }
                || globs.contains { $0.matches(path) }
        }
    }

    static func dependencies(of dataset: Dataset, config: Config, tree: any FileTree) throws -> Dependencies {
        let graph = IncludeGraph(tree: tree, config: config)
        var paths = Set<String>()
        var folders = [dataset.folder]
        for owner in dataset.owners {
            if (try? tree.regularFile(owner)) != nil {
                for path in try graph.closure(of: owner) { paths.insert(path) }
            } else {
                folders.append(owner)
            }
        }
        return Dependencies(paths: paths, folders: folders, globs: config.runAllOn)
    }

    /// The oldest commit before `bad` from which on the case exists (where it was added, as a lock
    /// is added with its fix), found among the commits that changed its dataset's files.
    func introduction(of id: String, in dataset: Dataset, config: Config, before bad: ObjectID) throws -> ObjectID? {
        let repository = workspace.repository
        var firstWith: ObjectID?
        let commits = try repository.commits(from: nil, to: bad)
        let watched = Set([dataset.casesPath] + dataset.owners)
        for commit in commits.reversed() {
            let changes = try repository.changes(from: commit.parents.first, to: commit.id)
            guard commit.parents.isEmpty || changes.contains(where: { watched.contains($0.path) }) else { continue }
            let catalog = try? DatasetCatalog(tree: workspace.tree(commit.id), config: config)
            let has =
                ((try? catalog?.dataset(named: dataset.name)).flatMap { $0 }.map { found in
                    ((try? catalog?.cases(of: found)) ?? nil)?.contains { $0.id == id } ?? false
                }) ?? false
            if has { firstWith = commit.id } else if firstWith != nil { break }
        }
        return firstWith == bad ? nil : firstWith
    }

    /// The case, as the bad revision defines it, run at `commit` in its materialised files.
    func runCase(
        _ dataset: Dataset, _ regressionCase: RegressionCase, at commit: ObjectID, bad: ObjectID, config: Config,
        in folder: String
    ) async throws -> (status: CaseStatus, runs: [CaseStatus]) {
        let planned = try RunPlanner.plan(
            [(dataset, [regressionCase])], tree: workspace.tree(commit), config: config, revision: commit.hex)
        _ = try LockProofRun(workspace: workspace, execution: execution).headProvider(
            config, base: commit, head: bad, into: folder)
        let results = try await execution.run(
            planned, config: config, directory: folder,
            cacheFolder: execution.repeatCount > 1 ? nil : workspace.resultCacheFolder(config))
        guard let result = results.first else { return (.errored, []) }
        let runs = result.runs.isEmpty ? [result.status] : result.runs
        // Bad only when every repetition fails.
        if runs.allSatisfy({ $0 == .failed }) { return (.failed, runs) }
        if runs.contains(.passed) { return (runs.count > 1 && runs.contains(.failed) ? .flaky : .passed, runs) }
        return (.errored, runs)
    }

    /// The changed files `commit` made that the case depends on, with their diffs.
    func diffs(of commit: CommitInfo, relevant: Dependencies) throws -> [(path: String, diff: String)] {
        let repository = workspace.repository
        var result: [(path: String, diff: String)] = []
        for change in try repository.changes(from: commit.parents.first, to: commit.id)
        where relevant.matches(change.path) || change.oldPath.map(relevant.matches) == true {
            let before = try commit.parents.first.flatMap { try workspace.tree($0).read(change.oldPath ?? change.path) }
            let after = try workspace.tree(commit.id).read(change.path)
            let rendered = TextDiff.render(
                expected: before.map { String(decoding: $0, as: UTF8.self) } ?? "",
                actual: after.map { String(decoding: $0, as: UTF8.self) } ?? "")
            let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var diff = ["--- a/\(change.oldPath ?? change.path)", "+++ b/\(change.path)"]
            diff += lines.drop { $0.hasPrefix("--- ") || $0.hasPrefix("+++ ") }
            result.append((change.path, diff.joined(separator: "\n")))
        }
        return result
    }
}
