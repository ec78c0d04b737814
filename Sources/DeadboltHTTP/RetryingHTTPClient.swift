import AsyncHTTPClient
import DeadboltCore
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// Sends requests to one HTTP API with a time limit, tries again after a server error, a rate
/// limit or a lost connection (bounded, with growing waits or the server's `Retry-After`), and
/// keeps the secrets it is given out of everything it says.
///
/// The connection pool is made on the first request, so a client that sends nothing needs no
/// shutdown; one that sent anything must be shut down (``shutdown()``).
public final class RetryingHTTPClient: @unchecked Sendable {
    public let settings: HTTPSettings
    let secrets: [String]
    let log: @Sendable (String) -> Void
    let configuration: HTTPClient.Configuration
    private let lock = NSLock()
    private var pool: HTTPClient?
    private var closed = false

    /// The one event loop every client's connections and requests live on, for the life of the
    /// process. With several (async-http-client's default is one a core), a request could be on
    /// another loop than its connection; a server that hung up right after answering then stopped
    /// the process inside the pool ("A connection that we don't know was released?", 1.37.0).
    /// One loop carries deadbolt's traffic easily: every request waits on the network, not on it.
    static let loop = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    /// The largest answer read: a bigger one is refused, not retried.
    public static let bodyLimit = 16 << 20

