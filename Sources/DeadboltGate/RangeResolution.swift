import DeadboltCore
import DeadboltGit

extension Workspace {
    /// Resolves `--base` and `--head` into the commits to compare.
    ///
    /// The base is the merge base of the two, so that a branch that fell behind its target is
    /// compared as a pull request would be. Without `--base`: the upstream branch, else the
    /// remote's default branch, else main or master, else the head's first parent, else the
    /// empty tree (a root commit).
    public func range(base: String?, head: String?) throws -> RevisionRange {
        let headName = head ?? "HEAD"
        let headID = try repository.resolve(headName)
        if let base {
            let baseID = try repository.resolve(base)
            let mergeBase = try repository.mergeBase(baseID, headID)
            return RevisionRange(base: mergeBase, head: headID, baseName: base, headName: headName)
        }
        let candidates = ["@{upstream}"] + DefaultBranch.candidates(remote: "origin") + ["main", "master"]
        var remaining = candidates[...]
        // A candidate whose merge base is the head itself has nothing to compare; try the next.
        while let found = DefaultBranch.mergeBase(in: repository, candidates: Array(remaining), head: headID) {
            if found.base != headID {
                return RevisionRange(base: found.base, head: headID, baseName: found.name, headName: headName)
            }
            remaining = remaining.drop { $0 != found.name }.dropFirst()
        }
        if let parent = try repository.parents(of: headID).first {
            return RevisionRange(base: parent, head: headID, baseName: "\(headName)~1", headName: headName)
        }
        return RevisionRange(base: nil, head: headID, baseName: "(empty tree)", headName: headName)
    }
}
