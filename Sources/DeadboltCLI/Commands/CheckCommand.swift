import ArgumentParser
import DeadboltCore
import DeadboltGate
import Foundation

/// `deadbolt check`: the gate. Changes, selection, run, verdict.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run the gate: select the cases a change reaches, run them, and answer pass or fail.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var range: GateOptions
    @OptionGroup var execution: ExecutionOptions

    @Option(
        help: """
            Post the verdict: a commit status, annotations, the step summary and one pull-request comment (github), \
            or a status and one merge-request note (gitlab). Tokens come from GITHUB_TOKEN / GITLAB_TOKEN.
            """)
    var post: PostDestination?

    @Option(
        help: ArgumentHelp(
            "Run share I of N of the selected cases (also from CI_NODE_INDEX/CI_NODE_TOTAL); "
                + "combine with deadbolt merge.")
    )
    var shard: String?

    func run() async throws {
        let started = ContinuousClock.now
        let request = try range.request()
        let share =
            try shard.map { try Shard.parse($0) } ?? (try Shard.fromEnvironment(ProcessInfo.processInfo.environment))
        if share != nil, let post {
            throw InputError(
                "--post posts a whole run, and this is one shard of it",
                hint: "post once, after combining the shards: deadbolt merge --post \(post.rawValue) PARTIAL...")
        }
        let posting = post.map { VerdictPosting(to: $0, format: global.format) }
        let verdict: Verdict
        do {
            let workspace = try Workspace(path: global.repo)
            let plan = try GatePlan.make(
                workspace: workspace, gate: request.gate, base: request.base, head: request.head)
            verdict = try await GateRun(workspace: workspace, execution: execution.execution).verdict(
                plan, shard: share)
        } catch {
            await posting?.postError(error, gate: request.gate, head: request.head)
            throw error
        }
        try Output.show(verdict, format: global.format, reports: execution.report, started: started)
        try await posting?.post(verdict)
        if verdict.outcome == .fail { throw DeadboltExit.fail }
    }
}
