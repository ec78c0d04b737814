import ArgumentParser
import DeadboltCore
import DeadboltGate
import Foundation

/// `deadbolt init`: a `deadbolt.yml` for the prompts the repository has, a first dataset and a provider.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write deadbolt.yml for the prompt files this repository has, a first dataset and a provider.")

    @Option(
        name: [.customShort("C"), .customLong("repo")], help: "Run in this repository instead of the current folder.")
    var repo: String?

    @Option(parsing: .upToNextOption, help: "The provider's argv (default: bin/answer).")
    var provider: [String] = []

    func run() async throws {
        let started = try ProjectStarter(workspace: try Workspace(path: repo)).write(
            provider: provider.isEmpty ? nil : provider, environment: ProcessInfo.processInfo.environment)
        if !started.prompts.isEmpty {
            let shown = started.prompts.prefix(5).joined(separator: ", ")
            let more = started.prompts.count > 5 ? " and \(started.prompts.count - 5) more" : ""
            print("found \(Plural.count(started.prompts.count, "prompt file")): \(shown)\(more)")
        }
        for path in started.written { print("wrote \(path)") }
        switch started.provider {
        case .openAI(let model, let base, let key):
            let via = base.map { " at \($0)" } ?? ""
            let key = key.map { ", key from $\($0)" } ?? ""
            print("provider: the built-in OpenAI-compatible one, model \(model)\(via)\(key)")
        case .command(let argv) where argv == ["bin/answer"] && started.written.contains("bin/answer"):
            print(
                "provider: bin/answer, a stub that answers what the example case expects; "
                    + "replace it with a call into your code")
        case .command(let argv):
            print("provider: \(argv.joined(separator: " "))")
        }
        for suite in started.suites {
            if let problem = suite.problem {
                print("promptfoo suite \(suite.config) cannot be a dataset yet: \(problem.description)")
            } else {
                print("promptfoo suite \(suite.config) is dataset \(suite.dataset)")
            }
        }
        if !started.suites.contains(where: { $0.problem == nil }) {
            print(
                "next: rename the example dataset for the behaviour it protects, "
                    + "then deadbolt lint and deadbolt install"
            )
        } else {
            print("next: deadbolt lint, then deadbolt install")
        }
    }
}
