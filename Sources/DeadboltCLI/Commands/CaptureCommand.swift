import ArgumentParser
import DeadboltCore
import DeadboltGit
import Foundation

/// `deadbolt capture`: a production trace becomes a case appended to a dataset.
struct CaptureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capture",
        abstract: "Turn a production trace into a regression case: run it at HEAD, then append it to a dataset.")

    @Option(name: [.customShort("C"), .customLong("repo")], help: "Run in this repository instead of the current folder.")
    var repo: String?

    @Option(help: "The dataset to append to.") var dataset: String?
    @Option(help: "The trace file: OTLP JSON (GenAI spans), a Langfuse or LangSmith export, or {input, output}.") var trace: String?
    @Option(help: "The bug this case locks (URL or id).") var bug: String?
    @Option(help: "What the right answer must contain.") var expected: String?
    @Option(help: "prod-bug, policy or invariant.") var category: String = "prod-bug"
    @Option(help: "The case's tier (default: the dataset's).") var tier: Tier?
    @Option(name: .customLong("tag"), help: "A tag as key=value (repeatable).") var tags: [String] = []
    @Option(help: "The span, observation or run to take from a trace with several calls.") var span: String?
    @Option(name: .customLong("keep"), help: "An input field to keep (repeatable; default: the dataset's input_fields).") var keep: [String] = []
    @Flag(help: "Capture even when the case fails at HEAD (the bug is still live).") var allowFailing = false

    func validate() throws {
        guard CaseParser.categories.contains(category) else {
            throw ValidationError("--category must be one of \(CaseParser.categories.joined(separator: ", "))")
        }
        for tag in tags where !tag.contains("=") || tag.hasPrefix("=") {
            throw ValidationError("--tag takes key=value, not `\(tag)`")
        }
    }

    func run() async throws {
        let workspace = try Workspace(path: repo)
        let root = try workspace.workTree(for: "deadbolt capture")
        let tree = try workspace.workTreeFiles()
        let config = try ConfigParser.load(from: tree)
        let catalog = try DatasetCatalog(tree: tree, config: config)
        let name = try Self.value(dataset, flag: "--dataset", question: "dataset to append to")
        guard let target = try catalog.dataset(named: name) else {
            let known = try catalog.all().map(\.name)
            throw InputError(file: config.datasets, "no dataset named `\(name)`",
                             hint: EditDistance.nearest(to: name, in: known).map { "did you mean `\($0)`?" } ?? "datasets: \(known.joined(separator: ", "))")
        }
        let tracePath = try Self.value(trace, flag: "--trace", question: "trace file")
        guard let traceBytes = FileManager.default.contents(atPath: tracePath) else {
            throw InputError(file: tracePath, "cannot be read", hint: "pass the path of an exported trace with --trace FILE")
        }
        let record = try TraceReader.read(Array(traceBytes), path: tracePath, spanID: span)
        let bugLink = try Self.value(bug, flag: "--bug", question: "bug link (URL or id)")
        let expectedText = try Self.value(expected, flag: "--expected", question: "what the right answer must contain")

        let repository = workspace.repository
        let head = repository.isEmpty ? nil : try repository.resolve("HEAD")
        var promptVersion: String?
        if let head, let owner = target.owners.first {
            promptVersion = try workspace.tree(head).blobID(owner)?.hex
        }
        var tagValues: [String: String] = [:]
        for tag in tags {
            let parts = tag.split(separator: "=", maxSplits: 1).map(String.init)
            tagValues[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        let today = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        let suffix = String(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(6))
        let draft = try CaseDraft.make(
            record: record, dataset: target, keep: keep.isEmpty ? target.inputFields : keep, expected: expectedText,
            bugLink: bugLink, category: category, tier: tier, tags: tagValues,
            capturedBy: Self.capturer(repository), capturedAt: today, promptVersion: promptVersion,
            idSuffix: suffix, tracePath: tracePath)

        // No aspirational cases: the case runs at HEAD first.
        let regressionCase = try draft.regressionCase()
        var versions = PromptVersions(tree: tree, config: config)
        let planned = try RunPlanner.plan([(target, [regressionCase])], prompts: { versions.of($0) }, revision: head?.hex)
        let result = try await CaseExecution.run(planned, config: config, directory: root, jobs: 1, repeatCount: 1).first
        let id = regressionCase.id
        switch result?.status {
        case .passed?:
            break
        case .failed?, .flaky?:
            guard allowFailing else {
                let why = result?.assertions.first { !$0.pass }?.message ?? "an assertion fails"
                FileHandle.standardError.write(Data("capture refused: \(id) fails at HEAD (\(why)), so the bug is still live.\n  fix it first, or pass --allow-failing to pin the case now and watch it fail until the fix lands.\n".utf8))
                throw DeadboltExit.fail
            }
        default:
            guard allowFailing else {
                FileHandle.standardError.write(Data("capture refused: the provider did not answer \(id) (\(result?.failure?.reason ?? "no result")).\n".utf8))
                throw DeadboltExit.fail
            }
        }
        try CasesAppender.append(draft, to: root + "/" + target.casesPath, displayPath: target.casesPath)
        let state = result?.status == .passed ? "passes at HEAD: the fix is in" : "fails at HEAD: the bug is still live"
        print("captured \(id) into \(target.casesPath) (\(state))")
    }

    /// Who captures: git's author email, as git would pick it (GIT_AUTHOR_EMAIL, user.email, EMAIL).
    static func capturer(_ repository: Repository) -> String? {
        let environment = ProcessInfo.processInfo.environment
        return environment["GIT_AUTHOR_EMAIL"] ?? repository.configValue("user.email") ?? environment["EMAIL"]
    }

    /// A flag's value, asked for on a terminal, or an error naming the flag when stdin is not one.
    static func value(_ given: String?, flag: String, question: String) throws -> String {
        if let given, !given.isEmpty { return given }
        guard isatty(0) == 1 else {
            throw InputError("missing \(flag)", hint: "deadbolt capture asks for it on a terminal; elsewhere pass \(flag)")
        }
        FileHandle.standardError.write(Data("\(question): ".utf8))
        guard let answer = readLine(), !answer.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw InputError("missing \(flag)", hint: "pass \(flag)")
        }
        return answer.trimmingCharacters(in: .whitespaces)
    }
}
