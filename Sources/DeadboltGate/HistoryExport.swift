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
        defer { Task { await store.close() } }
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

    init(endpoint: String, environment: [String: String]) throws {
        guard endpoint.hasPrefix("http://") || endpoint.hasPrefix("https://"), !endpoint.contains("\n") else {
            throw InputError(
                "--otlp-endpoint must be an http:// or https:// URL, not \(endpoint)",
                hint: "for example --otlp-endpoint http://127.0.0.1:4318 (the collector's OTLP/HTTP port)")
        }
        var base = endpoint
        while base.hasSuffix("/") { base.removeLast() }
        url = base.hasSuffix("/v1/traces") ? base : base + "/v1/traces"
        client = RetryingHTTPClient(
            apiURL: url, settings: try HTTPSettings.from(environment: environment), secrets: [],
            environment: environment, log: { _ in })
    }

    func post(_ body: String) throws {
        let response = try client.sendBlocking(
            APIRequest(
                method: "POST", url: url, headers: [("Content-Type", "application/json")], body: JSONValueBody(body)))
        guard (200..<300).contains(response.status) else {
            let said = String(decoding: response.body.prefix(300), as: UTF8.self)
            throw InputError("the collector at \(url) answered \(response.status): \(said)")
        }
    }

    func close() { client.shutdownBlocking() }
}
