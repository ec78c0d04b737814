import DeadboltCore

/// Posting to GitHub or GitLab did not work: what went wrong and what to do about it.
///
/// Messages never carry the token: `APIClient` takes it out of anything a server sent back.
public struct PostError: Diagnostic, Equatable, CustomStringConvertible {
    public var message: String
    public var hint: String?

    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    public var description: String { message + (hint.map { " (\($0))" } ?? "") }
}
