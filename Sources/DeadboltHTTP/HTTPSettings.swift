import Foundation

/// How patient deadbolt is with an HTTP API: the time one request may take, how often a request
/// that met a server error, a rate limit or no connection is tried, and the first wait between
/// tries (doubled each time); which certificates it trusts besides the system's; and how many
/// connections it keeps open to the API at once.
public struct HTTPSettings: Sendable, Equatable {
    public var timeoutSeconds: Double
    public var attempts: Int
    public var backoffSeconds: Double
    /// The longest wait between tries, whether a server's `Retry-After` or the doubled backoff asks for more.
    public var waitLimitSeconds: Double
    /// `SSL_CERT_FILE`: certificates (PEM) trusted besides the system's, for a server with a private CA.
    public var certificateFile: String?
    /// Connections open to the API at once over HTTP/1.1: requests beyond them wait for one to be free.
    public var connectionsPerHost: Int

    /// What `DEADBOLT_HTTP_TIMEOUT` may be, in seconds.
    public static let timeoutRange: ClosedRange<Double> = 0.001...600
    /// What `DEADBOLT_HTTP_ATTEMPTS` may be.
    public static let attemptsRange: ClosedRange<Int> = 1...10
    /// What `DEADBOLT_HTTP_BACKOFF` may be, in seconds.
    public static let backoffRange: ClosedRange<Double> = 0...60

    public init(
        timeoutSeconds: Double = 30, attempts: Int = 3, backoffSeconds: Double = 1, waitLimitSeconds: Double = 60,
        certificateFile: String? = nil, connectionsPerHost: Int = 8
    ) {
        self.timeoutSeconds = timeoutSeconds
        self.attempts = attempts
        self.backoffSeconds = backoffSeconds
        self.waitLimitSeconds = waitLimitSeconds
        self.certificateFile = certificateFile
        self.connectionsPerHost = max(1, connectionsPerHost)
    }

    /// The defaults, changed by `DEADBOLT_HTTP_TIMEOUT` (seconds), `DEADBOLT_HTTP_ATTEMPTS`,
    /// `DEADBOLT_HTTP_BACKOFF` (seconds) and `SSL_CERT_FILE`.
    public static func from(environment: [String: String]) throws(HTTPError) -> HTTPSettings {
        var settings = HTTPSettings()
        if let text = environment["DEADBOLT_HTTP_TIMEOUT"] {
            guard let value = Double(text), value > 0, value <= timeoutRange.upperBound else {
                throw HTTPError(
                    .badSetting, "DEADBOLT_HTTP_TIMEOUT=\(text) is not a number of seconds between 0 and 600",
                    hint: "for example DEADBOLT_HTTP_TIMEOUT=30")
            }
            settings.timeoutSeconds = value
        }
        if let text = environment["DEADBOLT_HTTP_ATTEMPTS"] {
            guard let value = Int(text), attemptsRange.contains(value) else {
                throw HTTPError(
                    .badSetting, "DEADBOLT_HTTP_ATTEMPTS=\(text) is not a whole number from 1 to 10",
                    hint: "for example DEADBOLT_HTTP_ATTEMPTS=3")
            }
            settings.attempts = value
        }
        if let text = environment["DEADBOLT_HTTP_BACKOFF"] {
            guard let value = Double(text), backoffRange.contains(value) else {
                throw HTTPError(
                    .badSetting, "DEADBOLT_HTTP_BACKOFF=\(text) is not a number of seconds between 0 and 60",
                    hint: "for example DEADBOLT_HTTP_BACKOFF=1")
            }
            settings.backoffSeconds = value
        }
        if let path = environment["SSL_CERT_FILE"], !path.isEmpty {
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw HTTPError(
                    .badSetting, "SSL_CERT_FILE=\(path) cannot be read",
                    hint: "point it at a PEM file of the certificates to trust, or unset it")
            }
            settings.certificateFile = path
        }
        return settings
    }

    /// How long to wait before try `attempt + 1`: the server's `Retry-After` when it gives one
    /// that can be read, else the backoff doubled for each earlier try; never more than
    /// ``waitLimitSeconds``.
    public func wait(afterAttempt attempt: Int, retryAfter: String?, now: Date = Date()) -> Double {
        if let retryAfter, let asked = RetryAfter.seconds(retryAfter, now: now) {
            return min(asked, waitLimitSeconds)
        }
        let doubled = backoffSeconds * pow(2, Double(min(max(attempt - 1, 0), 30)))
        return min(doubled, waitLimitSeconds)
    }
}

/// Reads a `Retry-After` header: a number of seconds, or an HTTP date.
public enum RetryAfter {
    /// The seconds to wait, at least 0; nil when `value` is neither form or is out of range
    /// (more than a day, a date in another century).
    public static func seconds(_ value: String, now: Date = Date()) -> Double? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(text) {
            return seconds.isFinite && (0...86_400).contains(seconds) ? seconds : nil
        }
        for format in formats {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: text) {
                let delay = date.timeIntervalSince(now)
                guard delay <= 86_400 else { return nil }
                return max(0, delay)
            }
        }
        return nil
    }

    /// IMF-fixdate, then the obsolete RFC 850 and asctime forms RFC 9110 says a client accepts.
    static let formats = ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"]
}
