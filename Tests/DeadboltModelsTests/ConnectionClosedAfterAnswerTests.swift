import DeadboltHTTP
import Foundation
import TestSupport
import Testing

/// A server that answers and then closes the connection at once, without `Connection: close`:
/// the pool learns the connection is gone while it is still handing it back. async-http-client
/// 1.37 stops the process there ("A connection that we don't know was released?") when the
/// request and its connection live on different event loops; deadbolt keeps them on one.
@Suite(.timeLimit(.minutes(2))) struct ConnectionClosedAfterAnswerTests {
    @Test func answersFromAServerThatHangsUpAfterEachOneAreReadWithoutACrash() throws {
        let server = try HangUpServer()
        let url = server.url
        let client = RetryingHTTPClient(
            apiURL: url,
            settings: HTTPSettings(timeoutSeconds: 5, attempts: 5, backoffSeconds: 0.01, connectionsPerHost: 4),
            secrets: [], environment: [:], log: { _ in })
        defer { client.shutdownBlocking() }
        let answered = Counter()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<150 {
                let request = APIRequest(
                    method: "POST", url: url, headers: [("Content-Type", "application/json")],
                    body: JSONValueBody(#"{"question": "is it pro-rata?"}"#))
                do {
                    let response = try client.sendBlocking(request)
                    if response.status == 200, response.body == [123, 125] { answered.add() }
                } catch {
                    answered.fail(String(describing: error))
                }
            }
        }
        // Before the fix the process stopped in 5 runs of 6. A try can still meet a connection the
        // server has closed but the pool has not yet seen close, and another thread's answer
        // leaves a new one of those, so a request can use up its tries; that is the only failure.
        // NIO names it two ways: the peer's close seen while writing (`remoteConnectionClosed`),
        // or the channel already closed when the write starts ("I/O on closed channel", seen once
        // in a CI run of 2026-12-04).
        #expect(answered.value + answered.failures.count == 600)
        #expect(answered.value >= 570, "\(answered.failures.prefix(3))")
        #expect(
            answered.failures.allSatisfy {
                $0.contains("remoteConnectionClosed") || $0.contains("I/O on closed channel")
            },
            "\(answered.failures)")
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        private var errors: [String] = []
        func add() { lock.withLock { count += 1 } }
        func fail(_ error: String) { lock.withLock { errors.append(error) } }
        var value: Int { lock.withLock { count } }
        var failures: [String] { lock.withLock { errors } }
    }

    /// Python on 127.0.0.1: reads one request, answers `{}` with a length, and closes the socket.
    final class HangUpServer {
        let url: String
        private let server: PythonServer

        init() throws {
            server = try PythonServer(name: "hang-up server", prefix: "deadbolt-hangup", script: Self.script) { _ in []
            }
            url = "http://127.0.0.1:\(server.port)/v1/chat/completions"
        }

        static let script = #"""
            import socket, threading
            server = socket.socket()
            server.bind(("127.0.0.1", 0))
            server.listen(256)
            print(server.getsockname()[1], flush=True)

            def answer(connection):
                try:
                    data = b""
                    while b"\r\n\r\n" not in data:
                        chunk = connection.recv(65536)
                        if not chunk:
                            return
                        data += chunk
                    head, _, body = data.partition(b"\r\n\r\n")
                    length = 0
                    for line in head.split(b"\r\n")[1:]:
                        name, _, value = line.partition(b":")
                        if name.strip().lower() == b"content-length":
                            length = int(value)
                    while len(body) < length:
                        chunk = connection.recv(65536)
                        if not chunk:
                            return
                        body += chunk
                    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                       b"Content-Length: 2\r\n\r\n{}")
                except OSError:
                    pass
                finally:
                    connection.close()

            while True:
                connection, _ = server.accept()
                threading.Thread(target=answer, args=(connection,), daemon=True).start()
            """#
    }
}
