import AsyncHTTPClient
import DeadboltCore
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// One request to a forge's REST API.
public struct APIRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(String, String)]
    public var body: JSONValueBody?

    public init(method: String, url: String, headers: [(String, String)], body: JSONValueBody? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// `POST https://api.github.com/repos/o/r/statuses/abc`: what logs and messages show; never a header.
    public var line: String { "\(method) \(url)" }
}

/// A JSON request body, already encoded.
public struct JSONValueBody: Sendable {
    public var bytes: [UInt8]
    public init(_ text: String) { bytes = Array(text.utf8) }
}

/// What the server answered.
public struct APIResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// Sends API requests with a time limit, tries again after a server error or a lost connection
/// (bounded, with growing waits), and keeps the token out of everything it says.
public final class APIClient: Sendable {
    let settings: PostSettings
    let secret: String?
    let log: @Sendable (String) -> Void
    let client: HTTPClient

    /// `secret` is taken out of every message; `log` hears each attempt (for DEADBOLT_TRACE).
    public init(
        apiURL: String, settings: PostSettings, secret: String?, environment: [String: String],
        log: @escaping @Sendable (String) -> Void
    ) {
        self.settings = settings
        self.secret = secret
        self.log = log
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(
                connect: .milliseconds(Int64(settings.timeoutSeconds * 1000)),
                read: .milliseconds(Int64(settings.timeoutSeconds * 1000))))
        configuration.proxy = ProxySetting.proxy(environment: environment, for: apiURL)
        // deadbolt tries again itself, a bounded number of times; the pool would keep trying a
        // refused or untrusted connection until the time limit.
        configuration.connectionPool.retryConnectionEstablishment = false
        if let file = settings.certificateFile {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.additionalTrustRoots = [.file(file)]
            configuration.tlsConfiguration = tls
        }
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// Runs `body` with a client and shuts the client down after it, whatever happened.
    public static func with<T>(
        apiURL: String, settings: PostSettings, secret: String?, environment: [String: String],
        log: @escaping @Sendable (String) -> Void, _ body: (APIClient) async throws(PostError) -> T
    ) async throws(PostError) -> T {
        let client = APIClient(apiURL: apiURL, settings: settings, secret: secret, environment: environment, log: log)
        let result: Result<T, PostError>
        do { result = .success(try await body(client)) } catch { result = .failure(error) }
        try? await client.client.shutdown()
        return try result.get()
    }

    /// The answer to `request`; any status the server sends comes back, after retries for 5xx
    /// and 429. Throws only when no answer came: a timeout, or no connection after every try.
    public func send(_ request: APIRequest) async throws(PostError) -> APIResponse {
        var attempt = 1
        while true {
            let outcome = await once(request)
            switch outcome {
            case .answered(let response):
                log("\(request.line) → \(response.status) (attempt \(attempt))")
                let retryable = response.status >= 500 || response.status == 429
                guard retryable, attempt < settings.attempts else { return response }
                await wait(attempt: attempt, retryAfter: response.header("Retry-After"))
            case .timedOut:
                let limit = TimeText.seconds(settings.timeoutSeconds)
                log("\(request.line) → no answer within \(limit) (attempt \(attempt))")
                throw PostError(
                    "no answer from \(host(request.url)) within \(limit): \(request.line)",
                    hint: "the server may be down or unreachable from this runner; DEADBOLT_HTTP_TIMEOUT sets the limit"
                )
            case .failed(let reason):
                log("\(request.line) → \(reason) (attempt \(attempt))")
                if reason.uppercased().contains("CERTIFICATE") {
                    // Trying again will not make the certificate trusted.
                    throw PostError(
                        "could not reach \(host(request.url)): its TLS certificate is not trusted (\(redact(reason)))",
                        hint:
                            "for a server with a private certificate authority, "
                            + "set SSL_CERT_FILE to a PEM file of its certificate"
                    )
                }
                guard attempt < settings.attempts else {
                    let tries = "\(Plural.count(attempt, "try", plural: "tries"))"
                    throw PostError(
                        "could not reach \(host(request.url)) after \(tries): \(redact(reason))",
                        hint: "check the API address (GITHUB_API_URL, CI_API_V4_URL) and the runner's network or proxy")
                }
                await wait(attempt: attempt, retryAfter: nil)
            }
            attempt += 1
        }
    }

    enum Outcome {
        case answered(APIResponse)
        case timedOut
        case failed(String)
    }

    func once(_ request: APIRequest) async -> Outcome {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body.bytes)) }
        do {
            let response = try await client.execute(
                outgoing, timeout: .milliseconds(Int64(settings.timeoutSeconds * 1000)))
            let body = try await response.body.collect(upTo: 16 << 20)
            return .answered(
                APIResponse(
                    status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                    body: Array(body.readableBytesView)))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            return .timedOut
        } catch {
            return .failed(String(describing: error))
        }
    }

    /// Waits before try `attempt + 1`: the server's Retry-After when it gives one (at most 60 s),
    /// else the backoff doubled for each earlier try.
    func wait(attempt: Int, retryAfter: String?) async {
        var delay = settings.backoffSeconds * Double(1 << (attempt - 1))
        if let retryAfter, let asked = Double(retryAfter.trimmingCharacters(in: .whitespaces)), asked >= 0 {
            delay = min(asked, 60)
        }
        log("waiting \(TimeText.seconds(delay)) before trying again")
        try? await Task.sleep(for: .milliseconds(Int(delay * 1000)))
    }

    /// `text` with the token replaced by `***`.
    public func redact(_ text: String) -> String {
        guard let secret, !secret.isEmpty else { return text }
        return text.replacingOccurrences(of: secret, with: "***")
    }

    func host(_ url: String) -> String {
        let afterScheme = url.range(of: "://").map { url[$0.upperBound...] } ?? Substring(url)
        return "\(url.prefix(while: { $0 != ":" }))://\(afterScheme.prefix(while: { $0 != "/" }))"
    }
}