    /// `secrets` are taken out of every message (tokens, API keys); `log` hears each try (for
    /// DEADBOLT_TRACE), never a header. `environment` is read for the proxy variables.
    public init(
        apiURL: String, settings: HTTPSettings, secrets: [String], environment: [String: String],
        log: @escaping @Sendable (String) -> Void
    ) {
        self.settings = settings
        self.secrets = secrets.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
        self.log = log
        let limit = TimeAmount.milliseconds(Int64(settings.timeoutSeconds * 1000))
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow, timeout: .init(connect: limit, read: limit))
        configuration.proxy = ProxySetting.proxy(environment: environment, for: apiURL)
        // deadbolt tries again itself, a bounded number of times; the pool would keep trying a
        // refused or untrusted connection until the time limit.
        configuration.connectionPool.retryConnectionEstablishment = false
        // The pool opens 8 HTTP/1.1 connections to a host by default; more requests in flight
        // than that would queue inside it, however many jobs deadbolt runs.
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = settings.connectionsPerHost
        if let file = settings.certificateFile {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.additionalTrustRoots = [.file(file)]
            configuration.tlsConfiguration = tls
        }
        self.configuration = configuration
    }

    /// The pool, made on first use; nil once shut down.
    private func client() -> HTTPClient? {
        lock.lock()
        defer { lock.unlock() }
        if closed { return nil }
        if let pool { return pool }
        let made = HTTPClient(eventLoopGroup: Self.loop, configuration: configuration)
        pool = made
        return made
    }

    /// Closes the connections; later requests fail. Safe to call more than once.
    public func shutdown() async {
        try? await takePool()?.shutdown()
    }

    /// The same, blocking the calling thread (never an event loop's).
    public func shutdownBlocking() {
        try? takePool()?.syncShutdown()
    }

    private func takePool() -> HTTPClient? {
        lock.withLock {
            closed = true
            defer { pool = nil }
            return pool
        }
    }

    /// The answer to `request`; any status the server sends comes back, after retries for 5xx
    /// and 429. Throws only when no answer came: a timeout, no connection after every try, an
    /// untrusted certificate, or an answer too large to read.
    public func send(_ request: APIRequest) async throws(HTTPError) -> APIResponse {
        var attempt = 1
        while true {
            switch next(after: await once(request), to: request, attempt: attempt) {
            case .answer(let response): return response
            case .stop(let error): throw error
            case .retry(let seconds): try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            }
            attempt += 1
        }
    }

    /// The same, blocking the calling thread until the answer is in: for threads of deadbolt's
    /// own, such as the scheduler's jobs, never a task or an event loop. Each try is one hop to an
    /// event loop and back, with no task and no wait on the cooperative pool.
    public func sendBlocking(_ request: APIRequest) throws(HTTPError) -> APIResponse {
        var attempt = 1
        while true {
            switch next(after: onceBlocking(request), to: request, attempt: attempt) {
            case .answer(let response): return response
            case .stop(let error): throw error
            case .retry(let seconds): Thread.sleep(forTimeInterval: seconds)
            }
            attempt += 1
        }
    }

    enum Outcome {
        case answered(APIResponse)
        case timedOut
        case tooLarge
        case failed(String)
    }

    enum Step {
        case answer(APIResponse)
        case stop(HTTPError)
        /// Try again after this many seconds.
        case retry(Double)
    }

    /// What to do after try `attempt` of `request` came out as `outcome`; logs both.
    func next(after outcome: Outcome, to request: APIRequest, attempt: Int) -> Step {
        let limit = TimeText.seconds(settings.timeoutSeconds)
        var retryAfter: String?
        switch outcome {
        case .answered(let response):
            log("\(request.line) → \(response.status) in \(response.latencyMs) ms (attempt \(attempt))")
            let retryable = response.status >= 500 || response.status == 429
            guard retryable, attempt < settings.attempts else { return .answer(response) }
            retryAfter = response.header("Retry-After")
        case .timedOut:
            log("\(request.line) → no answer within \(limit) (attempt \(attempt))")
            return .stop(
                HTTPError(
                    .timedOut, "no answer from \(host(request.url)) within \(limit): \(request.line)",
                    attempts: attempt))
        case .tooLarge:
            log("\(request.line) → an answer larger than \(Self.bodyLimit >> 20) MiB (attempt \(attempt))")
            return .stop(
                HTTPError(
                    .tooLarge,
                    "\(host(request.url)) answered more than \(Self.bodyLimit >> 20) MiB to \(request.line)",
                    attempts: attempt))
        case .failed(let reason):
            log("\(request.line) → \(redact(reason)) (attempt \(attempt))")
            if reason.uppercased().contains("CERTIFICATE") {
                // Trying again will not make the certificate trusted.
                return .stop(
                    HTTPError(
                        .untrustedCertificate,
                        "could not reach \(host(request.url)): its TLS certificate is not trusted (\(redact(reason)))",
                        hint:
                            "for a server with a private certificate authority, set SSL_CERT_FILE to a PEM file of "
                            + "its certificate", attempts: attempt))
            }
            guard attempt < settings.attempts else {
                let tries = "\(attempt) tr\(attempt == 1 ? "y" : "ies")"
                return .stop(
                    HTTPError(
                        .unreachable, "could not reach \(host(request.url)) after \(tries): \(redact(reason))",
                        attempts: attempt))
            }
        }
        let delay = settings.wait(afterAttempt: attempt, retryAfter: retryAfter)
        log("waiting \(TimeText.seconds(delay)) before trying again")
        return .retry(delay)
    }

    func once(_ request: APIRequest) async -> Outcome {
        guard let client = client() else { return .failed("the HTTP client was already shut down") }
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body.bytes)) }
        let start = ContinuousClock.now
        do {
            let response = try await client.execute(
                outgoing, timeout: .milliseconds(Int64(settings.timeoutSeconds * 1000)))
            let body = try await response.body.collect(upTo: Self.bodyLimit)
            return .answered(
                APIResponse(
                    status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                    body: Array(body.readableBytesView), latencyMs: TimeText.milliseconds(since: start)))
        } catch {
            return Self.outcome(of: error)
        }
    }

    func onceBlocking(_ request: APIRequest) -> Outcome {
        guard let client = client() else { return .failed("the HTTP client was already shut down") }
        let outgoing: HTTPClient.Request
        do {
            var headers = HTTPHeaders()
            for (name, value) in request.headers { headers.add(name: name, value: value) }
            outgoing = try HTTPClient.Request(
                url: request.url, method: HTTPMethod(rawValue: request.method), headers: headers,
                body: request.body.map { .bytes($0.bytes) })
        } catch {
            return .failed(String(describing: error))
        }
        let start = ContinuousClock.now
        let accumulator = ResponseAccumulator(request: outgoing, maxBodySize: Self.bodyLimit)
        do {
            let response = try client.execute(
                request: outgoing, delegate: accumulator,
                deadline: .now() + .milliseconds(Int64(settings.timeoutSeconds * 1000))
            ).wait()
            return .answered(
                APIResponse(
                    status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                    body: response.body.map { Array($0.readableBytesView) } ?? [],
                    latencyMs: TimeText.milliseconds(since: start)))
        } catch {
            return Self.outcome(of: error)
        }
    }

    static func outcome(of error: any Error) -> Outcome {
        if let error = error as? HTTPClientError, error == .deadlineExceeded || error == .readTimeout {
            return .timedOut
        }
        if error is NIOTooManyBytesError || error is ResponseAccumulator.ResponseTooBigError { return .tooLarge }
        return .failed(String(describing: error))
    }

    /// `text` with every secret replaced by `***`.
    public func redact(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
    }

    /// `https://api.example.com:8443`: the scheme, host and port of `url`.
    public func host(_ url: String) -> String {
        let afterScheme = url.range(of: "://").map { url[$0.upperBound...] } ?? Substring(url)
        return "\(url.prefix(while: { $0 != ":" }))://\(afterScheme.prefix(while: { $0 != "/" }))"
    }
}
