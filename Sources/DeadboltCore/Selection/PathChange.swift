/// What a path is to deadbolt.
public enum ChangeKind: String, Sendable, Codable, CaseIterable {
    case prompt, guardrail, dataset, config
    case runAll = "run_all"
}

/// How a path changed; the raw values are the JSON strings of `deadbolt changes`.
public enum ChangeStatus: String, Sendable, CaseIterable {
    case added, deleted, modified, renamed, copied, typechange

    /// The one-letter code `git diff --name-status` prints.
    public var letter: String {
        switch self {
        case .added: "A"
        case .deleted: "D"
        case .modified: "M"
        case .renamed: "R"
        case .copied: "C"
        case .typechange: "T"
        }
    }
}

/// One changed path, as the git floor reports it, with its kinds.
public struct PathChange: Sendable, Equatable {
    public var status: ChangeStatus
    public var path: String
    /// The path before a rename or copy.
    public var oldPath: String?
    /// What this path is to deadbolt; empty for anything else.
    public var kinds: [ChangeKind]

    public init(status: ChangeStatus, path: String, oldPath: String? = nil, kinds: [ChangeKind] = []) {
        self.status = status
        self.path = path
        self.oldPath = oldPath
        self.kinds = kinds
    }

    /// Whether this change can matter to any gate.
    public var isRelevant: Bool { !kinds.isEmpty }
}

/// Gives each changed path its kinds.
public struct Classifier: Sendable {
    public let config: Config

    public init(config: Config) { self.config = config }

    /// The kinds of one path.
    public func kinds(of path: String) -> [ChangeKind] {
        var kinds: [ChangeKind] = []
        if config.prompts.contains(where: { $0.matches(path) }) { kinds.append(.prompt) }
        if config.guardrails.contains(where: { $0.matches(path) }) { kinds.append(.guardrail) }
        if RepoPath.isInside(path, folder: config.datasets) && path != config.datasets { kinds.append(.dataset) }
        if path == Config.fileName || path == "deadbolt.lock" { kinds.append(.config) }
        if config.runAllOn.contains(where: { $0.matches(path) }) { kinds.append(.runAll) }
        return kinds
    }

    /// The change with its kinds: those of its path, and of its old path for a rename.
    public func classify(_ change: PathChange) -> PathChange {
        var result = change
        var kinds = kinds(of: change.path)
        if let old = change.oldPath {
            for kind in self.kinds(of: old) where !kinds.contains(kind) { kinds.append(kind) }
        }
        result.kinds = ChangeKind.allCases.filter { kinds.contains($0) }
        return result
    }
}
