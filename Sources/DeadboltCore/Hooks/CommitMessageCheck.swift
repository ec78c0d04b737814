/// What the commit-msg hook decides about a message.
public struct CommitMessageCheck: Sendable {
    public let config: Config
    public let commentChar: Character

    /// How much of the subject a refusal echoes.
    public static let echoLimit = 200

    public init(config: Config, commentChar: Character = "#") {
        self.config = config
        self.commentChar = commentChar
    }

    /// The outcome: accepted (with why), or refused with what to write instead.
    public enum Outcome: Sendable, Equatable {
        case accepted(String)
        case refused(String)
    }

    /// The message as git will store it: comment lines and everything from the scissors line
    /// down removed.
    public func cleaned(_ message: String) -> String {
        var kept: [Substring] = []
        let scissors = "\(commentChar) ------------------------ >8 ------------------------"
        for line in message.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            if line == scissors { break }
            if line.first == commentChar { continue }
            kept.append(line)
        }
        return kept.joined(separator: "\n")
    }

    /// Decides for `message`, given the staged changes (already classified).
    public func check(_ message: String, staged: [PathChange], origin: String?) -> Outcome {
        let text = cleaned(message)
        let subject =
            text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).first.map(
                String.init) ?? ""
        for prefix in ["Merge ", "Revert \"", "fixup! ", "squash! ", "amend! "] where subject.hasPrefix(prefix) {
            return .accepted("\(prefix.trimmingWhitespace()) commits need no bug link")
        }
        let promptChanges = staged.filter { $0.kinds.contains(.prompt) || $0.kinds.contains(.guardrail) }
        switch config.commitMessage.requireBugLink {
        case .never:
            return .accepted("commit_msg.require_bug_link is never")
        case .promptChanges where promptChanges.isEmpty:
            return .accepted("no prompt or guardrail is staged")
        case .promptChanges, .always:
            break
        }
        if let reason = BugLinkExtractor.waiver(config.commitMessage.waiver, in: text) {
            return .accepted("waived: \(reason)")
        }
        let links = BugLinkExtractor(config: config.bugLinks, origin: origin).links(in: text)
        if let first = links.first { return .accepted("bug link \(first.text)") }
        return .refused(refusal(subject: subject, promptChanges: promptChanges))
    }

    func refusal(subject: String, promptChanges: [PathChange]) -> String {
        var out = ""
        if promptChanges.isEmpty {
            out += "this commit's message names no bug, and commit_msg.require_bug_link is always.\n"
        } else {
            let names =
                promptChanges.prefix(3).map(\.path).joined(separator: ", ") + (promptChanges.count > 3 ? ", ..." : "")
            out += "this commit changes \(names) but its message names no bug.\n"
        }
        let trailer = config.bugLinks.trailers.first ?? "Bug"
        out += "Say which bug it fixes, for example:\n\n"
        // The subject as written, cut: a message may be megabytes long.
        let shown =
            subject.isEmpty
            ? "Fix the refund answer for annual plans" : MessageText.truncated(subject, limit: Self.echoLimit)
        out += "    \(shown)\n\n"
        out += "    \(trailer): https://tracker.example.com/BUG-123\n\n"
        out += "Accepted: a trailer \(config.bugLinks.trailers.map { "`\($0): ...`" }.joined(separator: ", "))"
        if config.bugLinks.githubKeywords { out += "; `Fixes #12` or `Closes org/repo#3` anywhere" }
        if !config.bugLinks.patterns.isEmpty {
            out += "; an id matching \(config.bugLinks.patterns.map { "`\($0)`" }.joined(separator: " or "))"
        }
        out += ".\nWhen no bug is involved: a `\(config.commitMessage.waiver): reason` trailer.\n"
        return out
    }
}
