import DeadboltCore
import DeadboltGit
import Foundation

/// `deadbolt capture`: a production trace becomes a case, run at HEAD first, then appended.
public struct TraceCapture {
    /// What the person asked for.
    public struct Request: Sendable {
        public var dataset: String
        /// The trace file, and more of the same trace (an OTLP logs export beside the spans).
        public var tracePath: String
        public var moreTracePaths: [String] = []
        public var bugLink: String
        public var expected: String
        public var category: String
        public var tier: Tier?
        /// `key=value` pairs.
        public var tags: [String: String]
        public var span: String?
        /// `--where`: capture every trace of the files that these all match.
        public var filters: [TraceFilter] = []
        /// `--all`: capture every trace of the files that holds one model call.
        public var all = false
        public var keep: [String]
        /// Capture even when the case fails at HEAD.
        public var allowFailing: Bool

        public init(
            dataset: String, tracePath: String, bugLink: String, expected: String, category: String, tier: Tier?,
            tags: [String: String], span: String?, keep: [String], allowFailing: Bool
        ) {
            self.dataset = dataset
            self.tracePath = tracePath
            self.bugLink = bugLink
            self.expected = expected
            self.category = category
            self.tier = tier
            self.tags = tags
            self.span = span
            self.keep = keep
            self.allowFailing = allowFailing
        }
    }

    /// What happened.
    public enum Outcome: Sendable, Equatable {
        /// Appended; `passing` says whether the case passes at HEAD (the fix is in).
        case captured(id: String, casesPath: String, passing: Bool)
        /// Not appended: the case fails at HEAD, or the provider did not answer.
        case refused(id: String, reason: String)
    }

    public let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }

    /// Reads the trace, runs the case at HEAD and appends it unless it is refused.
    public func capture(_ request: Request) async throws -> Outcome {
        let root = try workspace.workTree(for: "deadbolt capture")
        let tree = try workspace.workTreeFiles()
        let config = try ConfigParser.load(from: tree)
        let target = try DatasetCatalog(tree: tree, config: config).requireDataset(named: request.dataset)
        let record = try TraceReader.read(sources: try Self.sources(request), spanID: request.span)
        let head = try workspace.headCommit()
        let promptVersion = try head.flatMap { head in
            try target.owners.first.flatMap { try workspace.tree(head).blobID($0)?.hex }
        }
        let draft = try draft(record, request: request, target: target, promptVersion: promptVersion)

        // No aspirational cases: the case runs at HEAD first.
        let regressionCase = try draft.regressionCase()
        let planned = try RunPlanner.plan([(target, [regressionCase])], tree: tree, config: config, revision: head?.hex)
        let result = try await CaseExecution(jobs: 1).run(planned, config: config, directory: root).first
        let id = regressionCase.id
        switch result?.status {
        case .passed?:
            break
        case .failed?, .flaky?:
            guard request.allowFailing else {
                let why = result?.assertions.first { !$0.pass }?.message ?? "an assertion fails"
                return .refused(id: id, reason: "\(id) fails at HEAD (\(why)), so the bug is still live")
            }
        default:
            guard request.allowFailing else {
                return .refused(
                    id: id, reason: "the provider did not answer \(id) (\(result?.failure?.reason ?? "no result"))")
            }
        }
        try CasesAppender.append(
            draft, to: root + "/" + target.casesPath, displayPath: target.casesPath, index: casesIndex(target))
        return .captured(id: id, casesPath: target.casesPath, passing: result?.status == .passed)
    }

    /// The trace files of a request, folders opened to their files.
    ///
    /// Multipart bodies (what the LangSmith SDK posts to `/runs/multipart`; the SDK sends a run's
    /// start and end in separate posts) are put back together into one LangSmith batch.
    static func sources(_ request: Request) throws(InputError) -> [any TraceSource] {
        var sources: [any TraceSource] = []
        var parts: [LangSmithMultipart.Part] = []
        var multipartPath: String?
        for path in [request.tracePath] + request.moreTracePaths {
            if TraceFile.isFolder(path) {
                sources += try TraceFile.files(in: path)
                continue
            }
            let file = try TraceFile(path: path)
            guard MultipartTraceFile.opens(MultipartTraceFile.prefix(path)) else {
                sources.append(file)
                continue
            }
            parts += try MultipartTraceFile.parts(try file.wholeBytes(), path: path)
            multipartPath = multipartPath ?? path
        }
        if let multipartPath {
            let batch = try LangSmithMultipart.batch(parts, path: multipartPath)
            sources.append(TraceBytes(Array(batch.compactText().utf8), path: multipartPath))
        }
        return sources
    }

    /// The case `record` becomes, with a fresh id.
    func draft(_ record: TraceRecord, request: Request, target: Dataset, promptVersion: String?, path: String? = nil)
        throws(InputError) -> CaseDraft
    {
        let today = ISO8601DateFormatter.string(
            from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        let suffix = String(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(6))
        return try CaseDraft.make(
            record: record, dataset: target, keep: request.keep.isEmpty ? target.inputFields : request.keep,
            expected: request.expected, bugLink: request.bugLink, category: request.category, tier: request.tier,
            tags: request.tags, capturedBy: capturer(), capturedAt: today, promptVersion: promptVersion,
            idSuffix: suffix, tracePath: path ?? request.tracePath)
    }

    /// Where the twin index of `target`'s cases lives.
    func casesIndex(_ target: Dataset) -> String {
        workspace.repository.commonDirectory + "/deadbolt/cases-index/"
            + ContentHash.sha256(target.casesPath).prefix(16)
    }

    /// Who captures: git's author email, as git would pick it (GIT_AUTHOR_EMAIL, user.email, EMAIL).
    func capturer() -> String? {
        let environment = ProcessInfo.processInfo.environment
        return environment["GIT_AUTHOR_EMAIL"] ?? workspace.repository.configValue("user.email") ?? environment["EMAIL"]
    }
}
