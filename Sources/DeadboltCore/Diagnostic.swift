/// An error a person can act on: where it is, what is wrong, and what to do instead.
///
/// Every floor's error adopts it (`InputError` here, `GitError`, `ProcessStartError`,
/// `PostError`), so that the command layer prints them all one way and turns them all into the
/// same exit code.
public protocol Diagnostic: Error, Sendable {
    /// `file:line:col`, or nil when the error is about no file.
    var location: String? { get }
    /// What is wrong, in one sentence.
    var message: String { get }
    /// What to do instead, when there is something to say.
    var hint: String? { get }
}

extension Diagnostic {
    public var location: String? { nil }

    /// `location: message`, without the hint: one line for a status or a log.
    public var summary: String {
        (location.map { "\($0): " } ?? "") + message
    }
}

extension InputError: Diagnostic {}
