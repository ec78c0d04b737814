import DeadboltGit
import Foundation

/// Where the provider runs: the work tree when it holds the head's prompts as committed, else
/// the head's files written to a temporary folder.
public struct ProviderDirectory {
    public var path: String
    /// Said when the run does not happen in the work tree.
    public var note: String?
    private var temporary: String?

    /// Chooses the folder for `head`, given the prompt files the run depends on and their blob ids.
    public static func prepare(workspace: Workspace, head: ObjectID, prompts: [(String, String)]) throws
        -> ProviderDirectory
    {
        let repository = workspace.repository
        if let root = repository.workTree, let current = try? repository.resolve("HEAD"), current == head {
            let dirty = prompts.first { path, id in
                guard let data = FileManager.default.contents(atPath: root + "/" + path) else { return true }
                return ObjectID.blob(hashing: Array(data)).hex != id
            }
            guard let (changed, _) = dirty else { return ProviderDirectory(path: root) }
            return try materialized(repository, head, because: "\(changed) has uncommitted changes")
        }
        return try materialized(repository, head, because: "the head \(head.short) is not the checked-out commit")
    }

    public static func materialized(_ repository: Repository, _ head: ObjectID, because reason: String) throws
        -> ProviderDirectory
    {
        let folder =
            FileManager.default.temporaryDirectory.path + "/deadbolt-\(head.short)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try repository.materialize(head, into: folder)
        return ProviderDirectory(
            path: folder, note: "\(reason), so the provider ran in a copy of \(head.short)'s files", temporary: folder)
    }

    /// This folder moved from `previous`'s files to `commit`'s, writing only what differs.
    public func move(_ repository: Repository, from previous: ObjectID, to commit: ObjectID) throws {
        try repository.materialize(commit, into: path, over: previous)
    }

    public func cleanUp() {
        if let temporary { try? FileManager.default.removeItem(atPath: temporary) }
    }
}
