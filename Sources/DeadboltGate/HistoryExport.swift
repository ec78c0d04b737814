import DeadboltCore
import DeadboltHTTP
import DeadboltHistory
import Foundation

/// `deadbolt history export`: the records as JSON Lines or OTLP JSON, to a file, stdout, or an
/// OTLP/HTTP collector.
public struct HistoryExport {
    public enum Format: String, Sendable, CaseIterable { case jsonl, otlp }

    let workspace: Workspace
    /// How many spans one OTLP request carries.
    static let spansPerRequest = 500

    public init(workspace: Workspace) { self.workspace = workspace }

    /// Writes every record `filter` selects through `write` (one JSON line each, or one OTLP request
    /// per line of up to 500 spans), or posts OTLP requests to `endpoint`. Returns how many records.
    public func export(
        _ filter: RecordFilter, format: Format, endpoint: String?, version: String, write: (String) throws -> Void
    ) async throws -> Int {
        let environment = ProcessInfo.processInfo.environment
        let config = try HistoryReading(workspace: workspace).config()
        let opened = try await workspace.openHistory(config, environment: environment)
        guard let store = opened.store else { return 0 }
        do {
            let count = try await export(
                from: store, filter, format: format, endpoint: endpoint, version: version, write: write)
            await store.close()
            return count
        } catch {
            await store.close()
            throw error
        }
    }

    func export(
        from store: any HistoryStore, _ filter: RecordFilter, format: Format, endpoint: String?, version: String,
        write: (String) throws -> Void
    ) async throws -> Int {
        let environment = ProcessInfo.processInfo.environment
        var poster: OTLPPoster?
        if let endpoint { poster = try OTLPPoster(endpoint: endpoint, environment: environment) }
        defer { poster?.close() }
        var count = 0
        var batch: [EvalRecord] = []
        var failure: (any Error)?
        func flush() throws {
            guard !batch.isEmpty else { return }
            let request = RecordExport.otlp(batch, version: version).compactText()
            batch.removeAll(keepingCapacity: true)
            if let poster { try poster.post(request) } else { try write(request) }
        }
        try await store.eachRecord(filter) { record in
            count += 1
            if format == .jsonl && poster == nil {
                try write(RecordExport.json(record).compactText())
                return
            }
            batch.append(record)
            if batch.count >= Self.spansPerRequest {
                do { try flush() } catch {
                    failure = error
                    throw error
                }
            }
        }
        if let failure { throw failure }
        try flush()
        return count
    }
}

/// Posts OTLP/HTTP JSON to a collector's `/v1/traces`.
struct OTLPPoster {
    let url: String
    let client: RetryingHTTPClient
    /// From `OTEL_EXPORTER_OTLP_HEADERS`, as OpenTelemetry's exporters read it.
    let headers: [(String, String)]

    init(endpoint: String, environment: [String: String]) throws {
        guard endpoint.hasPrefix("http://") || endpoint.hasPrefix("https://"), !endpoint.contains("\n") else {
            throw InputError(
                "--otlp-endpoint must be an http:// or https:// URL, not \(endpoint)",
                hint: "for example --otlp-endpoint http://127.0.0.1:4318 (the collector's OTLP/HTTP port)")
        }
        var base = endpoint
        while base.hasSuffix("/") { base.removeLast() }
        url = base.hasSuffix("/v1/traces") ? base : base + "/v1/traces"
        headers = try Self.headers(environment["OTEL_EXPORTER_OTLP_HEADERS"] ?? "")
        client = RetryingHTTPClient(
            apiURL: url, settings: try HTTPSettings.from(environment: environment), secrets: headers.map(\.1),
            environment: environment, log: { _ in })
    }

    /// `name=value,name=value`, values percent-decoded; a pair without `=` is refused (its value never shown).
    static func headers(_ text: String) throws -> [(String, String)] {
        var result: [(String, String)] = []
        for pair in text.split(separator: ",") where !pair.allSatisfy({ $0 == " " }) {
            guard let equals = pair.firstIndex(of: "=") else {
                throw InputError(
                    "OTEL_EXPORTER_OTLP_HEADERS has an entry without `=`",
                    hint: "write name=value pairs separated by commas, e.g. Authorization=Basic%20...")
            }
            let name = String(pair[..<equals]).trimmingCharacters(in: .whitespaces)
            let raw = String(pair[pair.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, !name.contains(where: { $0 == "\r" || $0 == "\n" || $0 == ":" }) else {
                throw InputError("OTEL_EXPORTER_OTLP_HEADERS has a header without a usable name")
            }
            let value = raw.removingPercentEncoding ?? raw
            guard !value.contains(where: { $0 == "\r" || $0 == "\n" }) else {
                throw InputError("OTEL_EXPORTER_OTLP_HEADERS: the value of \(name) holds a line break")
            }
            result.append((name, value))
        }
        return result
    }

    func post(_ body: String) throws {
        let response = try client.sendBlocking(
            APIRequest(
                method: "POST", url: url, headers: [("Content-Type", "application/json")] + headers,
                body: JSONValueBody(body)))
        guard (200..<300).contains(response.status) else {
            let said = client.redact(String(decoding: response.body.prefix(300), as: UTF8.self))
            throw InputError("the collector at \(url) answered \(response.status): \(said)")
        }
    }

    func close() { client.shutdownBlocking() }
}
