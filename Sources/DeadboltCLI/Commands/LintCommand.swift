import ArgumentParser
import DeadboltCore
import DeadboltReport
import Foundation

/// `deadbolt lint`: the configuration and every dataset, all problems at once.
struct LintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check deadbolt.yml and every dataset: JSON errors, duplicate ids, missing owners, unowned prompts.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "The revision whose cases must survive (append-mostly); default: the upstream or default branch's merge base.")
    var base: String?

    func run() async throws {
        let workspace = try Workspace(path: global.repo)
        let tree = try workspace.workTreeFiles()
        var findings = Linter(tree: tree).lint()
        // Append-mostly against the base, when there is one to compare with.
        if !workspace.repository.isEmpty, let config = try? ConfigParser.load(from: tree) {
            let range = base != nil ? try workspace.range(base: base, head: nil) : try? workspace.range(base: nil, head: nil)
            if let baseID = range?.base {
                let baseTree = workspace.tree(baseID)
                let names = ((try? baseTree.folders(in: config.datasets)) ?? nil) ?? []
                for violation in AppendOnlyCheck.violations(datasets: names, config: config, base: baseTree, head: tree) {
                    findings.append(LintFinding(.error, "append-only", violation))
                }
            }
        }
        let errors = findings.filter { $0.severity == .error }
        switch global.format {
        case .json:
            let json: JSONValue = .object([
                "errors": .array(errors.map(Self.json)),
                "warnings": .array(findings.filter { $0.severity == .warning }.map(Self.json)),
            ])
            print(json.prettyText())
        case .text:
            let style = Style(colour: TerminalStyle.standardOutput.colour)
            for finding in findings {
                let label = finding.severity == .error ? style.red("error: ") : style.yellow("warning: ")
                print((finding.error.location.map { "\($0): " } ?? "") + label + finding.error.message + style.dim("  [\(finding.rule)]"))
                if let hint = finding.error.hint { print("  " + style.dim("hint: ") + hint) }
            }
            let warnings = findings.count - errors.count
            print(findings.isEmpty ? "lint: no problems" : "lint: \(errors.count) error\(errors.count == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
        }
        if !errors.isEmpty { throw DeadboltExit.fail }
    }

    static func json(_ finding: LintFinding) -> JSONValue {
        .object([
            "rule": .string(finding.rule),
            "file": finding.error.file.map { .string($0) } ?? .null,
            "line": finding.error.line.map { .number(Double($0)) } ?? .null,
            "column": finding.error.column.map { .number(Double($0)) } ?? .null,
            "message": .string(finding.error.message),
            "hint": finding.error.hint.map { .string($0) } ?? .null,
        ])
    }
}
