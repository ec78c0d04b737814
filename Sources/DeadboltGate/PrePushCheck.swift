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
        var seen = Set<String>()
        for update in updates where !update.isDeletion {
            guard let push = try PushRange.resolve(update, remote: remote, repository: workspace.repository) else {
                continue
            }
            // Two refs pushing the same commits need one check.
            guard seen.insert("\(push.range.base?.hex ?? "-")..\(push.range.head.hex)").inserted else { continue }
            if let said = push.note { note("deadbolt: \(update.localRef): \(said)") }
            let plan = try GatePlan.make(workspace: workspace, gate: "pre-push", range: push.range)
            let verdict = try await GateRun(workspace: workspace, execution: execution).verdict(plan)
            checked.append(Checked(update: update, range: push.range, verdict: verdict))
        }
        return checked
    }
}
