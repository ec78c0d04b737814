/// The prompt files a repository already has, found by the conventions teams use, for `deadbolt
/// init`: files in a folder named `prompts` (or `prompt`, `templates/prompts`), and files whose
/// names say they are prompts wherever they are (`.prompt`, `.prompty`, `.jinja`, `.jinja2`,
/// `.j2`, `*.prompt.md`, `*.prompt.txt`).
public struct PromptDiscovery: Sendable, Equatable {
    /// The `prompts:` globs that cover what was found, in the order found.
    public var globs: [String]
    /// The prompt files, sorted.
    public var files: [String]
    /// The first dataset's owner: the shallowest prompt file (a prompt before its partials).
    public var owner: String? {
        files.min { ($0.split(separator: "/").count, $0) < ($1.split(separator: "/").count, $1) }
    }
    /// promptfoo configurations found, which a dataset may read once promptfoo suites are supported.
    public var promptfooConfigs: [String]

    /// Folders that hold other people's files, never a team's prompts.
    static let skipped: Set<Substring> = [
        ".git", "node_modules", "vendor", ".venv", "venv", "env", "site-packages", "__pycache__", "dist", "build",
        ".build", "target", ".tox", ".mypy_cache", ".next", "coverage",
    ]
    static let folderNames: Set<Substring> = ["prompts", "prompt"]
    static let extensions = [".prompt", ".prompty", ".jinja", ".jinja2", ".j2", ".prompt.md", ".prompt.txt"]
    /// What a prompt folder's prompts are written in; anything else there (code, images) is not one.
    static let textExtensions = [".md", ".txt", ".prompt", ".prompty", ".jinja", ".jinja2", ".j2", ".mustache", ".hbs"]

    /// What `paths` (a repository's files, from its root) hold.
    public static func find(_ paths: [String]) -> PromptDiscovery {
        var globs: [String] = []
        var files: [String] = []
        var configs: [String] = []
        for path in paths.sorted() {
            let parts = path.split(separator: "/")
            guard let name = parts.last, !parts.dropLast().contains(where: { skipped.contains($0) }) else { continue }
            let lowered = name.lowercased()
            if lowered.hasPrefix("promptfooconfig.") && [".yaml", ".yml", ".json"].contains(where: lowered.hasSuffix) {
                configs.append(path)
                continue
            }
            if let folder = parts.dropLast().lastIndex(where: { folderNames.contains(Substring($0.lowercased())) }),
                textExtensions.contains(where: { lowered.hasSuffix($0) })
            {
                let glob = parts[...folder].joined(separator: "/") + "/**"
                if !globs.contains(glob) { globs.append(glob) }
                files.append(path)
                continue
            }
            if let ext = extensions.first(where: { lowered.hasSuffix($0) }) {
                let glob = "**/*" + ext
                if !globs.contains(glob) { globs.append(glob) }
                files.append(path)
            }
        }
        return PromptDiscovery(globs: globs, files: files, promptfooConfigs: configs)
    }
}
