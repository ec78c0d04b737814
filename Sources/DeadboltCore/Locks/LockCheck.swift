/// A commit as the lock check needs it.
public struct CommitMessage: Sendable, Equatable {
    public var sha: String
    public var subject: String
    public var message: String
    public init(sha: String, subject: String, message: String) {
        self.sha = sha
        self.subject = subject
        self.message = message
    }
}

/// A case that a range added: a row of a `cases.jsonl` at head whose id the base did not have.
public struct AddedCase: Sendable, Equatable {
    public var dataset: String
    public var caseID: String
    public var bugLink: String?
    public var file: String
    public var line: Int

    public init(dataset: String, caseID: String, bugLink: String?, file: String, line: Int) {
        self.dataset = dataset
        self.caseID = caseID
        self.bugLink = bugLink
        self.file = file
        self.line = line
    }
}

/// Whether a bug-linked commit carries its lock.
public enum LockStatus: String, Sendable {
    case locked, unlocked, waived
    case noBug = "no-bug"
}

/// Whether a lock would have caught its bug: its run on the code before the fix and after.
public struct LockProof: Sendable, Equatable {
    public enum Finding: String, Sendable {
        /// Fails before the fix, passes after: the lock bites.
        case proven
        /// Passes before the fix too: it would not have caught the bug.
        case doesNotBite = "does-not-bite"
        /// Anything else (errored, or failing after the fix too).
        case unproven
    }

    public var dataset: String
    public var caseID: String
    public var bugLink: String?
    public var atBase: CaseStatus
    public var atHead: CaseStatus?
    public var finding: Finding
    /// Why the case errored before the fix, when it did: the provider's own error.
    public var baseError: String?

    public init(
        dataset: String, caseID: String, bugLink: String?, atBase: CaseStatus, atHead: CaseStatus?,
        baseError: String? = nil
    ) {
        self.baseError = baseError
        self.dataset = dataset
        self.caseID = caseID
        self.bugLink = bugLink
        self.atBase = atBase
        self.atHead = atHead
        switch (atBase, atHead) {
        case (.failed, .passed?): finding = .proven
        case (.passed, _): finding = .doesNotBite
        default: finding = .unproven
        }
    }
}

/// One commit's lock status.
public struct CommitLock: Sendable, Equatable {
    public var sha: String
    public var subject: String
    public var bugLinks: [BugLink]
    public var status: LockStatus
    /// The ids of the added cases that lock its bugs.
    public var cases: [String]
    /// The waiver's reason, for `waived`.
    public var waiver: String?
    /// For `locked`: how each locking case ran before and after the fix.
    public var proofs: [LockProof] = []

    public init(sha: String, subject: String, bugLinks: [BugLink], status: LockStatus, cases: [String], waiver: String?)
    {
        self.sha = sha
        self.subject = subject
        self.bugLinks = bugLinks
        self.status = status
        self.cases = cases
        self.waiver = waiver
    }
}

/// Finds, for each bug-linked commit of a range, the case added in the range that locks it.
public struct LockCheck {
    public let config: Config
    public let extractor: BugLinkExtractor

    public init(config: Config, origin: String?) {
        self.config = config
        extractor = BugLinkExtractor(config: config.bugLinks, origin: origin)
    }

    /// The cases the range added, comparing each changed `cases.jsonl` row by row with the base.
    ///
    /// Rows are compared by id, not by text: an edited row is not a new lock. Rows that do not
    /// parse are skipped here; selection and lint report them.
    public func addedCases(changes: [PathChange], base: (any FileTree)?, head: any FileTree) -> [AddedCase] {
        var added: [AddedCase] = []
        for change in changes
        where change.kinds.contains(.dataset) && change.path.hasSuffix("/cases.jsonl") && change.status != .deleted {
            let headRows = CaseParser.readableRows(in: head, path: change.path)
            let baseIDs = Set(CaseParser.readableRows(in: base, path: change.oldPath ?? change.path).map(\.id))
            let dataset =
                config.datasetName(containing: change.path) ?? RepoPath.name(of: RepoPath.folder(of: change.path))
            for row in headRows where !baseIDs.contains(row.id) {
                added.append(
                    AddedCase(dataset: dataset, caseID: row.id, bugLink: row.bugLink, file: change.path, line: row.line)
                )
            }
        }
        return added + addedSuiteCases(changes: changes, base: base, head: head)
    }

