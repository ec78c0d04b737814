/// What a CI system says about the run: the commits to compare and the gate that fits.
///
/// Read from the variables GitHub Actions and GitLab CI already set, so a workflow needs no flags.
public struct CIContext: Sendable, Equatable {
    public var system: String
    /// The revision to compare from; nil to let deadbolt choose (a new branch, a schedule).
    public var base: String?
    public var head: String?
    /// `pull-request` in a pull request or a push, `nightly` on a schedule.
    public var gate: String

    public init(system: String, base: String?, head: String?, gate: String) {
        self.system = system
        self.base = base
        self.head = head
        self.gate = gate
    }

    /// The context of `environment`, reading GitHub's event payload through `readEvent`; nil
    /// outside CI.
    public static func detect(
        environment: [String: String], readEvent: (String) -> [UInt8]?
    ) throws(InputError) -> CIContext? {
        if environment["GITHUB_ACTIONS"] == "true" { return try github(environment, readEvent) }
        if environment["GITLAB_CI"] == "true" { return gitlab(environment) }
        return nil
    }

    static func github(_ environment: [String: String], _ readEvent: (String) -> [UInt8]?) throws(InputError)
        -> CIContext
    {
        let name = environment["GITHUB_EVENT_NAME"] ?? ""
        var event: JSONValue = .object([:])
        if let path = environment["GITHUB_EVENT_PATH"], let bytes = readEvent(path) {
            do { event = try JSONValue.parse(bytes) } catch {
                throw InputError(
                    file: path, line: error.line, column: error.column,
                    "GITHUB_EVENT_PATH is not valid JSON: \(error.message)")
            }
        }
        let sha = environment["GITHUB_SHA"]
        switch name {
        case "pull_request", "pull_request_target":
            // The head of the branch, not the merge commit GitHub checks out.
            return CIContext(
                system: "github", base: event["pull_request"]?["base"]?["sha"]?.stringValue,
                head: event["pull_request"]?["head"]?["sha"]?.stringValue ?? sha, gate: "pull-request")
        case "merge_group":
            return CIContext(
                system: "github", base: event["merge_group"]?["base_sha"]?.stringValue,
                head: event["merge_group"]?["head_sha"]?.stringValue ?? sha, gate: "pull-request")
        case "push":
            let before = event["before"]?.stringValue
            return CIContext(
                system: "github", base: before.flatMap { PushUpdate.isZero($0) ? nil : $0 },
                head: event["after"]?.stringValue ?? sha, gate: "pull-request")
        case "schedule":
            return CIContext(system: "github", base: nil, head: sha, gate: "nightly")
        default:
            return CIContext(system: "github", base: nil, head: sha, gate: "pull-request")
        }
    }

    static func gitlab(_ environment: [String: String]) -> CIContext {
        let head = environment["CI_COMMIT_SHA"]
        if environment["CI_PIPELINE_SOURCE"] == "schedule" {
            return CIContext(system: "gitlab", base: nil, head: head, gate: "nightly")
        }
        if let base = environment["CI_MERGE_REQUEST_DIFF_BASE_SHA"], !base.isEmpty {
            return CIContext(system: "gitlab", base: base, head: head, gate: "pull-request")
        }
        let before = environment["CI_COMMIT_BEFORE_SHA"].flatMap { $0.isEmpty || PushUpdate.isZero($0) ? nil : $0 }
        return CIContext(system: "gitlab", base: before, head: head, gate: "pull-request")
    }
}
