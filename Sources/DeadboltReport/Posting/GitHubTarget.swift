import DeadboltCore

/// Where and as whom `--post github` posts, read from what GitHub Actions sets.
public struct GitHubTarget: Sendable, Equatable {
    /// `GITHUB_API_URL`: api.github.com, or `https://HOST/api/v3` on GitHub Enterprise Server.
    public var apiURL: String
    /// `GITHUB_REPOSITORY`: `owner/name`.
    public var repository: String?
    public var token: String?
    /// The Actions run, for the status's link: `GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID`.
    public var runURL: String?
    /// `GITHUB_STEP_SUMMARY`: the file the job's summary is read from.
    public var stepSummary: String?
    /// Inside a GitHub Actions job, where workflow commands mean something.
    public var inActions: Bool
    /// The pull request's number, from the event or from `refs/pull/N/merge`.
    public var pullRequest: Int?
    /// A pull request from a fork, whose token cannot write to the base repository.
    public var fromFork: Bool
    /// `GITHUB_SHA`, for a verdict that names no head.
    public var sha: String?

    public static func from(environment: [String: String], event: JSONValue?) -> GitHubTarget {
        let nonEmpty: (String) -> String? = { environment[$0].flatMap { $0.isEmpty ? nil : $0 } }
        let repository = nonEmpty("GITHUB_REPOSITORY")
        let server = nonEmpty("GITHUB_SERVER_URL") ?? "https://github.com"
        var runURL: String?
        if let repository, let run = nonEmpty("GITHUB_RUN_ID") {
            runURL = "\(trimmed(server))/\(repository)/actions/runs/\(run)"
        }
        let pullRequestEvent = event?["pull_request"]
        var number = pullRequestEvent?["number"]?.numberValue.flatMap {
            BoundedNumber.whole($0, in: 1...Int(Int32.max))
        }
        if number == nil, let ref = nonEmpty("GITHUB_REF"), ref.hasPrefix("refs/pull/") {
            number = Int(ref.dropFirst("refs/pull/".count).prefix { $0 != "/" })
        }
        let headRepository = pullRequestEvent?["head"]?["repo"]?["full_name"]?.stringValue
        let baseRepository = pullRequestEvent?["base"]?["repo"]?["full_name"]?.stringValue
        let fork = headRepository != nil && baseRepository != nil && headRepository != baseRepository
        return GitHubTarget(
            apiURL: trimmed(nonEmpty("GITHUB_API_URL") ?? "https://api.github.com"), repository: repository,
            token: nonEmpty("GITHUB_TOKEN"), runURL: runURL, stepSummary: nonEmpty("GITHUB_STEP_SUMMARY"),
            inActions: environment["GITHUB_ACTIONS"] == "true", pullRequest: number, fromFork: fork,
            sha: nonEmpty("GITHUB_SHA"))
    }

    static func trimmed(_ url: String) -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}
