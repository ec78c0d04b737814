import Foundation

/// How patient posting is: the time one request may take, how often a request that met a server
/// error or no connection is tried, and the first wait between tries (doubled each time); and
/// which certificates it trusts besides the system's.
public struct PostSettings: Sendable, Equatable {
    public var timeoutSeconds: Double
    public var attempts: Int
    public var backoffSeconds: Double
    /// `SSL_CERT_FILE`: certificates (PEM) trusted besides the system's, for a server with a private CA.
    public var certificateFile: String?

    public init(
        timeoutSeconds: Double = 30, attempts: Int = 3, backoffSeconds: Double = 1, certificateFile: String? = nil
    ) {
        self.timeoutSeconds = timeoutSeconds
        self.attempts = attempts
        self.backoffSeconds = backoffSeconds
        self.certificateFile = certificateFile
    }

    /// The defaults, changed by `DEADBOLT_HTTP_TIMEOUT` (seconds), `DEADBOLT_HTTP_ATTEMPTS` and
    /// `DEADBOLT_HTTP_BACKOFF` (seconds).
    public static func from(environment: [String: String]) throws(PostError) -> PostSettings {
        var settings = PostSettings()
        if let text = environment["DEADBOLT_HTTP_TIMEOUT"] {
            guard let value = Double(text), value > 0, value <= 600 else {
                throw PostError(
                    "DEADBOLT_HTTP_TIMEOUT=\(text) is not a number of seconds between 0 and 600",
                    hint: "for example DEADBOLT_HTTP_TIMEOUT=30")
            }
            settings.timeoutSeconds = value
        }
        if let text = environment["DEADBOLT_HTTP_ATTEMPTS"] {
            guard let value = Int(text), (1...10).contains(value) else {
                throw PostError(
                    "DEADBOLT_HTTP_ATTEMPTS=\(text) is not a whole number from 1 to 10",
                    hint: "for example DEADBOLT_HTTP_ATTEMPTS=3")
            }
            settings.attempts = value
        }
        if let text = environment["DEADBOLT_HTTP_BACKOFF"] {
            guard let value = Double(text), value >= 0, value <= 60 else {
                throw PostError(
                    "DEADBOLT_HTTP_BACKOFF=\(text) is not a number of seconds between 0 and 60",
                    hint: "for example DEADBOLT_HTTP_BACKOFF=1")
            }
            settings.backoffSeconds = value
        }
        if let path = environment["SSL_CERT_FILE"], !path.isEmpty {
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw PostError(
                    "SSL_CERT_FILE=\(path) cannot be read",
                    hint: "point it at a PEM file of the certificates to trust, or unset it")
            }
            settings.certificateFile = path
        }
        return settings
    }
}