    /// The tests a range added to a promptfoo suite a dataset reads (a test's `metadata.bug_link`
    /// is its bug link): the suite's cases at head whose ids the base's suite did not have.
    func addedSuiteCases(changes: [PathChange], base: (any FileTree)?, head: any FileTree) -> [AddedCase] {
        let paths = changes.filter { $0.status != .deleted }.map(\.path).filter(Selector.mayBeSuiteFile)
        guard !paths.isEmpty, let catalog = try? DatasetCatalog(tree: head, config: config),
            let suites = try? catalog.suiteDatasets()
        else { return [] }
        let before = base.flatMap { try? DatasetCatalog(tree: $0, config: config) }
        var added: [AddedCase] = []
        for dataset in suites
        where paths.contains(where: { path in
            dataset.owners.contains { $0 == path || RepoPath.isInside(path, folder: $0) }
        }) {
            guard let cases = try? catalog.cases(of: dataset) else { continue }
            let old = (try? before?.dataset(named: dataset.name)).flatMap { $0 }
            let baseIDs = Set(old.flatMap { try? before?.cases(of: $0) }?.map(\.id) ?? [])
            for suiteCase in cases where suiteCase.file != nil && !baseIDs.contains(suiteCase.id) {
                added.append(
                    AddedCase(
                        dataset: dataset.name, caseID: suiteCase.id, bugLink: suiteCase.bugLink,
                        file: suiteCase.file ?? dataset.casesPath, line: suiteCase.line))
            }
        }
        return added
    }

    /// Each commit's status: `waived` with the waiver trailer, `no-bug` without a bug link,
    /// `locked` when an added case's `bug_link` names one of its bugs, else `unlocked`.
    public func check(_ commits: [CommitMessage], added: [AddedCase]) -> [CommitLock] {
        let addedLinks = added.compactMap { row in row.bugLink.map { (row, BugLink($0, origin: extractor.origin)) } }
        return commits.map { commit in
            let links = extractor.links(in: commit.message)
            var lock = CommitLock(
                sha: commit.sha, subject: commit.subject, bugLinks: links, status: .noBug, cases: [], waiver: nil)
            if let reason = BugLinkExtractor.waiver(config.locks.waiver, in: commit.message) {
                lock.status = .waived
                lock.waiver = reason
                return lock
            }
            guard !links.isEmpty else { return lock }
            lock.cases = addedLinks.filter { _, link in links.contains { $0.sameBug(as: link) } }.map(\.0.caseID)
            lock.status = lock.cases.isEmpty ? .unlocked : .locked
            return lock
        }
    }

    /// The warnings for the unlocked commits of `locks`, naming the first of `datasets` as where
    /// the case goes; they make the gate fail (`strict`) when `locks.missing` is `fail`.
    public func missingLocks(
        _ locks: [CommitLock], datasets: [String]
    ) -> (warnings: [GateWarning], strict: [GateWarning]) {
        let warnings = locks.filter { $0.status == .unlocked }.map { warning(for: $0, datasets: datasets) }
        return config.locks.missing == .fail ? ([], warnings) : (warnings, [])
    }

    /// The warning for an unlocked commit, as a person reads it.
    public func warning(for lock: CommitLock, datasets: [String]) -> GateWarning {
        let bugs = lock.bugLinks.map(\.text).joined(separator: ", ")
        var message =
            "fix without lock: \(lock.sha.prefix(7)) \"\(lock.subject)\" references \(bugs) "
            + "but adds no regression case for it"
        let target = config.casesPath(datasets.first ?? "NAME")
        let link = lock.bugLinks.first?.text ?? ""
        message += "\n  add the case that would have caught it to \(target), with \"bug_link\": \"\(link)\""
        message += " (or say why not with a `\(config.locks.waiver): reason` trailer)"
        return GateWarning(kind: .fixWithoutLock, message: message, commit: lock.sha)
    }
}
