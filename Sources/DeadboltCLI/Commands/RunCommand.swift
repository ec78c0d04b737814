import ArgumentParser
import DeadboltCore
import DeadboltGate

/// `deadbolt run`: runs cases from the work tree, without looking at what changed.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run cases from the work tree without looking at git: smoke cases of every dataset by default.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("dataset"), help: "Only this dataset (repeatable).")
    var datasets: [String] = []

    @Option(name: .customLong("tier"), help: "Only cases of this tier (repeatable; default smoke).")
    var tiers: [Tier] = []

    @Flag(help: "Every case of every tier.")
    var all = false

    @Option(name: .customLong("case"), help: "Only the case of this id, whatever its tier (repeatable).")
    var cases: [String] = []

    @OptionGroup var execution: ExecutionOptions

    func validate() throws {
        if all && !tiers.isEmpty { throw ValidationError("--all runs every tier; drop --tier or --all") }
        if !cases.isEmpty && (all || !tiers.isEmpty) {
            throw ValidationError("--case runs the cases named, whatever their tier; drop --tier and --all")
        }
    }

    func run() async throws {
        let started = ContinuousClock.now
        let workspace = try Workspace(path: global.repo)
        let wanted = all ? Tier.allCases : (tiers.isEmpty ? [.smoke] : tiers)
        let verdict = try await WorkTreeRun(workspace: workspace, execution: execution.execution)
            .verdict(datasets: datasets, tiers: wanted, cases: cases)
        try Output.verdict(verdict, format: global.format, reports: execution.report, started: started)
    }
}

extension Tier: ExpressibleByArgument {}
