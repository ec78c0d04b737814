import Foundation

/// A chat-completions server on 127.0.0.1 (Python's http.server) for the `type: openai` tests:
/// it answers `POST .../chat/completions` from a script and records every request it is sent
/// (method, path, headers, body).
///
/// The script is a list of answers used in turn, the last one again and again. An answer is
/// - `.echo(...)`: 200 with `choices[0].message.content` the last user message's text (or
///   `reply`), the given `model`, `usage` and `cost`;
/// - `.status(code, body:, headers:)`: that status with a JSON body;
/// - `.raw(code, text)`: that status with `text` as the body, JSON or not;
/// and each may wait `delay` seconds first. The server stops by itself after `lifetime` seconds.
public final class OpenAICompatibleServer: @unchecked Sendable {
    public enum Answer: Sendable {
        case echo(
            model: String = "gpt-test-2025-01-01", reply: String? = nil, promptTokens: Int = 11,
            completionTokens: Int = 7, cost: Double? = nil, delay: Double = 0)
        case status(Int, body: String, headers: [String: String] = [:], delay: Double = 0)
        case raw(Int, String, delay: Double = 0)

        var json: [String: Any] {
            switch self {
            case .echo(let model, let reply, let prompt, let completion, let cost, let delay):
                var echo: [String: Any] = [
                    "model": model, "prompt_tokens": prompt, "completion_tokens": completion, "delay": delay,
                ]
                if let reply { echo["reply"] = reply }
                if let cost { echo["cost"] = cost }
                return ["echo": echo, "delay": delay]
            case .status(let code, let body, let headers, let delay):
                return ["status": code, "raw": body, "headers": headers, "delay": delay]
            case .raw(let code, let text, let delay):
                return ["status": code, "raw": text, "delay": delay]
            }
        }
    }

    /// One request the server was sent.
    public struct Request: Decodable, Sendable {
        public var method: String
        public var path: String
        /// Names in lower case.
        public var headers: [String: String]
        public var body: String
    }

    /// `http://127.0.0.1:PORT/v1`: what `provider.base_url` is set to.
    public let baseURL: String
    public var port: Int { server.port }
    private let server: PythonServer
    private var folder: String { server.folder }

    public init(_ answers: [Answer], lifetime: Int = 120) throws {
        let script = try JSONSerialization.data(withJSONObject: answers.map(\.json))
        server = try PythonServer(
            name: "chat-completions server", prefix: "deadbolt-openai", script: Self.script,
            files: ["answers.json": script]
        ) { folder in [folder + "/answers.json", folder + "/requests.jsonl", String(lifetime)] }
        baseURL = "http://127.0.0.1:\(server.port)/v1"
    }

    /// Every request so far, in the order it arrived.
    public func requests() throws -> [Request] {
        guard let data = FileManager.default.contents(atPath: folder + "/requests.jsonl") else { return [] }
        return try data.split(separator: UInt8(ascii: "\n")).map {
            try JSONDecoder().decode(Request.self, from: Data($0))
        }
    }

    static let script = #"""
        import json, sys, threading, time
        from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler

        answers_path, log_path, lifetime = sys.argv[1], sys.argv[2], int(sys.argv[3])
        answers = json.load(open(answers_path))
        count = 0
        lock = threading.Lock()

        def last_user_text(request):
            for message in reversed(request.get("messages") or []):
                if message.get("role") == "user":
                    content = message.get("content")
                    if isinstance(content, str):
                        return content
                    return json.dumps(content)
            return ""

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                global count
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                entry = {"method": self.command, "path": self.path,
                         "headers": {k.lower(): v for k, v in self.headers.items()},
                         "body": body.decode("utf-8", "replace")}
                with lock:
                    with open(log_path, "a") as log:
                        log.write(json.dumps(entry) + "\n")
                    answer = answers[min(count, len(answers) - 1)]
                    count += 1
                if answer.get("delay"):
                    time.sleep(answer["delay"])
                headers = answer.get("headers", {})
                if "echo" in answer:
                    echo = answer["echo"]
                    try:
                        request = json.loads(body)
                    except ValueError:
                        request = {}
                    reply = {"id": "chatcmpl-test", "object": "chat.completion", "model": echo["model"],
                             "choices": [{"index": 0, "finish_reason": "stop",
                                          "message": {"role": "assistant",
                                                      "content": echo.get("reply", last_user_text(request))}}],
                             "usage": {"prompt_tokens": echo["prompt_tokens"],
                                       "completion_tokens": echo["completion_tokens"],
                                       "total_tokens": echo["prompt_tokens"] + echo["completion_tokens"]}}
                    if "cost" in echo:
                        reply["usage"]["cost"] = echo["cost"]
                    status, payload = 200, json.dumps(reply).encode()
                else:
                    status, payload = answer["status"], answer["raw"].encode()
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:
                    self.close_connection = True

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 128

            def handle_error(self, request, client_address):
                pass

        server = Server(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        threading.Timer(lifetime, server.shutdown).start()
        server.serve_forever()
        """#
}
