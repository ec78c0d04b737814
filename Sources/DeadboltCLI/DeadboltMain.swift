import ArgumentParser
import DeadboltCore
import DeadboltGate
import Foundation

/// The `deadbolt` command: lists the subcommands, nothing else.
struct Deadbolt: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deadbolt",
        abstract: "Keeps fixed LLM bugs fixed: runs the regression cases a change reaches, and says pass or fail.",
        version: "0.1.0",
        subcommands: [
            ChangesCommand.self, SelectCommand.self, RunCommand.self, CheckCommand.self, LocksCommand.self,
            LintCommand.self, HookCommand.self, InstallCommand.self, InitCommand.self, PinCommand.self,
            VerifyCommand.self, CaptureCommand.self, MergeCommand.self, HistoryCommand.self, TiersCommand.self,
            CoverageCommand.self, PromptVersionCommand.self, ImportCommand.self, BisectCommand.self,
        ]
    )
}

/// Entry point: parses, runs, and turns every error into a message and its exit code.
public enum DeadboltMain {
    public static func main() async {
        // A provider that exits before reading its input must not take deadbolt down with it.
        signal(SIGPIPE, SIG_IGN)
        PhaseTrace.mark("start")
        let code: Int32
        do {
            // git runs `deadbolt hook pre-push REMOTE URL` on every push: its two plain
            // arguments skip swift-argument-parser, whose first parse costs about 4 ms.
            let arguments = Array(CommandLine.arguments.dropFirst())
            if arguments.count >= 3, arguments.count <= 4, arguments[0] == "hook", arguments[1] == "pre-push",
                !arguments.dropFirst(2).contains(where: { $0.hasPrefix("-") })
            {
                try await PrePushHookCommand.run(remote: arguments[2], format: .text)
                exit(0)
            }
            var command = try Deadbolt.parseAsRoot(LeadingOptions.moved(arguments))
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            code = 0
        } catch {
            code = exitCode(for: error)
        }
        exit(code)
    }

    /// 1 for a failing verdict, 2 for input that could not be used (said on stderr), 0 for
    /// `--help` and `--version`.
    static func exitCode(for error: any Error) -> Int32 {
        if let exit = error as? DeadboltExit { return exit.code }
        if let diagnostic = error as? any Diagnostic { return Diagnostics.report(diagnostic) }
        let parserCode = Deadbolt.exitCode(for: error)
        if parserCode == .success {
            print(Deadbolt.fullMessage(for: error))
            return 0
        }
        // Argument errors, and anything unforeseen: a message, never a stack trace.
        FileHandle.standardError.write(Data((Deadbolt.fullMessage(for: error) + "\n").utf8))
        return 2
    }
}
