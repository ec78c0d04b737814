import DeadboltCore
import DeadboltReport

/// What CI hands deadbolt: GitHub's event file, and the shard a job is told to run.
enum CIEventTarget {
    static let github = FuzzTarget("ci-event", "a GitHub event file, through CIContext.detect and GitHubTarget") {
        bytes in
        for event in ["pull_request", "push", "merge_group", "workflow_dispatch"] {
            let environment = [
                "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": event, "GITHUB_EVENT_PATH": "event.json",
                "GITHUB_SHA": String(repeating: "a", count: 40), "GITHUB_REF": "refs/pull/7/merge",
                "GITHUB_REPOSITORY": "acme/bot",
            ]
            _ = try? CIContext.detect(environment: environment) { _ in bytes }
            let json = try? JSONValue.parse(bytes)
            _ = GitHubTarget.from(environment: environment, event: json)
        }
    }

    static let shard = FuzzTarget("shard", "a --shard value, through Shard.parse") { bytes in
        guard let shard = try? Shard.parse(FuzzInput.text(bytes)) else { return }
        precondition(shard.index >= 1 && shard.index <= shard.total, "shard \(shard.index)/\(shard.total)")
    }
}
