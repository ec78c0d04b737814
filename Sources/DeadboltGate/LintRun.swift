import DeadboltCore
import DeadboltGit

/// `deadbolt lint`: the work tree's configuration and datasets, and append-mostly against a base.
public struct LintRun {
    public let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }

    /// Every finding at once; `base` nil means the default base, when there is one.
    public func findings(base: String?, environment: [String: String] = [:]) throws -> [LintFinding] {
        let tree = try workspace.workTreeFiles()
        var findings = Linter(tree: tree).lint()
        guard let config = try? ConfigParser.load(from: tree) else { return findings }
        findings += ProviderStartCheck.findings(
            config.provider, root: try workspace.workTree(for: "deadbolt lint"), environment: environment)
        guard !workspace.repository.isEmpty else { return findings }
        let range =
            base != nil ? try workspace.range(base: base, head: nil) : try? workspace.range(base: nil, head: nil)
        guard let baseID = range?.base else { return findings }
        let baseTree = workspace.tree(baseID)
        let names = ((try? baseTree.folders(in: config.datasets)) ?? nil) ?? []
        for violation in AppendOnlyCheck.violations(datasets: names, config: config, base: baseTree, head: tree) {
            findings.append(LintFinding(.error, "append-only", violation))
        }
        return findings
    }
}
