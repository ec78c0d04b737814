import DeadboltCore
import DeadboltGit

/// The repository a command works in, opened once.
public final class Workspace {
    public let repository: Repository

    /// Opens the repository at `path`, or the one git's environment and the current folder name.
    public init(path: String?) throws {
        repository = try Repository(discoveringFrom: path)
    }

    /// The work tree's root; bare repositories cannot run providers.
    public func workTree(for operation: String) throws -> String {
        guard let root = repository.workTree else { throw GitError.bareRepository(operation: operation) }
        return root
    }

    /// The files of `commit`.
    public func tree(_ commit: ObjectID) -> RevisionTree {
        RevisionTree(repository: repository, commit: commit)
    }

    /// The work tree as a file tree, with git blob ids as content ids.
    public func workTreeFiles() throws -> DirectoryTree {
        DirectoryTree(root: try workTree(for: "reading the work tree")) { ObjectID.blob(hashing: $0).hex }
    }

    /// The checked-out commit, or nil in a repository without commits.
    public func headCommit() throws -> ObjectID? {
        repository.isEmpty ? nil : try repository.resolve("HEAD")
    }

    /// The changes of `range`, classified with `config`.
    public func changes(_ range: RevisionRange, config: Config) throws -> [PathChange] {
        let classifier = Classifier(config: config)
        return try repository.changes(from: range.base, to: range.head).map { classifier.classify(PathChange($0)) }
    }

    /// The changes staged in the index, classified with `config`.
    public func stagedChanges(config: Config) throws -> [PathChange] {
        let classifier = Classifier(config: config)
        return try repository.stagedChanges().map { classifier.classify(PathChange($0)) }
    }

    /// The GitHub repository `origin` points at, which `#12` bug links belong to.
    public var originRepository: String? {
        repository.configValue("remote.origin.url").flatMap(BugLink.githubRepository(fromRemote:))
    }
}

extension PathChange {
    /// The git floor's change, as the core sees it.
    init(_ change: FileChange) {
        self.init(
            status: ChangeStatus(rawValue: change.status.rawValue) ?? .modified, path: change.path,
            oldPath: change.oldPath)
    }
}
