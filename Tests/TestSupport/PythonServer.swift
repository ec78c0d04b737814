import Foundation

/// A server written in Python, started on 127.0.0.1 from a folder of its own: the script is
/// `server.py` there, beside the `files` it is given, and it prints its port on its first line.
/// Killed and its folder removed when this goes away.
public final class PythonServer: @unchecked Sendable {
    public let port: Int
    public let folder: String
    private let process: Process

    /// `arguments` are given the folder and return the script's arguments; `name` says which
    /// server did not start.
    public init(
        name: String, prefix: String, script: String, files: [String: Data] = [:], arguments: (String) -> [String]
    ) throws {
        folder = try TemporaryFolder.make(prefix: prefix)
        try Data(script.utf8).write(to: URL(fileURLWithPath: folder + "/server.py"))
        for (file, data) in files { try data.write(to: URL(fileURLWithPath: folder + "/" + file)) }
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", folder + "/server.py"] + arguments(folder)
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let printed = String(decoding: line, as: UTF8.self)
        guard let port = Int(printed.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try? FileManager.default.removeItem(atPath: folder)
            throw RecordingServer.ServerError(message: "the \(name) did not start: \(printed)")
        }
        self.port = port
    }

    deinit {
        // SIGKILL: a test runner may hand its children SIGTERM ignored.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: folder)
    }
}
