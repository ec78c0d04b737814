import DeadboltCore

/// A commit message: its trailers, the bugs it links and the waivers it holds.
enum CommitMessageTarget {
    static let target = FuzzTarget("commit-message", "a commit message: trailers, bug links, waivers") { bytes in
        let message = FuzzInput.text(bytes)
        _ = Trailers.parse(message)
        let extractor = BugLinkExtractor(config: BugLinkConfig(), origin: "https://github.com/acme/bot.git")
        for link in extractor.links(in: message) { _ = link.sameBug(as: link) }
        _ = BugLinkExtractor.waiver(LockConfig().waiver, in: message)
        _ = BugLinkExtractor.waiver(CommitMessageConfig().waiver, in: message)
    }
}
