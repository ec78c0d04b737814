import DeadboltCore
import DeadboltGit
import Foundation

/// Proves that each new lock bites: runs it against the code before the fix.
///
/// The base's files are written to a temporary folder through libgit2 and the provider runs
/// there with the case as the head defines it. A lock that fails at base and passes at head is
/// proven; one that passes at base too would not have caught its bug.
struct LockProofRun {
    let workspace: Workspace
    let execution: CaseExecution

    /// Adds a proof to each locked commit of `locks`, and returns the warnings for those that
    /// do not bite or could not be run.
    func prove(
        _ locks: inout [CommitLock], evaluation: LockEvaluation, plan: GatePlan, headResults: [CaseResult]
    ) async -> [GateWarning] {
        let locking = Set(locks.filter { $0.status == .locked }.flatMap(\.cases))
        guard !locking.isEmpty else { return [] }
        guard let base = evaluation.range.base else {
            return [
                GateWarning(
                    kind: .lockUnproven,
                    message: "the range starts at a root commit, so no lock can be run before its fix")
            ]
        }
        let baseResults: [String: CaseResult]
        var warnings: [GateWarning] = []
        do {
            let (results, replaced) = try await runAtBase(
                locking, added: evaluation.added, base: base, head: evaluation.range.head, config: plan.config)
            baseResults = Dictionary(results.map { ($0.caseID, $0) }, uniquingKeysWith: { first, _ in first })
            if !replaced.isEmpty {
                let files = replaced.joined(separator: ", ")
                warnings.append(
                    GateWarning(
                        kind: .lockProviderFromHead,
                        message: "the provider (\(files)) is missing or changed between \(base.short) and "
                            + "\(evaluation.range.head.short), so the new locks ran with the head's provider in "
                            + "\(base.short)'s files"))
            }
        } catch {
            return [
                GateWarning(
                    kind: .lockUnproven,
                    message: "the new locks could not be run before their fix (\(base.short)): \(error)")
            ]
        }
        for index in locks.indices where locks[index].status == .locked {
            for id in locks[index].cases {
                guard let atBase = baseResults[id] else { continue }
                let atHead = headResults.first { $0.caseID == id }?.status
                let proof = LockProof(
                    dataset: atBase.dataset, caseID: id, bugLink: atBase.bugLink, atBase: atBase.status,
                    atHead: atHead, baseError: atBase.failure.map(Self.describe))
                locks[index].proofs.append(proof)
                if let warning = warning(proof, lock: locks[index], base: base) { warnings.append(warning) }
            }
        }
        return warnings
    }

    /// The locking cases, as the head defines them, run in a copy of the base's files; with the
    /// paths of the provider's files that were taken from the head because the base's are missing
    /// or differ (the provider is not the code under test, and a lock must not go unproven
    /// because the range also changed how cases are answered).
    func runAtBase(
        _ locking: Set<String>, added: [AddedCase], base: ObjectID, head: ObjectID, config: Config
    ) async throws -> (results: [CaseResult], replaced: [String]) {
        let catalog = try DatasetCatalog(tree: workspace.tree(head), config: config)
        var groups: [(dataset: Dataset, cases: [RegressionCase])] = []
        for name in Set(added.filter { locking.contains($0.caseID) }.map(\.dataset)).sorted() {
            guard let dataset = try catalog.dataset(named: name) else { continue }
            let cases = try catalog.cases(of: dataset).filter { locking.contains($0.id) }
            if !cases.isEmpty { groups.append((dataset, cases)) }
        }
        let planned = try RunPlanner.plan(groups, tree: workspace.tree(base), config: config, revision: base.hex)
        let place = try ProviderDirectory.materialized(
            workspace.repository, base, because: "locks are proven before their fix")
        defer { place.cleanUp() }
        let replaced = try headProvider(config, base: base, head: head, into: place.path)
        let results = try await execution.run(
            planned, config: config, directory: place.path, cacheFolder: workspace.resultCacheFolder(config))
        return (results, replaced)
    }

    /// Writes the head's version of each provider file (an argument of `provider.command` that is
    /// a file at the head) whose base version is missing or different into `folder`.
    func headProvider(_ config: Config, base: ObjectID, head: ObjectID, into folder: String) throws -> [String] {
        guard let command = config.provider.command else { return [] }
        let headTree = workspace.tree(head)
        let baseTree = workspace.tree(base)
        var replaced: [String] = []
        for argument in command where !argument.hasPrefix("/") && !argument.hasPrefix("-") {
            guard let path = RepoPath.normalize(argument), let headID = try? headTree.blobID(path),
                let bytes = try headTree.read(path)
            else { continue }
            guard (try? baseTree.blobID(path)) != headID else { continue }
            let target = folder + "/" + path
            try FileManager.default.createDirectory(
                atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try? FileManager.default.removeItem(atPath: target)
            try Data(bytes).write(to: URL(fileURLWithPath: target))
            let executable = (try? headTree.fileMode(path)) == 0o100755
            try FileManager.default.setAttributes(
                [.posixPermissions: executable ? 0o755 : 0o644], ofItemAtPath: target)
            replaced.append(path)
        }
        return replaced
    }

    /// A failure as one line: its reason and the last line of the provider's stderr.
    static func describe(_ failure: ProviderFailure) -> String {
        let last = failure.stderrTail.split(separator: "\n").last.map(String.init)
        return last.map { "\(failure.reason): \($0)" } ?? failure.reason
    }

    /// What a person must hear about `proof`, if anything.
    func warning(_ proof: LockProof, lock: CommitLock, base: ObjectID) -> GateWarning? {
        let bug = proof.bugLink ?? lock.bugLinks.first?.text ?? "its bug"
        let which = "\(proof.caseID) (\(proof.dataset))"
        switch proof.finding {
        case .proven:
            return nil
        case .doesNotBite:
            return GateWarning(
                kind: .lockDoesNotBite,
                message: "\(which) passes before the fix too (at \(base.short)), so it would not have caught \(bug): "
                    + "make it fail on the old behaviour",
                commit: lock.sha)
        case .unproven:
            let why = proof.baseError.map { " (before the fix: \($0))" } ?? ""
            return GateWarning(
                kind: .lockUnproven,
                message:
                    "\(which) is \(proof.atBase.rawValue) before the fix\(why) and "
                    + "\(proof.atHead?.rawValue ?? "not run") after it, so it does not prove it locks \(bug)",
                commit: lock.sha)
        }
    }
}
