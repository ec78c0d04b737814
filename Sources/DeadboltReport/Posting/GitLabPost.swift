import DeadboltCore
import DeadboltHTTP
import Foundation

/// `--post gitlab`: a commit status on the head and one merge-request note kept up to date.
public struct GitLabPost {
    public var target: GitLabTarget
    public var settings: PostSettings
    /// For the proxy variables.
    public var environment: [String: String]
    public var log: @Sendable (String) -> Void
    public var say: (String) -> Void

    public init(
        target: GitLabTarget, settings: PostSettings, environment: [String: String],
        log: @escaping @Sendable (String) -> Void, say: @escaping (String) -> Void
    ) {
        self.target = target
        self.settings = settings
        self.environment = environment
        self.log = log
        self.say = say
    }

    static let permissionHint = "GITLAB_TOKEN needs the `api` scope and at least the Developer role on the project"

    public func post(_ verdict: Verdict) async throws(PostError) {
        guard let (apiURL, project, token, sha) = try ready(sha: verdict.head) else { return }
        try await APIClient.with(apiURL: apiURL, settings: settings, secret: token, environment: environment, log: log)
        { client throws(PostError) in
            try await postStatus(
                StatusSummary(verdict), sha: sha, apiURL: apiURL, project: project, token: token, client: client)
            if let iid = target.mergeRequest {
                try await upsertNote(
                    ReportComment.body(verdict, runURL: target.runURL), verdict: verdict, iid: iid,
                    apiURL: apiURL, project: project, token: token, client: client)
            }
        }
    }

    /// Posts only a failed status saying what stopped deadbolt, so a required check does not wait.
    public func postError(_ message: String, gate: String, sha: String?) async throws(PostError) {
        guard let token = target.token, let apiURL = target.apiURL, let project = target.projectSegment,
            let sha = sha ?? target.sha
        else { return }
        try await APIClient.with(apiURL: apiURL, settings: settings, secret: token, environment: environment, log: log)
        { client throws(PostError) in
            try await postStatus(
                StatusSummary(state: .error, description: "deadbolt could not run: \(message)", gate: gate),
                sha: sha, apiURL: apiURL, project: project, token: token, client: client)
        }
    }

    /// The API, project, token and commit, or nil after saying why nothing is posted.
    func ready(sha: String?) throws(PostError) -> (String, String, String, String)? {
        guard let token = target.token else {
            say(
                "GITLAB_TOKEN is not set (a merge request from a fork gets no protected variables): "
                    + "no status or note posted; the job's own result is the verdict"
            )
            return nil
        }
        guard let apiURL = target.apiURL else {
            throw PostError("CI_API_V4_URL is not set", hint: "run in GitLab CI, or set it to https://HOST/api/v4")
        }
        guard let project = target.projectSegment else {
            throw PostError("CI_PROJECT_ID is not set", hint: "run in GitLab CI, or set it to the project's id")
        }
        guard let sha = sha ?? target.sha else {
            throw PostError("no commit to post the status on", hint: "pass --head or set CI_COMMIT_SHA")
        }
        return (apiURL, project, token, sha)
    }

    func headers(_ token: String) -> [(String, String)] {
        [
            ("PRIVATE-TOKEN", token), ("User-Agent", "deadbolt"), ("Accept", "application/json"),
            ("Content-Type", "application/json"),
        ]
    }

    func postStatus(
        _ summary: StatusSummary, sha: String, apiURL: String, project: String, token: String, client: APIClient
    ) async throws(PostError) {
        var body: [String: JSONValue] = [
            "state": .string(summary.state == .success ? "success" : "failed"), "name": .string(summary.context),
            "description": .string(summary.description),
        ]
        if let url = target.runURL { body["target_url"] = .string(url) }
        if let ref = target.ref { body["ref"] = .string(ref) }
        let request = APIRequest(
            method: "POST", url: "\(apiURL)/projects/\(project)/statuses/\(sha)", headers: headers(token),
            body: JSONValueBody(JSONValue.object(body).compactText()))
        let response = try await client.send(request)
        guard ForgeAnswer.ok(response) else {
            throw ForgeAnswer.error(
                response, request: request, forge: "GitLab", doing: "posting the commit status",
                tokenName: "GITLAB_TOKEN",
                permissionHint: Self.permissionHint, client: client, attempts: settings.attempts)
        }
        let state = body["state"]?.stringValue ?? ""
        say("posted \(state) to \(summary.context) on \(sha.prefix(7)): \(summary.description)")
    }

    /// Updates the note carrying the marker, or adds one; a run that selected nothing adds none.
    func upsertNote(
        _ text: String, verdict: Verdict, iid: Int, apiURL: String, project: String, token: String, client: APIClient
    ) async throws(PostError) {
        let notes = "\(apiURL)/projects/\(project)/merge_requests/\(iid)/notes"
        let thread = ReportThread(
            forge: "GitLab", noun: "note", place: "merge request !\(iid)", tokenName: "GITLAB_TOKEN",
            permissionHint: Self.permissionHint,
            headers: headers(token), firstPage: "\(notes)?per_page=100&page=1",
            nextPage: { $0.header("X-Next-Page").flatMap { $0.isEmpty ? nil : "\(notes)?per_page=100&page=\($0)" } },
            edit: { ("PUT", "\(notes)/\($0)") }, add: ("POST", notes))
        try await thread.upsert(text, verdict: verdict, client: client, attempts: settings.attempts, say: say)
    }
}
