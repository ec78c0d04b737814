import DeadboltCore
import DeadboltGit

/// The pre-push gate over every ref git is pushing: one verdict per distinct range.
public struct PrePushCheck {
    /// One pushed ref that needed a check, and what the gate said.
    public struct Checked {
        public var update: PushUpdate
        public var range: RevisionRange
        public var verdict: Verdict
    }

    public let workspace: Workspace
    public let execution: CaseExecution

    public init(workspace: Workspace, execution: CaseExecution) {
        self.workspace = workspace
        self.execution = execution
    }

    /// Checks `updates` pushed to `remote`; `note` hears why a comparison is not the obvious one.
    public func run(_ updates: [PushUpdate], remote: String, note: (String) -> Void) async throws -> [Checked] {
        var checked: [Checked] = []
        // An array, not a Set: a push names a few refs, and the first Set<String> a process grows costs
        // it a scan of every protocol conformance in the binary (about 4% of a no-op hook, with perf).
        var seen: [String] = []
        for update in updates where !update.isDeletion {
            guard let push = try PushRange.resolve(update, remote: remote, repository: workspace.repository) else {
                continue
            }
            // Two refs pushing the same commits need one check.
            let key = "\(push.range.base?.hex ?? "-")..\(push.range.head.hex)"
            guard !seen.contains(key) else { continue }
            seen.append(key)
            if let said = push.note { note("deadbolt: \(update.localRef): \(said)") }
            let plan = try GatePlan.make(workspace: workspace, gate: "pre-push", range: push.range)
            let verdict = try await GateRun(workspace: workspace, execution: execution).verdict(plan)
            checked.append(Checked(update: update, range: push.range, verdict: verdict))
        }
        return checked
    }
}
