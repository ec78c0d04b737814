import ArgumentParser
import DeadboltCore
import DeadboltGate
import Foundation

/// `deadbolt hook commit-msg FILE`: asks for a bug link when the staged change needs one, and warns
/// when a commit names a bug but stages no case for it.
struct CommitMessageHookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commit-msg",
        abstract: "Refuse a commit whose message should name a bug and does not (git's commit-msg hook).")

    @Argument(help: "The file holding the commit message, as git passes it.")
    var file: String

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw InputError(
                file: file, "cannot be read",
                hint: "git passes the message file's path; run this from the commit-msg hook")
        }
        let message = String(decoding: data, as: UTF8.self)
        let (outcome, warning) = try CommitMessageGate(workspace: try Workspace(path: nil)).evaluate(message)
        switch outcome {
        case .accepted:
            if let warning {
                let style = TerminalStyle.standardError.style
                FileHandle.standardError.write(Data((style.yellow("deadbolt warning") + ": " + warning).utf8))
            }
            return
        case .refused(let explanation):
            let style = TerminalStyle.standardError.style
            FileHandle.standardError.write(Data((style.red("commit refused by deadbolt") + ": " + explanation).utf8))
            throw DeadboltExit.fail
        }
    }
}
