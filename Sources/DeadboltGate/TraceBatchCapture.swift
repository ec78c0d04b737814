import DeadboltCore
import Foundation

/// `deadbolt capture --where key=value` (or `--all`, or a folder as `--trace`): each trace an
/// export holds that the filters take becomes a case, run at HEAD first; twins of cases already
/// in the dataset, or of another trace of the batch, are skipped and reported.
/// A trace a batch capture did not turn into a case, and why.
public struct CaptureSkip: Sendable, Equatable {
    public var traceID: String?
    public var path: String
    public var reason: String
}

extension TraceCapture {
    /// What became of the traces of a batch.
    public struct BatchOutcome: Sendable {
        public struct Captured: Sendable, Equatable {
            public var id: String
            public var traceID: String?
            public var passing: Bool
        }
        public typealias Skipped = CaptureSkip
        public var casesPath = ""
        public var captured: [Captured] = []
        /// Traces whose input a case already has.
        public var twins: [Skipped] = []
        /// Traces whose case fails at HEAD, or that the provider did not answer.
        public var refused: [Skipped] = []
        /// Traces taken that hold no single readable call.
        public var unreadable: [Skipped] = []
        public var summary = TraceBatch.Summary()
    }

    /// Whether `request` asks for a batch: filters, `--all`, or a folder of traces.
    public static func isBatch(_ request: Request) -> Bool {
        !request.filters.isEmpty || request.all
            || ([request.tracePath] + request.moreTracePaths).contains(where: TraceFile.isFolder)
    }

    public func captureEach(_ request: Request) async throws -> BatchOutcome {
        let root = try workspace.workTree(for: "deadbolt capture")
        let tree = try workspace.workTreeFiles()
        let config = try ConfigParser.load(from: tree)
        let target = try DatasetCatalog(tree: tree, config: config).requireDataset(named: request.dataset)
        let head = try workspace.headCommit()
        let promptVersion = try head.flatMap { head in
            try target.owners.first.flatMap { try workspace.tree(head).blobID($0)?.hex }
        }
        var outcome = BatchOutcome(casesPath: target.casesPath)
        var drafts: [(draft: CaseDraft, traceID: String?, path: String)] = []
        outcome.summary = try TraceBatch.read(try Self.sources(request), filters: request.filters) {
            item throws(InputError) in
            switch item {
            case .record(let record, let path):
                do throws(InputError) {
                    let draft = try draft(
                        record, request: request, target: target, promptVersion: promptVersion, path: path)
                    drafts.append((draft, record.traceID, path))
                } catch {
                    outcome.unreadable.append(CaptureSkip(traceID: record.traceID, path: path, reason: error.message))
                }
            case .unreadable(let traceID, let path, let reason):
                outcome.unreadable.append(CaptureSkip(traceID: traceID, path: path, reason: reason))
            }
        }
        try Self.checkFilterKeys(request.filters, outcome.summary, path: request.tracePath)

        // Twins: of a case in the dataset, or of an earlier trace of this batch.
        let casesFile = root + "/" + target.casesPath
        let existing = try CasesAppender.twins(
            of: drafts.map { $0.draft.fields["input"] }, in: casesFile, displayPath: target.casesPath,
            index: casesIndex(target))
        var fresh: [(draft: CaseDraft, traceID: String?, path: String)] = []
        var firstOfInput: [String: String] = [:]
        for (entry, twin) in zip(drafts, existing) {
            let input = (entry.draft.fields["input"] ?? .null).compactText()
            if let twin {
                outcome.twins.append(
                    .init(
                        traceID: entry.traceID, path: entry.path,
                        reason: "case `\(twin.id)` (\(target.casesPath):\(twin.line)) already has this input"))
            } else if let earlier = firstOfInput[input] {
                outcome.twins.append(
                    CaptureSkip(
                        traceID: entry.traceID, path: entry.path,
                        reason: "trace \(earlier) of this batch has the same input"))
            } else {
                firstOfInput[input] = entry.traceID ?? "(no id)"
                fresh.append(entry)
            }
        }

        // No aspirational cases: every new case runs at HEAD first, all in one run.
        var cases: [RegressionCase] = []
        for entry in fresh { cases.append(try entry.draft.regressionCase()) }
        let planned = try RunPlanner.plan([(target, cases)], tree: tree, config: config, revision: head?.hex)
        let results = try await CaseExecution().run(planned, config: config, directory: root)
        var byID: [String: CaseResult] = [:]
        for result in results { byID[result.caseID] = result }
        for (entry, regressionCase) in zip(fresh, cases) {
            let result = byID[regressionCase.id]
            let skipped = { (reason: String) in CaptureSkip(traceID: entry.traceID, path: entry.path, reason: reason) }
            switch result?.status {
            case .passed?:
                break
            case .failed?, .flaky?:
                guard request.allowFailing else {
                    let why = result?.assertions.first { !$0.pass }?.message ?? "an assertion fails"
                    outcome.refused.append(skipped("fails at HEAD (\(why)), so the bug is still live"))
                    continue
                }
            default:
                guard request.allowFailing else {
                    outcome.refused.append(
                        skipped("the provider did not answer (\(result?.failure?.reason ?? "no result"))"))
                    continue
                }
            }
            do {
                try CasesAppender.append(
                    entry.draft, to: casesFile, displayPath: target.casesPath, index: casesIndex(target))
            } catch let error as InputError where error.message.contains("already has this input") {
                // Another capture appended the same input meanwhile.
                outcome.twins.append(skipped(error.message))
                continue
            }
            outcome.captured.append(
                .init(id: regressionCase.id, traceID: entry.traceID, passing: result?.status == .passed))
        }
        return outcome
    }

    /// A filter whose key no trace carries is most likely misspelt: exit 2 naming the keys seen.
    static func checkFilterKeys(_ filters: [TraceFilter], _ summary: TraceBatch.Summary, path: String)
        throws(InputError)
    {
        guard summary.taken == 0, summary.traces > 0 else { return }
        for filter in filters where !summary.tagsSeen.contains(filter.key) {
            let seen = summary.tagsSeen.sorted().prefix(30).joined(separator: ", ")
            throw InputError(
                file: path,
                "no trace carries the tag `\(filter.key)` that --where \(filter.description) asks for",
                hint: seen.isEmpty
                    ? "its traces carry no tags; pass --all to capture every trace"
                    : "the tags its traces carry are: \(seen)")
        }
    }
}
