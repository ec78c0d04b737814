/// `deadbolt.yml`: what is a prompt, where datasets live, how to run the provider, the gates.
///
/// Every key but `version` has a default, so a repository without the file works.
public struct Config: Sendable {
    /// The file name at the repository root.
    public static let fileName = "deadbolt.yml"

    public var version: Int = 1
    public var prompts: [Glob] = [Glob("prompts/**")]
    public var guardrails: [Glob] = [Glob("guardrails/**")]
    /// The folder whose subfolders holding a `dataset.yml` are datasets.
    public var datasets: String = "evals/regression"
    /// Regular expressions whose group 1 is the path of an included file.
    public var includes: [String] = [#"\{\{>\s*([^}\s]+)\s*\}\}"#]
    public var runAllOn: [Glob] = [Glob("deadbolt.yml")]
    public var provider = ProviderConfig()
    public var bugLinks = BugLinkConfig()
    public var locks = LockConfig()
    public var commitMessage = CommitMessageConfig()
    public var gates: [Gate] = Gate.defaults
    public var cache = CacheConfig()
    public var history = HistoryConfig()
    public var tiers = TierPolicy()
    public var coverage = CoverageConfig()
    /// Where the configuration came from: the file, or nil for the built-in defaults.
    public var source: String?
    /// The line of `provider.command` in the file, for messages about the provider.
    public var providerLine: Int?

    public init() {}

    /// The gate named `name`, or an error listing the gates there are.
    public func gate(named name: String) throws(InputError) -> Gate {
        if let gate = gates.first(where: { $0.name == name }) { return gate }
        let names = gates.map(\.name)
        let hint =
            EditDistance.didYouMean(name, in: names)
            ?? "gates are \(names.joined(separator: ", ")); define more under `gates:` in deadbolt.yml"
        throw InputError(file: source, "unknown gate `\(name)`", hint: hint)
    }
}

/// `bug_links:`: how commit messages name bugs.
public struct BugLinkConfig: Sendable, Equatable {
    public var trailers: [String] = ["Bug", "Fixes", "Closes", "Resolves", "Issue"]
    public var githubKeywords = true
    public var patterns: [String] = []
    public init() {}
}

/// `locks:`: what a fix without a lock does to the verdict.
public struct LockConfig: Sendable, Equatable {
    public enum Missing: String, Sendable { case warn, fail }
    public var missing: Missing = .warn
    public var waiver = "No-Lock"
    public init() {}
}

/// `commit_msg:`: when the commit-msg hook asks for a bug link.
public struct CommitMessageConfig: Sendable, Equatable {
    public enum Requirement: String, Sendable {
        case never
        case promptChanges = "prompt-changes"
        case always
    }
    public var requireBugLink: Requirement = .promptChanges
    public var waiver = "No-Bug"
    public init() {}
}
