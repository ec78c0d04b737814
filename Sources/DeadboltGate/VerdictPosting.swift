import DeadboltCore
import DeadboltGit
import DeadboltReport
import Foundation

/// Where a verdict is posted.
public enum PostDestination: String, Sendable, CaseIterable {
    case github, gitlab
}

/// Posts a verdict to the forge the CI job runs on, reading everything from the environment.
public struct VerdictPosting {
    public var destination: PostDestination
    public var environment: [String: String]
    /// What a person should know (posted, skipped and why).
    public var say: (String) -> Void
    /// GitHub workflow commands, for the stream the runner reads them from.
    public var emit: (String) -> Void

    public init(
        to destination: PostDestination, environment: [String: String], say: @escaping (String) -> Void,
        emit: @escaping (String) -> Void
    ) {
        self.destination = destination
        self.environment = environment
        self.say = say
        self.emit = emit
    }

    /// Posts `verdict`: status, annotations, summary and the one comment (or note).
    public func post(_ verdict: Verdict) async throws {
        let settings = try PostSettings.from(environment: environment)
        switch destination {
        case .github:
            try await github(settings, emit: emit).post(verdict, ownerPaths: Self.ownerPaths(verdict.selection))
        case .gitlab:
            try await gitlab(settings).post(verdict)
        }
    }

    /// After an error that stopped the gate: an `error` status saying so, so that a required
    /// check is not left waiting. A failure to post it is said; the first error stands.
    public func postError(_ error: any Error, gate: String, head: String?) async {
        let message = (error as? any Diagnostic)?.summary ?? "\(error)"
        // A status goes on a commit id; a name given with --head (HEAD, main) leaves it to the CI's own.
        let sha = head.flatMap { ObjectID.isWholeID($0) ? $0 : nil }
        do {
            let settings = try PostSettings.from(environment: environment)
            switch destination {
            case .github: try await github(settings, emit: { _ in }).postError(message, gate: gate, sha: sha)
            case .gitlab: try await gitlab(settings).postError(message, gate: gate, sha: sha)
            }
        } catch {
            say("could not post the error status either: \(error)")
        }
    }

    func github(_ settings: PostSettings, emit: @escaping (String) -> Void) -> GitHubPost {
        GitHubPost(
            target: GitHubTarget.from(environment: environment, event: event()), settings: settings,
            environment: environment, log: Self.log, say: say, emit: emit)
    }

    func gitlab(_ settings: PostSettings) -> GitLabPost {
        GitLabPost(
            target: GitLabTarget.from(environment: environment), settings: settings, environment: environment,
            log: Self.log, say: say)
    }

    /// Each selected dataset's changed prompts and guardrails, for annotations.
    static func ownerPaths(_ selection: Selection?) -> [String: [String]] {
        var paths: [String: [String]] = [:]
        for selected in selection?.datasets ?? [] {
            paths[selected.dataset.name] = selected.reasons.filter { $0.kind == .owner }.compactMap(\.path)
        }
        return paths
    }

    static let log: @Sendable (String) -> Void = { line in
        if PhaseTrace.enabled { FileHandle.standardError.write(Data("trace: post: \(line)\n".utf8)) }
    }

    /// The GitHub event payload, when there is one that parses (`CIContext` reports a broken one).
    func event() -> JSONValue? {
        guard let path = environment["GITHUB_EVENT_PATH"], let data = FileManager.default.contents(atPath: path) else {
            return nil
        }
        return try? JSONValue.parse(Array(data))
    }
}
