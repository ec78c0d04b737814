import DeadboltCore
import DeadboltGit

/// Proves that each new lock bites: runs it against the code before the fix.
///
/// The base's files are written to a temporary folder through libgit2 and the provider runs
/// there with the case as the head defines it. A lock that fails at base and passes at head is
/// proven; one that passes at base too would not have caught its bug.
enum LockProofRun {
    static func prove(
        _ locks: inout [CommitLock], added: [AddedCase], range: RevisionRange, plan: GatePlan,
        headResults: [CaseResult], workspace: Workspace, jobs: Int?
    ) async -> [GateWarning] {
        let locking = Set(locks.filter { $0.status == .locked }.flatMap(\.cases))
        guard !locking.isEmpty else { return [] }
        guard let base = range.base else {
            return [GateWarning(kind: "lock-unproven", message: "the range starts at a root commit, so no lock can be run before its fix")]
        }
        let baseResults: [String: CaseResult]
        do {
            let catalog = try DatasetCatalog(tree: workspace.tree(range.head), config: plan.config)
            var groups: [(dataset: Dataset, cases: [RegressionCase])] = []
            for name in Set(added.filter { locking.contains($0.caseID) }.map(\.dataset)).sorted() {
                guard let dataset = try catalog.dataset(named: name) else { continue }
                let cases = try catalog.cases(of: dataset).filter { locking.contains($0.id) }
                if !cases.isEmpty { groups.append((dataset, cases)) }
            }
            var versions = PromptVersions(tree: workspace.tree(base), config: plan.config)
            let planned = try RunPlanner.plan(groups, prompts: { versions.of($0) }, revision: base.hex)
            let place = try ProviderDirectory.materialized(workspace.repository, base, because: "locks are proven before their fix")
            defer { place.cleanUp() }
            let results = try await CaseExecution.run(planned, config: plan.config, directory: place.path, jobs: jobs, repeatCount: 1)
            baseResults = Dictionary(results.map { ($0.caseID, $0) }, uniquingKeysWith: { first, _ in first })
        } catch {
            return [GateWarning(kind: "lock-unproven", message: "the new locks could not be run before their fix (\(base.short)): \(error)")]
        }
        var warnings: [GateWarning] = []
        for index in locks.indices where locks[index].status == .locked {
            for id in locks[index].cases {
                guard let atBase = baseResults[id] else { continue }
                let atHead = headResults.first { $0.caseID == id }?.status
                let proof = LockProof(dataset: atBase.dataset, caseID: id, bugLink: atBase.bugLink, atBase: atBase.status, atHead: atHead)
                locks[index].proofs.append(proof)
                let bug = atBase.bugLink ?? locks[index].bugLinks.first?.text ?? "its bug"
                switch proof.finding {
                case .proven:
                    break
                case .doesNotBite:
                    warnings.append(GateWarning(
                        kind: "lock-does-not-bite",
                        message: "\(id) (\(atBase.dataset)) passes before the fix too (at \(base.short)), so it would not have caught \(bug): make it fail on the old behaviour",
                        commit: locks[index].sha))
                case .unproven:
                    warnings.append(GateWarning(
                        kind: "lock-unproven",
                        message: "\(id) (\(atBase.dataset)) is \(atBase.status.rawValue) before the fix and \(atHead?.rawValue ?? "not run") after it, so it does not prove it locks \(bug)",
                        commit: locks[index].sha))
                }
            }
        }
        return warnings
    }
}
