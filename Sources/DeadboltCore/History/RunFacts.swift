/// What every record of one run shares: when, which gate, the provider, and where it ran.
public struct RunFacts: Sendable, Equatable {
    public var runID: String
    public var recordedAtMs: Int64
    public var gate: String
    /// The provider's identity as compact JSON.
    public var provider: String
    public var commit: String?
    public var branch: String?
    public var base: String?
    public var author: String?
    public var commitTime: Int64?
    public var dirty: Bool
    public var ciSystem: String?
    public var ciRunURL: String?
    public var pullRequest: String?

    public init(runID: String, recordedAtMs: Int64, gate: String, provider: String) {
        self.runID = runID
        self.recordedAtMs = recordedAtMs
        self.gate = gate
        self.provider = provider
        self.dirty = false
    }
}

/// Where a CI run can be seen, and the pull request it is for, from the variables CI sets.
public enum CIRunLinks {
    /// `(system, run URL, pull request)`; all nil outside CI.
    public static func of(_ environment: [String: String]) -> (system: String?, runURL: String?, pullRequest: String?) {
        if environment["GITHUB_ACTIONS"] == "true" {
            var url: String?
            if let server = environment["GITHUB_SERVER_URL"], let repository = environment["GITHUB_REPOSITORY"],
                let run = environment["GITHUB_RUN_ID"]
            {
                url = "\(server)/\(repository)/actions/runs/\(run)"
            }
            var pull: String?
            // refs/pull/12/merge in a pull_request workflow.
            if let ref = environment["GITHUB_REF"], ref.hasPrefix("refs/pull/") {
                pull = ref.dropFirst("refs/pull/".count).split(separator: "/").first.map(String.init)
            }
            return ("github", url, pull)
        }
        if environment["GITLAB_CI"] == "true" {
            let url = environment["CI_JOB_URL"] ?? environment["CI_PIPELINE_URL"]
            let pull = environment["CI_MERGE_REQUEST_IID"].flatMap { $0.isEmpty ? nil : $0 }
            return ("gitlab", url, pull)
        }
        if environment["CI"] == "true" { return ("ci", nil, nil) }
        return (nil, nil, nil)
    }

    /// The branch CI is building, where the checkout is a detached HEAD.
    public static func branch(_ environment: [String: String]) -> String? {
        for name in ["GITHUB_HEAD_REF", "GITHUB_REF_NAME", "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "CI_COMMIT_BRANCH"] {
            if let value = environment[name], !value.isEmpty { return value }
        }
        return nil
    }
}
