import ArgumentParser
import DeadboltCore
import DeadboltGit
import DeadboltReport
import Foundation

/// `deadbolt check`: the gate. Changes, selection, run, verdict.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run the gate: select the cases a change reaches, run them, and answer pass or fail.")

    @OptionGroup var global: GlobalOptions

    @OptionGroup var range: GateOptions

    @Option(help: "How many cases run at once (default: provider.jobs).")
    var jobs: Int?

    @Option(name: .customLong("repeat"), help: "Run each case N times; a case that both passes and fails is flaky.")
    var repeatCount: Int = 1

    @Option(help: "Also write a report: FORMAT=PATH, FORMAT one of json, junit, markdown, html (repeatable).")
    var report: [ReportRequest] = []

    @Option(help: "Post the verdict: a commit status, annotations, the step summary and one pull-request comment (github), or a status and one merge-request note (gitlab). Tokens come from GITHUB_TOKEN / GITLAB_TOKEN.")
    var post: PostDestination?

    @Option(help: "Run share I of N of the selected cases (also from CI_NODE_INDEX/CI_NODE_TOTAL); combine with deadbolt merge.")
    var shard: String?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if repeatCount < 1 { throw ValidationError("--repeat must be at least 1") }
    }

    func run() async throws {
        let started = ContinuousClock.now
        let (gate, base, head) = try range.resolved()
        let share = try shard.map { try Shard.parse($0) } ?? (try Shard.fromEnvironment(ProcessInfo.processInfo.environment))
        if share != nil, let post {
            throw InputError("--post posts a whole run, and this is one shard of it",
                             hint: "post once, after combining the shards: deadbolt merge --post \(post.rawValue) PARTIAL...")
        }
        let verdict: Verdict
        do {
            let workspace = try Workspace(path: global.repo)
            let plan = try GatePlan.make(workspace: workspace, gateName: gate, base: base, head: head)
            verdict = try await GateRun.verdict(workspace: workspace, plan: plan, jobs: jobs, repeatCount: repeatCount, shard: share)
        } catch {
            if let post { await Posting.postError(error, gate: gate, head: head, to: post) }
            throw error
        }
        try Output.show(verdict, format: global.format, reports: report, started: started)
        if let post { try await Posting.post(verdict, ownerPaths: Posting.ownerPaths(verdict.selection), to: post, format: global.format) }
        if verdict.outcome == .fail { throw DeadboltExit.fail }
    }
}
