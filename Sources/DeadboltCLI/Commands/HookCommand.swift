import ArgumentParser
import DeadboltCore
import DeadboltGate
import DeadboltReport
import Foundation

/// `deadbolt hook ...`: what the installed git hooks run.
struct HookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook",
        abstract: "What the installed git hooks run.",
        subcommands: [PrePushHookCommand.self, CommitMessageHookCommand.self])
}

/// `deadbolt hook pre-push REMOTE URL`: the pre-push gate over every ref git is pushing.
struct PrePushHookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pre-push",
        abstract: "Run the pre-push gate over what git is pushing (reads git's ref lines on stdin).")

    @Argument(help: "The remote's name (or URL), as git passes it.")
    var remote: String

    @Argument(help: "The remote's URL, as git passes it.")
    var url: String?

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() async throws {
        try await Self.run(remote: remote, format: format)
    }

    /// The hook's work, callable without argument parsing (see ``DeadboltMain``).
    static func run(remote: String, format: OutputFormat) async throws {
        let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        let updates = try PushUpdate.parse(input)
        guard updates.contains(where: { !$0.isDeletion }) else { return }
        let started = ContinuousClock.now
        let check = PrePushCheck(workspace: try Workspace(path: nil), execution: ProgressLine.execution())
        let checked = try await check.run(updates, remote: remote, note: Diagnostics.note)
        let style = TerminalStyle.standardOutput.style
        for item in checked {
            switch format {
            case .json:
                print(VerdictJSON.render(item.verdict).prettyText())
            case .text:
                let base = item.range.base?.short ?? "(root)"
                print(style.bold("deadbolt pre-push: \(item.update.remoteRef) \(base)..\(item.range.head.short)"))
                let verdict = item.verdict
                if verdict.results.isEmpty && verdict.warnings.isEmpty && verdict.outcome == .pass {
                    print("nothing to check: \(verdict.emptyReason ?? "no case selected")")
                } else {
                    print(
                        VerdictText.render(verdict, style: style, elapsedMs: TimeText.milliseconds(since: started)),
                        terminator: "")
                }
            }
        }
        let failed = checked.filter { $0.verdict.outcome == .fail }
        guard !failed.isEmpty else { return }
        var message = "\n" + style.red("push refused by deadbolt") + ": the pre-push gate failed.\n"
        for item in failed { message += "  reproduce: deadbolt check --gate pre-push \(item.range.reproduceFlags)\n" }
        message += "  bypass (the gate stays red in CI): git push --no-verify\n"
        FileHandle.standardError.write(Data(message.utf8))
        throw DeadboltExit.fail
    }
}
