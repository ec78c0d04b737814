import DeadboltCore
import DeadboltHTTP

/// How patient posting is: DeadboltHTTP's settings, read from `DEADBOLT_HTTP_*` and `SSL_CERT_FILE`.
public typealias PostSettings = HTTPSettings

/// Sends a forge's API requests through the shared HTTP client, the token kept out of everything
/// it says, and turns a request that got no answer into a `PostError` that says what to check.
public final class APIClient: Sendable {
    let http: RetryingHTTPClient

    /// `secret` is taken out of every message; `log` hears each attempt (for DEADBOLT_TRACE).
    public init(
        apiURL: String, settings: PostSettings, secret: String?, environment: [String: String],
        log: @escaping @Sendable (String) -> Void
    ) {
        http = RetryingHTTPClient(
            apiURL: apiURL, settings: settings, secrets: secret.map { [$0] } ?? [], environment: environment, log: log)
    }

    var settings: PostSettings { http.settings }

    /// Runs `body` with a client and shuts the client down after it, whatever happened.
    public static func with<T>(
        apiURL: String, settings: PostSettings, secret: String?, environment: [String: String],
        log: @escaping @Sendable (String) -> Void, _ body: (APIClient) async throws(PostError) -> T
    ) async throws(PostError) -> T {
        let client = APIClient(apiURL: apiURL, settings: settings, secret: secret, environment: environment, log: log)
        let result: Result<T, PostError>
        do { result = .success(try await body(client)) } catch { result = .failure(error) }
        await client.http.shutdown()
        return try result.get()
    }

    /// The answer to `request`; any status the server sends comes back, after retries for 5xx
    /// and 429. Throws only when no answer came: a timeout, or no connection after every try.
    public func send(_ request: APIRequest) async throws(PostError) -> APIResponse {
        do {
            return try await http.send(request)
        } catch {
            switch error.kind {
            case .timedOut:
                throw PostError(
                    error.message,
                    hint: "the server may be down or unreachable from this runner; DEADBOLT_HTTP_TIMEOUT sets the limit"
                )
            case .unreachable:
                throw PostError(
                    error.message,
                    hint: "check the API address (GITHUB_API_URL, CI_API_V4_URL) and the runner's network or proxy")
            case .untrustedCertificate, .tooLarge, .badSetting:
                throw PostError(error.message, hint: error.hint)
            }
        }
    }

    /// `text` with the token replaced by `***`.
    public func redact(_ text: String) -> String { http.redact(text) }
}
