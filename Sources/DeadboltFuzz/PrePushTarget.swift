import DeadboltCore

/// What git writes on a pre-push hook's standard input.
enum PrePushTarget {
    static let target = FuzzTarget("pre-push", "git's pre-push lines, through PushUpdate.parse") { bytes in
        guard let updates = try? PushUpdate.parse(FuzzInput.text(bytes)) else { return }
        for update in updates { _ = update.isDeletion }
    }
}
