import DeadboltCore
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
        try await APIClient.with(apiURL: apiURL, settings: settings, secret: token, environment: environment, log: log) { client throws(PostError) in
            try await postStatus(StatusSummary(verdict), sha: sha, apiURL: apiURL, project: project, token: token, client: client)
            if let iid = target.mergeRequest {
                try await upsertNote(ReportComment.body(verdict, runURL: target.runURL), verdict: verdict, iid: iid,
                                     apiURL: apiURL, project: project, token: token, client: client)
            }
        }
    }

    /// Posts only a failed status saying what stopped deadbolt, so a required check does not wait.
    public func postError(_ message: String, gate: String, sha: String?) async throws(PostError) {
        guard let token = target.token, let apiURL = target.apiURL, let project = target.projectSegment, let sha = sha ?? target.sha else { return }
        try await APIClient.with(apiURL: apiURL, settings: settings, secret: token, environment: environment, log: log) { client throws(PostError) in
            try await postStatus(StatusSummary(state: .error, description: "deadbolt could not run: \(message)", gate: gate),
                                 sha: sha, apiURL: apiURL, project: project, token: token, client: client)
        }
    }

    /// The API, project, token and commit, or nil after saying why nothing is posted.
    func ready(sha: String?) throws(PostError) -> (String, String, String, String)? {
        guard let token = target.token else {
            say("GITLAB_TOKEN is not set (a merge request from a fork gets no protected variables): no status or note posted; the job's own result is the verdict")
            return nil
        }
        guard let apiURL = target.apiURL else { throw PostError("CI_API_V4_URL is not set", hint: "run in GitLab CI, or set it to https://HOST/api/v4") }
        guard let project = target.projectSegment else { throw PostError("CI_PROJECT_ID is not set", hint: "run in GitLab CI, or set it to the project's id") }
        guard let sha = sha ?? target.sha else { throw PostError("no commit to post the status on", hint: "pass --head or set CI_COMMIT_SHA") }
        return (apiURL, project, token, sha)
    }

    func headers(_ token: String) -> [(String, String)] {
        [("PRIVATE-TOKEN", token), ("User-Agent", "deadbolt"), ("Accept", "application/json"), ("Content-Type", "application/json")]
    }

    func postStatus(_ summary: StatusSummary, sha: String, apiURL: String, project: String, token: String, client: APIClient) async throws(PostError) {
        var body: [String: JSONValue] = [
            "state": .string(summary.state == .success ? "success" : "failed"), "name": .string(summary.context),
            "description": .string(summary.description),
        ]
        if let url = target.runURL { body["target_url"] = .string(url) }
        if let ref = target.ref { body["ref"] = .string(ref) }
        let request = APIRequest(method: "POST", url: "\(apiURL)/projects/\(project)/statuses/\(sha)", headers: headers(token),
                                 body: JSONValueBody(JSONValue.object(body).compactText()))
        let response = try await client.send(request)
        guard ForgeAnswer.ok(response) else {
            throw ForgeAnswer.error(response, request: request, forge: "GitLab", doing: "posting the commit status", tokenName: "GITLAB_TOKEN",
                                    permissionHint: Self.permissionHint, client: client, attempts: settings.attempts)
        }
        say("posted \(body["state"]?.stringValue ?? "") to \(summary.context) on \(sha.prefix(7)): \(summary.description)")
    }

    /// Updates the note carrying the marker, or adds one; a run that selected nothing adds none.
    func upsertNote(_ text: String, verdict: Verdict, iid: Int, apiURL: String, project: String, token: String, client: APIClient) async throws(PostError) {
        let notes = "\(apiURL)/projects/\(project)/merge_requests/\(iid)/notes"
        var page: String? = "1"
        var existing: Int?
        var pages = 0
        while let current = page, existing == nil, pages < 50 {
            let request = APIRequest(method: "GET", url: "\(notes)?per_page=100&page=\(current)", headers: headers(token))
            let response = try await client.send(request)
            guard ForgeAnswer.ok(response) else {
                throw ForgeAnswer.error(response, request: request, forge: "GitLab", doing: "looking for deadbolt's note", tokenName: "GITLAB_TOKEN",
                                        permissionHint: Self.permissionHint, client: client, attempts: settings.attempts)
            }
            let items = (try? JSONValue.parse(response.body))?.arrayValue ?? []
            existing = items.first { ReportComment.isOurs($0["body"]?.stringValue ?? "", gate: verdict.gate) }?["id"]?.numberValue.map { Int($0) }
            page = response.header("X-Next-Page").flatMap { $0.isEmpty ? nil : $0 }
            pages += 1
        }
        let body = JSONValueBody(JSONValue.object(["body": .string(text)]).compactText())
        let request: APIRequest
        if let existing {
            request = APIRequest(method: "PUT", url: "\(notes)/\(existing)", headers: headers(token), body: body)
        } else {
            if verdict.results.isEmpty, verdict.outcome == .pass {
                say("nothing ran, so no merge-request note was added")
                return
            }
            request = APIRequest(method: "POST", url: notes, headers: headers(token), body: body)
        }
        let response = try await client.send(request)
        guard ForgeAnswer.ok(response) else {
            throw ForgeAnswer.error(response, request: request, forge: "GitLab", doing: existing == nil ? "adding deadbolt's note" : "updating deadbolt's note",
                                    tokenName: "GITLAB_TOKEN", permissionHint: Self.permissionHint, client: client, attempts: settings.attempts)
        }
        say("\(existing == nil ? "added" : "updated") the report note on merge request !\(iid)")
    }
}
