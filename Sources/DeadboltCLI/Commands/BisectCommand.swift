import ArgumentParser
import DeadboltCore
import DeadboltGate
import DeadboltGit

/// `deadbolt bisect CASE`: the first commit on which a case fails.
struct BisectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bisect",
        abstract: "Find the first commit on which a case fails, testing only commits that changed what it depends on.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The case's id.") var caseID: String

    @Option(help: "A revision where the case passes (default: the commit that added the case).") var good: String?

    @Option(help: "A revision where the case fails (default: HEAD).") var bad: String?

    @Option(help: "Runs per commit tested; a commit is bad only when every run fails (1 to 100).")
    var `repeat`: Int = 1

    func run() async throws {
        guard (1...100).contains(`repeat`) else {
            throw InputError("--repeat \(`repeat`) is out of range", hint: "give a number of runs from 1 to 100")
        }
        let workspace = try Workspace(path: global.repo)
        var execution = CaseExecution(repeatCount: `repeat`)
        execution.recordHistory = false
        let outcome = try await BisectRun(workspace: workspace, execution: execution).run(
            caseID: caseID, good: good, bad: bad)
        switch global.format {
        case .json: print(Self.json(outcome).prettyText())
        case .text: print(Self.text(outcome), terminator: "")
        }
    }

    static func json(_ outcome: BisectRun.Outcome) -> JSONValue {
        var object: [String: JSONValue] = [
            "case": .string(outcome.caseID), "dataset": .string(outcome.dataset),
            "good": .string(outcome.good.hex), "bad": .string(outcome.bad.hex),
            "first_bad": outcome.firstBad.map { .string($0.id.hex) } ?? .null,
            "subject": outcome.firstBad.map { .string($0.subject) } ?? .null,
            "commits": .number(Double(outcome.commits)), "candidates": .number(Double(outcome.candidates)),
            "tested": .array(
                outcome.tested.map { tested in
                    .object([
                        "commit": .string(tested.commit.hex), "status": .string(tested.status.rawValue),
                        "runs": .array(tested.runs.map { .string($0.rawValue) }),
                    ])
                }),
            "diffs": .array(outcome.diffs.map { .object(["path": .string($0.path), "diff": .string($0.diff)]) }),
        ]
        if let first = outcome.firstBad { object["reproduce"] = .string(reproduce(outcome, first)) }
        if let note = outcome.note { object["note"] = .string(note) }
        return .object(object)
    }

    static func reproduce(_ outcome: BisectRun.Outcome, _ first: CommitInfo) -> String {
        let parent = first.parents.first.map { " --good \($0.short)" } ?? ""
        return "deadbolt bisect \(outcome.caseID)\(parent) --bad \(first.id.short)"
    }

    static func text(_ outcome: BisectRun.Outcome) -> String {
        var lines: [String] = []
        let tested = outcome.tested.map { "\($0.commit.short) \($0.status.rawValue)" }.joined(separator: ", ")
        lines.append(
            "case \(outcome.caseID) (\(outcome.dataset)): \(outcome.good.short)..\(outcome.bad.short), "
                + "\(Plural.count(outcome.commits, "commit")), \(outcome.candidates) changed what it depends on; "
                + "tested \(tested)")
        guard let first = outcome.firstBad else {
            lines.append(outcome.note ?? "no first bad commit")
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append("first bad commit: \(first.id.hex) \(first.subject)")
        for (path, diff) in outcome.diffs {
            lines.append("")
            lines.append(path + ":")
            lines.append(diff)
        }
        lines.append("")
        lines.append("reproduce: " + reproduce(outcome, first))
        return lines.joined(separator: "\n") + "\n"
    }
}
