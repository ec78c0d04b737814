import DeadboltCore

/// No answer came from an HTTP API, or its settings cannot be used: what happened, in words
/// that name no header, token or key. Posting and the model provider each add their own hint.
public struct HTTPError: Diagnostic, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// No answer within the time limit.
        case timedOut
        /// The server's TLS certificate is not trusted; trying again would not change that.
        case untrustedCertificate
        /// No connection (refused, reset, name not found) after every try.
        case unreachable
        /// The answer was larger than ``RetryingHTTPClient/bodyLimit``.
        case tooLarge
        /// A `DEADBOLT_HTTP_*` or `SSL_CERT_FILE` setting that cannot be used.
        case badSetting
    }

    public var kind: Kind
    public var message: String
    public var hint: String?
    /// How many tries were made.
    public var attempts: Int

    public init(_ kind: Kind, _ message: String, hint: String? = nil, attempts: Int = 1) {
        self.kind = kind
        self.message = message
        self.hint = hint
        self.attempts = attempts
    }

    public var description: String { message + (hint.map { " (\($0))" } ?? "") }
}
