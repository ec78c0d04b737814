import DeadboltCore
import DeadboltGit

/// The prompt versions production names, found in the repository: a blob id (or its first digits),
/// a git tag (`refund-v4`, the file `coverage.prompts` maps `refund` to, at that tag), or
/// `NAME@BLOB`. `deadbolt prompt-version` prints the id that joins exactly.
public struct PromptVersions {
    let workspace: Workspace
    let config: CoverageConfig

    /// The most distinct names looked up; past it, versions count but are not matched to files.
    static let lookupLimit = 10_000

    public init(workspace: Workspace, config: CoverageConfig) {
        self.workspace = workspace
        self.config = config
    }

    /// What each of `names` is, for those found.
    public func resolve(_ names: Set<String>, blobs known: [String: String]) throws -> [String: PromptRevision] {
        var found: [String: PromptRevision] = [:]
        for name in names.sorted().prefix(Self.lookupLimit)
        where name != CoverageTally.noVersion && name != CoverageTally.otherVersion {
            if let revision = try resolve(name, known: known) { found[name] = revision }
        }
        return found
    }

    func resolve(_ name: String, known: [String: String]) throws -> PromptRevision? {
        let lowered = name.lowercased()
        if let revision = byBlob(lowered, path: nil, known: known) { return revision }
        if let at = name.firstIndex(of: "@"), let path = config.prompts[String(name[..<at])] {
            let blob = String(lowered[lowered.index(after: at)...])
            if let revision = byBlob(blob, path: path, known: known) { return revision }
            return try byRevision(blob, path: path)
        }
        guard !name.hasPrefix("-"), !name.contains(".."), workspace.repository.exists("refs/tags/" + name) else {
            return nil
        }
        for path in paths(for: name) {
            if let revision = try byRevision("refs/tags/" + name, path: path) { return revision }
        }
        return nil
    }

    /// The files a tag's name may version: those whose prompt name starts it, else the only one mapped.
    func paths(for tag: String) -> [String] {
        let named = config.prompts.filter { prefix, _ in
            tag == prefix || ["-", "_", "/", ":", "@", "."].contains { tag.hasPrefix(prefix + $0) }
        }.sorted { $0.key.count > $1.key.count }.map(\.value)
        if !named.isEmpty { return named }
        return config.prompts.count == 1 ? Array(config.prompts.values) : []
    }

    /// A blob id, or 7 or more of its first digits, among those the records name (of `path` when given).
    func byBlob(_ text: String, path: String?, known: [String: String]) -> PromptRevision? {
        guard text.count >= 7, text.count <= 64, ObjectID.looksLikeID(text) else { return nil }
        if let whole = known[text], path == nil || path == whole { return PromptRevision(path: whole, blob: text) }
        guard text.count < 40 else { return nil }
        let matches = known.filter { $0.key.hasPrefix(text) && (path == nil || $0.value == path) }
        guard matches.count == 1, let match = matches.first else { return nil }
        return PromptRevision(path: match.value, blob: match.key)
    }

    /// `path`'s blob at `revision`, when both exist.
    func byRevision(_ revision: String, path: String) throws -> PromptRevision? {
        guard let commit = try? workspace.repository.resolve(revision) else { return nil }
        guard let blob = try workspace.tree(commit).blobID(path) else { return nil }
        return PromptRevision(path: path, blob: blob.hex)
    }

    /// The id an application puts on its traces for `path`: its blob id in the work tree, or at `revision`.
    public func id(of path: String, revision: String?) throws -> (blob: String, revision: String) {
        guard let normalized = RepoPath.normalize(path) else {
            throw InputError(
                file: path, "is not a file inside the repository", hint: "pass a path such as prompts/refund.md")
        }
        if let revision {
            let commit = try workspace.repository.resolve(revision)
            guard let blob = try workspace.tree(commit).blobID(normalized) else {
                throw InputError(
                    file: normalized, "does not exist at \(revision)", hint: "name a prompt file that \(revision) has")
            }
            return (blob.hex, commit.hex)
        }
        let tree = try workspace.workTreeFiles()
        guard let bytes = try tree.regularFile(normalized) else {
            throw InputError(
                file: normalized, "does not exist in the work tree",
                hint: "name a prompt file, such as prompts/refund.md")
        }
        return (ObjectID.blob(hashing: bytes).hex, "work tree")
    }
}
