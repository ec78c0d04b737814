/// Everything the git floor can refuse, each carrying what a person needs to act.
public enum GitError: Error, Sendable, Equatable {
    /// A libgit2 call failed; `operation` names the call, `message` is libgit2's own words.
    case libgit2(operation: String, code: Int32, message: String)
    /// No repository at or above `path`.
    case notARepository(path: String)
    /// `revision` names no commit (nor anything that peels to one).
    case unknownRevision(String)
    /// `revision` should be there but the shallow clone cut it off.
    case missingInShallowClone(revision: String)
    /// The repository has no commit yet, so `revision` cannot resolve.
    case emptyRepository(revision: String)
    /// `base` and `head` share no history.
    case noMergeBase(base: String, head: String, shallow: Bool)
    /// The operation needs a work tree and the repository is bare.
    case bareRepository(operation: String)
}

extension GitError: CustomStringConvertible {
    /// What went wrong.
    public var message: String {
        switch self {
        case .libgit2(let operation, let code, let message):
            return "git: \(operation) failed (\(code)): \(message)"
        case .notARepository(let path):
            return "\(path) is not inside a git repository"
        case .unknownRevision(let revision):
            return "unknown revision '\(revision)': it names no commit in this repository"
        case .missingInShallowClone(let revision):
            return "revision '\(revision)' is not in this shallow clone"
        case .emptyRepository(let revision):
            return "'\(revision)' names no commit: the repository has no commits yet"
        case .noMergeBase(let base, let head, let shallow):
            if shallow { return "no merge base between '\(base)' and '\(head)' in this shallow clone" }
            return "'\(base)' and '\(head)' have unrelated histories: they share no merge base"
        case .bareRepository(let operation):
            return "\(operation) needs a work tree, and this repository is bare"
        }
    }

    /// What to do about it, when there is something to say.
    public var hint: String? {
        let deepen =
            "fetch the history it needs with `git fetch --deepen=100` (or `git fetch --unshallow`), "
            + "or check out with `fetch-depth: 0` in actions/checkout"
        switch self {
        case .libgit2, .emptyRepository:
            return nil
        case .notARepository:
            return "run deadbolt from a repository or pass --repo DIR"
        case .unknownRevision(let revision):
            return "check the spelling, or fetch it first: git fetch origin \(revision)"
        case .missingInShallowClone:
            return deepen
        case .noMergeBase(_, let head, let shallow):
            return shallow ? deepen : "pass --base with a commit that '\(head)' descends from"
        case .bareRepository:
            return "run it in a clone with a work tree"
        }
    }

    public var description: String { message + (hint.map { "; \($0)" } ?? "") }
}
