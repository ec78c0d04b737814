import DeadboltCore
import DeadboltHTTP
import Foundation

/// `--post github`: workflow-command annotations, the step summary, a commit status on the head,
/// and one pull-request comment kept up to date.
public struct GitHubPost {
    public var target: GitHubTarget
    public var settings: PostSettings
    /// For the proxy variables.
    public var environment: [String: String]
    /// Each request's line and answer, for DEADBOLT_TRACE; never a header.
    public var log: @Sendable (String) -> Void
    /// What a person should know (posted, skipped and why), for stderr.
    public var say: (String) -> Void
    /// Workflow commands, for the stream the runner reads them from.
    public var emit: (String) -> Void

    public init(
        target: GitHubTarget, settings: PostSettings, environment: [String: String],
        log: @escaping @Sendable (String) -> Void,
        say: @escaping (String) -> Void, emit: @escaping (String) -> Void
    ) {
        self.target = target
        self.settings = settings
        self.environment = environment
        self.log = log
        self.say = say
        self.emit = emit
    }

    static let permissionHint =
        "give the job `permissions: statuses: write` and `pull-requests: write` (and `contents: read`)"

    /// Posts `verdict`. Without a token, or with a fork's read-only one, it says so and posts
    /// nothing; a refusal or an unreachable API is a `PostError`.
    public func post(_ verdict: Verdict, ownerPaths: [String: [String]]) async throws(PostError) {
        if target.inActions {
            for annotation in WorkflowCommands.annotations(verdict, ownerPaths: ownerPaths) { emit(annotation.command) }
        }
        if let path = target.stepSummary {
            try appendSummary(MarkdownReport.render(verdict) + "\n", to: path)
        }
        guard let token = target.token else {
            say(
                "GITHUB_TOKEN is not set (a pull request from a fork gets none): "
                    + "no status or comment posted; the job's own result is the verdict"
            )
            return
        }
        guard let repository = target.repository, repository.contains("/") else {
            throw PostError(
                "GITHUB_REPOSITORY is \(target.repository.map { "'\($0)'" } ?? "not set")",
                hint: "set it to OWNER/NAME, as GitHub Actions does")
        }
        guard let sha = verdict.head ?? target.sha else {
            throw PostError("no commit to post the status on", hint: "pass --head or set GITHUB_SHA")
        }
        try await APIClient.with(
            apiURL: target.apiURL, settings: settings, secret: token, environment: environment, log: log
        ) { client throws(PostError) in
            if try await postStatus(
                StatusSummary(verdict), sha: sha, repository: repository, token: token, client: client) == false
            {
                return
            }
            if let number = target.pullRequest {
                try await upsertComment(
                    ReportComment.body(verdict, runURL: target.runURL), verdict: verdict, number: number,
                    repository: repository, token: token, client: client)
            }
        }
    }

    /// Posts only a status: `error` with what stopped deadbolt, so a required check does not wait.
    public func postError(_ message: String, gate: String, sha: String?) async throws(PostError) {
        guard let token = target.token, let repository = target.repository, let sha = sha ?? target.sha else { return }
        _ = try await APIClient.with(
            apiURL: target.apiURL, settings: settings, secret: token, environment: environment, log: log
        ) { client throws(PostError) in
            try await postStatus(
                StatusSummary(state: .error, description: "deadbolt could not run: \(message)", gate: gate),
                sha: sha, repository: repository, token: token, client: client)
        }
    }

    func headers(_ token: String) -> [(String, String)] {
        [
            ("Accept", "application/vnd.github+json"), ("Authorization", "Bearer \(token)"),
            ("X-GitHub-Api-Version", "2022-11-28"), ("User-Agent", "deadbolt"), ("Content-Type", "application/json"),
        ]
    }

    /// False when a fork's read-only token was refused: said, and nothing more to post.
    func postStatus(_ summary: StatusSummary, sha: String, repository: String, token: String, client: APIClient)
        async throws(PostError) -> Bool
    {
        var body: [String: JSONValue] = [
            "state": .string(summary.state.rawValue), "context": .string(summary.context),
            "description": .string(summary.description),
        ]
        if let url = target.runURL { body["target_url"] = .string(url) }
        let request = APIRequest(
            method: "POST", url: "\(target.apiURL)/repos/\(repository)/statuses/\(sha)", headers: headers(token),
            body: JSONValueBody(JSONValue.object(body).compactText()))
        let response = try await client.send(request)
        if ForgeAnswer.ok(response) {
            say("posted \(summary.state.rawValue) to \(summary.context) on \(sha.prefix(7)): \(summary.description)")
            return true
        }
        if response.status == 403, target.fromFork {
            say(
                "GitHub refused the status (403): a pull request from a fork has a read-only token, "
                    + "so nothing was posted; the job's own result is the verdict"
            )
            return false
        }
        throw ForgeAnswer.error(
            response, request: request, forge: "GitHub", doing: "posting the commit status",
            tokenName: "GITHUB_TOKEN", permissionHint: Self.permissionHint, client: client, attempts: settings.attempts)
    }

    /// Updates the comment carrying the marker, or adds one; a run that selected nothing adds none.
    func upsertComment(
        _ text: String, verdict: Verdict, number: Int, repository: String, token: String, client: APIClient
    ) async throws(PostError) {
        let base = "\(target.apiURL)/repos/\(repository)/issues"
        let thread = ReportThread(
            forge: "GitHub", noun: "comment", place: "pull request #\(number)", tokenName: "GITHUB_TOKEN",
            permissionHint: Self.permissionHint,
            headers: headers(token), firstPage: "\(base)/\(number)/comments?per_page=100",
            nextPage: { LinkHeader.next($0.header("Link")) },
            edit: { ("PATCH", "\(base)/comments/\($0)") }, add: ("POST", "\(base)/\(number)/comments"))
        try await thread.upsert(text, verdict: verdict, client: client, attempts: settings.attempts, say: say)
    }

    func appendSummary(_ text: String, to path: String) throws(PostError) {
        guard
            let handle = FileHandle(forWritingAtPath: path)
                ?? (FileManager.default.createFile(atPath: path, contents: nil)
                    ? FileHandle(forWritingAtPath: path) : nil)
        else {
            throw PostError(
                "cannot write the step summary to \(path) (GITHUB_STEP_SUMMARY)",
                hint: "check that the file's folder exists and is writable")
        }
        defer { try? handle.close() }
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            throw PostError("cannot append the step summary to \(path): \(error.localizedDescription)")
        }
    }
}
