import DeadboltCore
import DeadboltGit
import DeadboltHistory
import Foundation

/// `deadbolt coverage`: production trace summaries joined with the regression cases and their eval records.
public struct CoverageRun {
    /// What the command asked for.
    public struct Request: Sendable {
        public var paths: [String]
        public var by: [String] = []
        public var sinceMs: Int64?
        public var untilMs: Int64?

        public init(paths: [String]) { self.paths = paths }
    }

    /// What the join found, and what it read.
    public struct Outcome: Sendable {
        public var slices: [CoverageSlice]
        public var summary: CoverageSummary
        /// The prompt versions production named, and what each was found to be.
        public var revisions: [String: PromptRevision]
    }

    let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }

    public func run(_ request: Request) async throws -> Outcome {
        let reading = HistoryReading(workspace: workspace)
        let config = try reading.config()
        guard !request.paths.isEmpty else {
            throw InputError(
                "no production traces given",
                hint: "pass exports with --traces FILE: CSV or JSON Lines rows, OTLP, Langfuse or LangSmith exports")
        }
        let mapping = RowMapping(config: config.coverage, by: request.by)
        var tally = CoverageTally(config: config.coverage, sinceMs: request.sinceMs, untilMs: request.untilMs)
        var traceSources: [any TraceSource] = []
        for file in try Self.files(request.paths) {
            let path = file.path
            var first: ArraySlice<UInt8>?
            try file.forEachLine { line, _ in
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return true }
                first = line
                return false
            }
            switch ProductionRows.kind(path: path, firstLine: first) {
            case .csv:
                try ProductionRows.csv(file, mapping: mapping) { row throws(InputError) in try tally.add(row) }
            case .rows: try Self.jsonLines(file, mapping: mapping, into: &tally)
            case .traces: traceSources.append(file)
            }
        }
        var warnings: [String] = []
        if !traceSources.isEmpty {
            let skipped = try ProductionRows.traces(traceSources, mapping: mapping) { row throws(InputError) in
                try tally.add(row)
            }
            if skipped.unreadable > 0 {
                warnings.append(
                    "\(Plural.count(skipped.unreadable, "trace")) could not be read and "
                        + "\(skipped.unreadable == 1 ? "is" : "are") not counted (\(skipped.first ?? "")); "
                        + "`deadbolt capture --trace FILE` says more")
            }
        }

        let cases = try Self.cases(workspace: workspace, config: config)
        var digest = EvalDigest()
        var storeName = "history off"
        if case .off = try config.history.resolved(environment: ProcessInfo.processInfo.environment) {
            warnings.append("history is off: the cases' latest results are not shown")
        } else {
            do {
                let opened = try await workspace.openHistory(config, environment: ProcessInfo.processInfo.environment)
                storeName = opened.name
                if let store = opened.store {
                    var filter = RecordFilter(datasets: Array(Set(cases.map(\.dataset))).sorted())
                    filter.brief = true
                    do {
                        // One record at a time: a team's store holds millions. No cases, nothing to join.
                        if !cases.isEmpty { try await store.eachRecord(filter) { digest.add($0) } }
                    } catch {
                        await store.close()
                        throw error
                    }
                    await store.close()
                }
            } catch let error as InputError {
                throw error
            } catch {
                warnings.append("history could not be read (\(error)): the cases' latest results are not shown")
            }
        }
        let names = Set(tally.slices.values.flatMap(\.versions.keys))
        let revisions = try PromptVersions(workspace: workspace, config: config.coverage)
            .resolve(names, blobs: digest.blobs)
        let keys = mapping.keys.map(\.name)
        var summary = CoverageSummary(
            keys: keys, rows: tally.rows, counted: tally.rows - tally.outside, outside: tally.outside,
            undated: tally.undated, firstMs: tally.firstMs, lastMs: tally.lastMs, sinceMs: request.sinceMs,
            untilMs: request.untilMs, cases: cases.count, records: digest.records, store: storeName,
            warnings: warnings, traceFiles: traceSources.map(\.path))
        summary.daysDropped = tally.daysDropped
        return Outcome(
            slices: CoverageJoin.slices(tally: tally, keys: keys, cases: cases, digest: digest, revisions: revisions),
            summary: summary, revisions: revisions)
    }

    /// What one part of a file counted, or why it could not.
    final class PartResults: @unchecked Sendable {
        // Each part writes only its own slot, through the pointer (an array's element write would be
        // an access to the whole array), and they are read after every part is done.
        let slots: UnsafeMutableBufferPointer<Result<CoverageTally, InputError>?>

        init(_ count: Int) {
            slots = .allocate(capacity: count)
            slots.initialize(repeating: nil)
        }

        deinit {
            slots.deinitialize()
            slots.deallocate()
        }
    }

    /// JSON Lines rows on every core: the file cut at line ends into a part a core, each part
    /// counted into a tally of its own, the tallies merged in file order. The first error in file
    /// order is the one reported, with its own line number.
    static func jsonLines(
        _ file: TraceFile, mapping: RowMapping, into tally: inout CoverageTally, parts count: Int? = nil,
        minimum: Int = 16 << 20
    ) throws(InputError) {
        let cores = min(4, max(1, ProcessInfo.processInfo.activeProcessorCount))
        let parts = try file.lineParts(count ?? cores, minimum: minimum)
        guard parts.count > 1 else {
            try ProductionRows.jsonLines(file, mapping: mapping) { row throws(InputError) in try tally.add(row) }
            return
        }
        let results = PartResults(parts.count)
        let empty = tally.fresh()
        DispatchQueue.concurrentPerform(iterations: parts.count) { index in
            var own = empty
            do throws(InputError) {
                try ProductionRows.jsonLines(parts[index], mapping: mapping) { row throws(InputError) in
                    try own.add(row)
                }
                results.slots[index] = .success(own)
            } catch {
                results.slots[index] = .failure(error)
            }
        }
        for slot in results.slots {
            switch slot {
            case .success(let own)?: try tally.merge(own, path: file.path)
            case .failure(let error)?: throw error
            case nil: throw InputError(file: file.path, "a part of the file was not read")
            }
        }
    }

    /// The files of `paths`, a folder's exports (sorted, hidden ones left out) in its place.
    static func files(_ paths: [String]) throws(InputError) -> [TraceFile] {
        var files: [TraceFile] = []
        for path in paths {
            if TraceFile.isFolder(path) {
                files += try TraceFile.files(
                    in: path, extensions: [".csv", ".jsonl", ".ndjson", ".json"], what: "production exports")
            } else {
                files.append(try TraceFile(path: path))
            }
        }
        return files
    }

    /// Every case of the work tree (of HEAD in a bare repository), with its tags as text.
    static func cases(workspace: Workspace, config: Config) throws -> [CoverageCase] {
        let tree: any FileTree
        if workspace.repository.workTree != nil {
            tree = try workspace.workTreeFiles()
        } else if let head = try workspace.headCommit() {
            tree = workspace.tree(head)
        } else {
            return []
        }
        let catalog = try DatasetCatalog(tree: tree, config: config)
        var cases: [CoverageCase] = []
        for dataset in try catalog.all() {
            for one in try catalog.cases(of: dataset) {
                cases.append(
                    CoverageCase(
                        dataset: dataset.name, caseID: one.id,
                        tags: CoverageCase.tagText(one.tags)))
            }
        }
        return cases
    }
}
