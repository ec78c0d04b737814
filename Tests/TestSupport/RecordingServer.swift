import Foundation

/// A real HTTP server on 127.0.0.1 (Python's http.server) that answers from a script and records
/// every request it is sent: method, path, headers and body, one JSON line each.
///
/// A rule is `{"method": "POST", "path": "/repos/acme/bot/statuses/", "responses": [...]}`; the
/// first rule whose method matches and whose `path` starts the request's path answers. Its
/// responses are used in turn, the last one again and again. A response is
/// `{"status": 201, "body": <JSON>, "headers": {"Link": "<{base}/x?page=2>; rel=\"next\""}}`
/// (`{base}` becomes the server's address) or `{"hang": 30}`, which answers nothing for 30 s.
/// A request no rule matches gets 404. As a proxy it accepts `CONNECT` and answers what comes
/// through the tunnel (plain HTTP only). The server stops by itself after `lifetime` seconds.
public final class RecordingServer: @unchecked Sendable {
    public let url: String
    public var port: Int { server.port }
    private let server: PythonServer
    private var folder: String { server.folder }

    /// With `tls`, the server speaks HTTPS with that certificate and key (PEM files).
    public init(rules: String, lifetime: Int = 120, tls: (certificate: String, key: String)? = nil) throws {
        server = try PythonServer(
            name: "recording server", prefix: "deadbolt-server", script: Self.script,
            files: ["rules.json": Data(rules.utf8)]
        ) { folder in
            [folder + "/rules.json", folder + "/requests.jsonl", String(lifetime)]
                + (tls.map { [$0.certificate, $0.key] } ?? [])
        }
        url = "\(tls == nil ? "http" : "https")://127.0.0.1:\(server.port)"
    }

    /// Every request so far, in the order it arrived, as JSON text lines.
    public func requestLines() -> [String] {
        guard let data = FileManager.default.contents(atPath: folder + "/requests.jsonl") else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// A self-signed certificate for 127.0.0.1 and its key, made with openssl in `folder`.
    public static func makeCertificate(in folder: String) throws -> (certificate: String, key: String) {
        let certificate = folder + "/cert.pem"
        let key = folder + "/key.pem"
        let result = try ProcessResult.run(
            [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate,
                "-days", "2",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            ], in: folder)
        guard result.status == 0 else {
            throw ServerError(message: "openssl could not make a certificate: \(result.stderr)")
        }
        return (certificate, key)
    }

    public struct ServerError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    static let script = #"""
        import json, ssl, sys, threading, time
        from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler

        rules_path, log_path, lifetime = sys.argv[1], sys.argv[2], int(sys.argv[3])
        rules = json.load(open(rules_path))
        used = {}
        lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                entry = {"method": self.command, "path": self.path,
                         "headers": {k.lower(): v for k, v in self.headers.items()},
                         "body": body.decode("utf-8", "replace")}
                with lock:
                    with open(log_path, "a") as log:
                        log.write(json.dumps(entry) + "\n")
                    index = next((i for i, r in enumerate(rules)
                                  if r.get("method", self.command) == self.command \#
        and self.path.startswith(r["path"])), None)
                    if index is None:
                        response = {"status": 404, "body": {"message": "Not Found"}}
                    else:
                        n = used.get(index, 0)
                        used[index] = n + 1
                        responses = rules[index]["responses"]
                        response = responses[min(n, len(responses) - 1)]
                if "hang" in response:
                    time.sleep(response["hang"])
                    self.close_connection = True
                    return
                base = "http://127.0.0.1:%d" % self.server.server_address[1]
                payload = json.dumps(response.get("body", {})).encode()
                self.send_response(response["status"])
                for name, value in response.get("headers", {}).items():
                    self.send_header(name, value.replace("{base}", base))
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = answer

            def do_CONNECT(self):
                # As a proxy: record the tunnel, then read the requests sent through it on this connection.
                with lock:
                    with open(log_path, "a") as log:
                        log.write(json.dumps({"method": "CONNECT", "path": self.path,
                                              "headers": {k.lower(): v for k, v in self.headers.items()}, \#
        "body": ""}) + "\n")
                self.send_response(200, "Connection established")
                self.end_headers()

            def log_message(self, *args):
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        if len(sys.argv) > 5:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(sys.argv[4], sys.argv[5])
            server.socket = context.wrap_socket(server.socket, server_side=True)
        print(server.server_address[1], flush=True)
        threading.Timer(lifetime, server.shutdown).start()
        server.serve_forever()
        """#
}
