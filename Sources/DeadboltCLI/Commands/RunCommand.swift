import ArgumentParser
import DeadboltCore
import DeadboltGit
import DeadboltReport
import Foundation

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

    @Option(help: "How many cases run at once (default: provider.jobs).")
    var jobs: Int?

    @Option(name: .customLong("repeat"), help: "Run each case N times; a case that both passes and fails is flaky.")
    var repeatCount: Int = 1

    @Option(help: "Also write a report: FORMAT=PATH, FORMAT one of json, junit, markdown, html (repeatable).")
    var report: [ReportRequest] = []

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if repeatCount < 1 { throw ValidationError("--repeat must be at least 1") }
        if all && !tiers.isEmpty { throw ValidationError("--all runs every tier; drop --tier or --all") }
    }

    func run() async throws {
        let started = ContinuousClock.now
        let workspace = try Workspace(path: global.repo)
        let root = try workspace.workTree(for: "deadbolt run")
        let tree = try workspace.workTreeFiles()
        let config = try ConfigParser.load(from: tree)
        let catalog = try DatasetCatalog(tree: tree, config: config)
        let everyDataset = try catalog.all()
        for name in datasets where !everyDataset.contains(where: { $0.name == name }) {
            let known = everyDataset.map(\.name)
            throw InputError(
                file: config.datasets, "no dataset named `\(name)`",
                hint: EditDistance.nearest(to: name, in: known).map { "did you mean `\($0)`?" } ?? "datasets: \(known.joined(separator: ", "))")
        }
        let wanted = all ? Tier.allCases : (tiers.isEmpty ? [.smoke] : tiers)
        var chosen: [(dataset: Dataset, cases: [RegressionCase])] = []
        for dataset in everyDataset where datasets.isEmpty || datasets.contains(dataset.name) {
            let cases = try catalog.cases(of: dataset).filter { wanted.contains($0.effectiveTier(in: dataset)) }
            chosen.append((dataset, cases))
        }
        var versions = PromptVersions(tree: tree, config: config)
        let plan = try RunPlanner.plan(chosen, prompts: { versions.of($0) }, revision: try? workspace.repository.resolve("HEAD").hex)
        let results = try await CaseExecution.run(plan, config: config, directory: root, jobs: jobs, repeatCount: repeatCount)
        let gate = Gate(name: "run", tiers: wanted, scope: .all)
        let verdict = Verdict(
            gate: gate.name, base: nil, head: nil, results: results,
            emptyReason: plan.isEmpty ? "no case of tier \(wanted.map(\.rawValue).joined(separator: ", ")) in the chosen datasets" : nil)
        try Output.verdict(verdict, format: global.format, reports: report, started: started)
    }
}

extension Tier: ExpressibleByArgument {}
