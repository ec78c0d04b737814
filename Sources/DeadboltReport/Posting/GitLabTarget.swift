import DeadboltCore
import Foundation

/// Where and as whom `--post gitlab` posts, read from what GitLab CI sets.
public struct GitLabTarget: Sendable, Equatable {
    /// `CI_API_V4_URL`: `https://gitlab.example.com/api/v4`.
    public var apiURL: String?
    /// `CI_PROJECT_ID`: a number, or a `group/project` path.
    public var project: String?
    /// `GITLAB_TOKEN`: a project or personal access token with the `api` scope.
    public var token: String?
    /// `CI_MERGE_REQUEST_IID`, in a merge-request pipeline.
    public var mergeRequest: Int?
    /// The job (`CI_JOB_URL`), else the pipeline (`CI_PIPELINE_URL`), for the status's link.
    public var runURL: String?
    /// `CI_COMMIT_REF_NAME`: the branch the status belongs to.
    public var ref: String?
    /// `CI_COMMIT_SHA`, for a verdict that names no head.
    public var sha: String?

    public static func from(environment: [String: String]) -> GitLabTarget {
        let nonEmpty: (String) -> String? = { environment[$0].flatMap { $0.isEmpty ? nil : $0 } }
        return GitLabTarget(
            apiURL: nonEmpty("CI_API_V4_URL").map(GitHubTarget.trimmed), project: nonEmpty("CI_PROJECT_ID"),
            token: nonEmpty("GITLAB_TOKEN"),
            mergeRequest: nonEmpty("CI_MERGE_REQUEST_IID").flatMap { Int($0) },
            runURL: nonEmpty("CI_JOB_URL") ?? nonEmpty("CI_PIPELINE_URL"), ref: nonEmpty("CI_COMMIT_REF_NAME"),
            sha: nonEmpty("CI_COMMIT_SHA"))
    }

    /// The project as a path segment: `group%2Fproject` for a path.
    var projectSegment: String? {
        project.map {
            $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~")))
                ?? $0
        }
    }
}
