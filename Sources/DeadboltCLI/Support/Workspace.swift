import DeadboltCore
import DeadboltGit
import Foundation

/// The repository a command works in, opened once, with the range it compares.
final class Workspace {
    let repository: Repository

    /// Opens the repository at `path`, or the one git's environment and the current folder name.
    init(path: String?) throws {
        repository = try Repository(discoveringFrom: path)
    }

    /// The work tree's root; bare repositories cannot run providers.
    func workTree(for operation: String) throws -> String {
        guard let root = repository.workTree else { throw GitError.bareRepository(operation: operation) }
        return root
    }

    /// The files of `commit`.
    func tree(_ commit: ObjectID) -> RevisionTree {
        RevisionTree(repository: repository, commit: commit)
    }

    /// The work tree as a file tree, with git blob ids as content ids.
    func workTreeFiles() throws -> DirectoryTree {
        DirectoryTree(root: try workTree(for: "reading the work tree")) { ObjectID.blob(hashing: $0).hex }
    }

    /// Resolves `--base` and `--head` into the commits to compare.
    ///
    /// The base is the merge base of the two, so that a branch that fell behind its target is
    /// compared as a pull request would be. Without `--base`: the upstream branch, else the
    /// remote's default branch, else main or master, else the head's first parent, else the
    /// empty tree (a root commit).
    func range(base: String?, head: String?) throws -> RevisionRange {
        let headName = head ?? "HEAD"
        let headID = try repository.resolve(headName)
        if let base {
            let baseID = try repository.resolve(base)
            let mergeBase = try repository.mergeBase(baseID, headID)
            return RevisionRange(base: mergeBase, head: headID, baseName: base, headName: headName)
        }
        for candidate in ["@{upstream}", "refs/remotes/origin/HEAD", "origin/main", "origin/master", "main", "master"] {
            guard let id = try? repository.resolve(candidate), id != headID,
                  let mergeBase = try? repository.mergeBase(id, headID), mergeBase != headID else { continue }
            return RevisionRange(base: mergeBase, head: headID, baseName: candidate, headName: headName)
        }
        if let parent = try repository.parents(of: headID).first {
            return RevisionRange(base: parent, head: headID, baseName: "\(headName)~1", headName: headName)
        }
        return RevisionRange(base: nil, head: headID, baseName: "(empty tree)", headName: headName)
    }

    /// The changes of `range`, classified with `config`.
    func changes(_ range: RevisionRange, config: Config) throws -> [PathChange] {
        let classifier = Classifier(config: config)
        return try repository.changes(from: range.base, to: range.head).map { classifier.classify(PathChange($0)) }
    }

    /// The changes staged in the index, classified with `config`.
    func stagedChanges(config: Config) throws -> [PathChange] {
        let classifier = Classifier(config: config)
        return try repository.stagedChanges().map { classifier.classify(PathChange($0)) }
    }
}

/// Two commits to compare.
struct RevisionRange {
    /// The merge base; nil means the empty tree.
    var base: ObjectID?
    var head: ObjectID
    /// What the user (or the defaults) named them.
    var baseName: String
    var headName: String
}

extension PathChange {
    /// The git floor's change, as the core sees it.
    init(_ change: FileChange) {
        self.init(status: change.status.rawValue, path: change.path, oldPath: change.oldPath)
    }
}
