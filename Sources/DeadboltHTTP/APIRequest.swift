/// One request to an HTTP API: a forge's REST API, or a model's chat-completions endpoint.
public struct APIRequest: Sendable {
    public var method: String
    public var url: String
    /// Never logged nor put in a message: they carry tokens and keys.
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
    /// How long the try that got this answer took, from sending to the last byte of the body.
    public var latencyMs: Int

    public init(status: Int, headers: [(String, String)], body: [UInt8], latencyMs: Int = 0) {
        self.status = status
        self.headers = headers
        self.body = body
        self.latencyMs = latencyMs
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    public var text: String { String(decoding: body, as: UTF8.self) }
}
