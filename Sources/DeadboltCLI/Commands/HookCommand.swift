import ArgumentParser
import DeadboltCore
import DeadboltGit
import DeadboltReport
import DeadboltRunner
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
        let workspace = try Workspace(path: nil)
        let started = ContinuousClock.now
        var verdicts: [(update: PushUpdate, range: RevisionRange, verdict: Verdict)] = []
        var checkedHeads = Set<String>()
        for update in updates where !update.isDeletion {
            guard let range = try PushRange.resolve(update, remote: remote, workspace: workspace) else { continue }
            // Two refs pushing the same commits need one check.
            let key = "\(range.range.base?.hex ?? "-")..\(range.range.head.hex)"
            guard checkedHeads.insert(key).inserted else { continue }
            if let note = range.note { Diagnostics.note("deadbolt: \(update.localRef): \(note)") }
            let plan = try GatePlan.make(workspace: workspace, gateName: "pre-push", range: range.range)
            let verdict = try await GateRun.verdict(workspace: workspace, plan: plan, jobs: nil, repeatCount: 1)
            verdicts.append((update, range.range, verdict))
        }
        let style = Style(colour: TerminalStyle.standardOutput.colour)
        var failed: [(PushUpdate, RevisionRange)] = []
        for (update, range, verdict) in verdicts {
            switch format {
            case .json:
                print(VerdictJSON.render(verdict).prettyText())
            case .text:
                let base = range.base?.short ?? "(root)"
                print(style.bold("deadbolt pre-push: \(update.remoteRef) \(base)..\(range.head.short)"))
                if verdict.results.isEmpty && verdict.warnings.isEmpty && verdict.outcome == .pass {
                    print("nothing to check: \(verdict.emptyReason ?? "no case selected")")
                } else {
                    print(VerdictText.render(verdict, style: style, elapsedMs: ProcessRunner.elapsedMs(since: started)), terminator: "")
                }
            }
            if verdict.outcome == .fail { failed.append((update, range)) }
        }
        guard !failed.isEmpty else { return }
        var message = "\n" + style.red("push refused by deadbolt") + ": the pre-push gate failed.\n"
        for (_, range) in failed {
            message += "  reproduce: deadbolt check --gate pre-push --base \(range.base?.short ?? "$(git hash-object -t tree /dev/null)") --head \(range.head.short)\n"
        }
        message += "  bypass (the gate stays red in CI): git push --no-verify\n"
        FileHandle.standardError.write(Data(message.utf8))
        throw DeadboltExit.fail
    }
}

/// What one pushed ref is compared with.
struct PushRange {
    var range: RevisionRange
    /// Said when the comparison is not the obvious one.
    var note: String?

    /// The range for `update`, or nil when it pushes nothing new.
    ///
    /// An existing ref is compared with what the remote has (its merge base, after a force
    /// push). A new ref, or one whose remote commit is not here (someone else pushed), is
    /// compared with its merge base with the remote's default branch (`REMOTE/HEAD`, else
    /// main, else master), else with the commits of no ref of that remote.
    static func resolve(_ update: PushUpdate, remote: String, workspace: Workspace) throws -> PushRange? {
        let repository = workspace.repository
        let head = try repository.resolve(update.localSHA)
        var note: String?
        if !update.isNewRef {
            if repository.hasCommit(update.remoteSHA) {
                let remoteCommit = try repository.resolve(update.remoteSHA)
                let base = try repository.mergeBase(remoteCommit, head)
                if base == head { return nil }
                if base != remoteCommit { note = "not a fast-forward of \(remoteCommit.short) (a force push): comparing with their merge base \(base.short)" }
                return PushRange(range: RevisionRange(base: base, head: head, baseName: base.hex, headName: update.localRef), note: note)
            }
            note = "the remote's \(update.remoteRef) is at \(update.remoteSHA.prefix(7)), which is not in this repository (fetch to compare with it)"
        }
        for candidate in ["refs/remotes/\(remote)/HEAD", "refs/remotes/\(remote)/main", "refs/remotes/\(remote)/master"] {
            guard let target = try? repository.resolve(candidate), let base = try? repository.mergeBase(target, head) else { continue }
            if base == head { return nil }
            let said = "comparing with the merge base of \(candidate.replacingOccurrences(of: "refs/remotes/", with: "")), \(base.short)"
            return PushRange(range: RevisionRange(base: base, head: head, baseName: base.hex, headName: update.localRef), note: note.map { "\($0); \(said)" } ?? (update.isNewRef ? nil : said))
        }
        let known = try repository.commits(ofRefsMatching: "refs/remotes/\(remote)/*")
        let boundary = try repository.boundaryParents(of: head, hiding: known)
        if known.contains(head) { return nil }
        let base = boundary.first
        let said = base.map { "comparing with \($0.short), where the commits no ref of \(remote) has begin" }
            ?? "\(remote) has none of this history: comparing with the empty tree"
        return PushRange(range: RevisionRange(base: base, head: head, baseName: base?.hex ?? "(empty tree)", headName: update.localRef), note: note.map { "\($0); \(said)" } ?? said)
    }
}
