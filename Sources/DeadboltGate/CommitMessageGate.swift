import DeadboltCore
import DeadboltGit

/// What the commit-msg hook decides: whether the message names a bug when the staged change needs one,
/// and whether a commit that names a bug stages the case that locks it.
public struct CommitMessageGate {
    public let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }

    /// Checks `message` against the staged change and deadbolt.yml in the work tree.
    public func check(_ message: String) throws -> CommitMessageCheck.Outcome {
        try evaluate(message).outcome
    }

    /// The outcome, and the "fix without lock" warning when the message names a bug and the staged
    /// change adds no case whose `bug_link` is that bug. The warning never refuses the commit: the
    /// fix may come first and its case in the next commit of the push, which the pre-push gate
    /// judges as a whole.
    public func evaluate(_ message: String) throws -> (outcome: CommitMessageCheck.Outcome, warning: String?) {
        let repository = workspace.repository
        let config = try ConfigParser.load(from: try workspace.workTreeFiles())
        var commentChar: Character = "#"
        if let setting = repository.configValue("core.commentChar"), setting != "auto", let first = setting.first {
            commentChar = first
        }
        let check = CommitMessageCheck(config: config, commentChar: commentChar)
        let text = check.cleaned(message)
        // Read once: it is a git config lookup, and this runs on every commit.
        let origin = workspace.originRepository
        let locks = LockCheck(config: config, origin: origin)
        let namesBug = !locks.extractor.links(in: text).isEmpty
        let raw =
            config.commitMessage.requireBugLink == .promptChanges || namesBug ? try repository.stagedChanges() : []
        let classifier = Classifier(config: config)
        let staged = raw.map { classifier.classify(PathChange($0)) }
        let outcome = check.check(message, staged: staged, origin: origin)
        guard case .accepted = outcome, namesBug else { return (outcome, nil) }
        return (outcome, try lockWarning(text, locks: locks, raw: raw, staged: staged))
    }

    func lockWarning(_ text: String, locks: LockCheck, raw: [FileChange], staged: [PathChange]) throws -> String? {
        let repository = workspace.repository
        let headTree = try workspace.headCommit().map { workspace.tree($0) }
        let next = StagedTree(repository: repository, head: headTree, changes: raw)
        let added = locks.addedCases(changes: staged, base: headTree, head: next)
        let subject = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        guard let lock = locks.check([CommitMessage(sha: "", subject: subject, message: text)], added: added).first,
            lock.status == .unlocked
        else { return nil }
        // Where the case goes: a dataset that owns what the commit changes, when one can be found.
        let config = locks.config
        let owners =
            (try? Selector(config: config, head: next, base: headTree).select(
                gate: try config.gate(named: "pre-push"), changes: staged))?.datasets.map(\.dataset.name) ?? []
        let bugs = lock.bugLinks.map(\.text).joined(separator: ", ")
        let link = lock.bugLinks.first?.text ?? ""
        return "fix without lock: this commit references \(bugs) but stages no regression case for it\n"
            + "  add the case that would have caught it to \(config.casesPath(owners.first ?? "NAME")), with "
            + "\"bug_link\": \"\(link)\" (or say why not with a `\(config.locks.waiver): reason` trailer)\n"
            + "  the commit goes through; the pre-push gate checks the push as a whole\n"
    }
}
