import ArgumentParser
import DeadboltCore
import DeadboltReport
import Foundation

/// `--post github|gitlab`: where a verdict is posted.
enum PostDestination: String, ExpressibleByArgument, CaseIterable {
    case github, gitlab
}

/// Posts a verdict to the forge the CI job runs on, reading everything from the environment.
enum Posting {
    static func post(_ verdict: Verdict, ownerPaths: [String: [String]], to destination: PostDestination, format: OutputFormat) async throws {
        let environment = ProcessInfo.processInfo.environment
        let settings = try PostSettings.from(environment: environment)
        switch destination {
        case .github:
            let target = GitHubTarget.from(environment: environment, event: event(environment))
            // Workflow commands go where the verdict text goes, but never into JSON on stdout:
            // the runner reads them from both streams.
            let emit: (String) -> Void = format == .json ? { Diagnostics.note($0) } : { print($0) }
            try await GitHubPost(target: target, settings: settings, environment: environment, log: log, say: Diagnostics.note, emit: emit)
                .post(verdict, ownerPaths: ownerPaths)
        case .gitlab:
            try await GitLabPost(target: GitLabTarget.from(environment: environment), settings: settings, environment: environment, log: log, say: Diagnostics.note)
                .post(verdict)
        }
    }

    /// After an error that stopped the gate: an `error` status saying so, so that a required
    /// check is not left waiting. A failure to post it is noted; the first error stands.
    static func postError(_ error: any Error, gate: String, head: String?, to destination: PostDestination) async {
        let environment = ProcessInfo.processInfo.environment
        let message: String
        switch error {
        case let error as InputError: message = (error.location.map { "\($0): " } ?? "") + error.message
        case let errors as InputErrors: message = errors.errors.first.map { ($0.location.map { "\($0): " } ?? "") + $0.message } ?? "bad input"
        default: message = "\(error)"
        }
        // A status goes on a commit id; a name given with --head (HEAD, main) leaves it to the CI's own.
        let head = head.flatMap { ($0.count == 40 || $0.count == 64) && $0.allSatisfy(\.isHexDigit) ? $0 : nil }
        do {
            let settings = try PostSettings.from(environment: environment)
            switch destination {
            case .github:
                try await GitHubPost(target: GitHubTarget.from(environment: environment, event: event(environment)), settings: settings,
                                     environment: environment, log: log, say: Diagnostics.note, emit: { _ in })
                    .postError(message, gate: gate, sha: head)
            case .gitlab:
                try await GitLabPost(target: GitLabTarget.from(environment: environment), settings: settings, environment: environment, log: log, say: Diagnostics.note)
                    .postError(message, gate: gate, sha: head)
            }
        } catch {
            Diagnostics.note("could not post the error status either: \(error)")
        }
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
        if Trace.enabled { FileHandle.standardError.write(Data("trace: post: \(line)\n".utf8)) }
    }

    /// The GitHub event payload, when there is one that parses (`CIContext` reports a broken one).
    static func event(_ environment: [String: String]) -> JSONValue? {
        guard let path = environment["GITHUB_EVENT_PATH"], let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONValue.parse(Array(data))
    }
}
