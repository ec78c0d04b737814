import ArgumentParser
import DeadboltCore
import DeadboltGit
import Foundation

/// `deadbolt hook commit-msg FILE`: asks for a bug link when the staged change needs one.
struct CommitMessageHookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commit-msg",
        abstract: "Refuse a commit whose message should name a bug and does not (git's commit-msg hook).")

    @Argument(help: "The file holding the commit message, as git passes it.")
    var file: String

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw InputError(file: file, "cannot be read", hint: "git passes the message file's path; run this from the commit-msg hook")
        }
        let message = String(decoding: data, as: UTF8.self)
        let workspace = try Workspace(path: nil)
        let repository = workspace.repository
        let config = try ConfigParser.load(from: try workspace.workTreeFiles())
        var commentChar: Character = "#"
        if let setting = repository.configValue("core.commentChar"), setting != "auto", let first = setting.first {
            commentChar = first
        }
        let check = CommitMessageCheck(config: config, commentChar: commentChar)
        let staged = config.commitMessage.requireBugLink == .promptChanges ? try workspace.stagedChanges(config: config) : []
        let origin = repository.configValue("remote.origin.url").flatMap(BugLink.githubRepository(fromRemote:))
        switch check.check(message, staged: staged, origin: origin) {
        case .accepted:
            return
        case .refused(let explanation):
            let style = TerminalStyle.standardError
            FileHandle.standardError.write(Data((style.red("commit refused by deadbolt") + ": " + explanation).utf8))
            throw DeadboltExit.fail
        }
    }
}
