import DeadboltCore

extension Workspace {
    /// Where the result cache lives: `cache.dir` under the work tree, else `deadbolt/cache` in
    /// the repository's common git directory, which every linked worktree shares; nil for
    /// `cache: off`.
    public func resultCacheFolder(_ config: Config) -> String? {
        guard config.cache.enabled else { return nil }
        if let folder = config.cache.folder, let root = repository.workTree {
            return (root.hasSuffix("/") ? root : root + "/") + folder
        }
        let base = repository.commonDirectory
        return (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/deadbolt/cache"
    }
}
