import DeadboltCore
import DeadboltHistory
import Foundation

/// `deadbolt tiers`: proposals from history for the work tree's cases, and `--apply` to write them.
public struct TierReview {
    let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }

    /// History read beyond the longest window, so that a case recorded before it counts as seen then.
    static let marginSeconds: Double = 30 * 86_400

    public func proposals(nowMs: Int64) async throws -> (proposals: [TierProposal], store: String) {
        let tree = try workspace.workTreeFiles()
        let config = try ConfigParser.load(from: tree)
        let catalog = try DatasetCatalog(tree: tree, config: config)
        var cases: [TieredCase] = []
        for dataset in try catalog.all() {
            for one in try catalog.cases(of: dataset) {
                cases.append(TieredCase(dataset: dataset.name, caseID: one.id, tier: one.effectiveTier(in: dataset)))
            }
        }
        let opened = try await workspace.openHistory(config, environment: ProcessInfo.processInfo.environment)
        guard let store = opened.store else { return ([], opened.name) }
        let window = max(config.tiers.promoteWithinSeconds, config.tiers.demoteAfterSeconds) + Self.marginSeconds
        let filter = RecordFilter(
            datasets: Array(Set(cases.map(\.dataset))).sorted(), sinceMs: nowMs - Int64(window * 1000))
        let records: [EvalRecord]
        do {
            records = try await store.records(filter)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
        return (TierProposals.propose(cases: cases, records: records, policy: config.tiers, nowMs: nowMs), opened.name)
    }

    /// What `apply` did: the files written and how many case lines changed, and the moves it could
    /// not write because the case is a test of a promptfoo suite, whose tier is its `metadata.tier`.
    public struct Application: Sendable {
        public var files: [String] = []
        public var lines = 0
        public var byHand: [TierMoveByHand] = []
        public init() {}
    }

    /// Writes each proposal's tier into its case line in `cases.jsonl`. A suite's tests live in the
    /// suite's own files, which deadbolt does not rewrite: those moves are returned as `byHand`.
    public func apply(_ proposals: [TierProposal]) throws -> Application {
        var application = Application()
        guard !proposals.isEmpty else { return application }
        let root = try workspace.workTree(for: "deadbolt tiers --apply")
        let tree = try workspace.workTreeFiles()
        let config = try ConfigParser.load(from: tree)
        let catalog = try DatasetCatalog(tree: tree, config: config)
        var byDataset: [String: [String: Tier]] = [:]
        for proposal in proposals { byDataset[proposal.dataset, default: [:]][proposal.caseID] = proposal.to }
        for (name, moves) in byDataset.sorted(by: { $0.key < $1.key }) {
            let path = config.casesPath(name)
            var tiers = moves
            if let dataset = try catalog.dataset(named: name), dataset.promptfoo != nil {
                for test in try catalog.cases(of: dataset) {
                    guard let file = test.file, file != path, let tier = tiers.removeValue(forKey: test.id) else {
                        continue
                    }
                    application.byHand.append(
                        TierMoveByHand(dataset: name, caseID: test.id, tier: tier, file: file, line: test.line))
                }
            }
            guard !tiers.isEmpty else { continue }
            guard let bytes = try tree.regularFile(path) else { throw InputError(file: path, "does not exist") }
            let rewritten = try TierRewrite.apply(bytes, tiers: tiers, path: path)
            guard !rewritten.changed.isEmpty else { continue }
            let full = root + "/" + path
            let temporary = full + ".deadbolt-tiers"
            guard FileManager.default.createFile(atPath: temporary, contents: Data(rewritten.bytes)) else {
                throw InputError(file: path, "cannot be written next to (\(temporary))")
            }
            guard rename(temporary, full) == 0 else {
                unlink(temporary)
                throw InputError(file: path, "cannot be replaced: \(String(cString: strerror(errno)))")
            }
            application.files.append(path)
            application.lines += rewritten.changed.count
        }
        return application
    }
}
