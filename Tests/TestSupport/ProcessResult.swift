import Foundation

/// What a finished process printed and how it exited.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    public var stdoutBytes: [UInt8]

    /// Runs `argv` (found on PATH when it has no slash) in `folder`, feeding `input` on stdin.
    public static func run(
        _ argv: [String], in folder: String, environment: [String: String]? = nil, input: [UInt8] = []
    ) throws -> ProcessResult {
        let (process, outPipe, errPipe, inPipe) = try start(argv, in: folder, environment: environment)
        let group = DispatchGroup()
        nonisolated(unsafe) var out = Data()
        nonisolated(unsafe) var err = Data()
        group.enter()
        DispatchQueue.global().async {
            out = outPipe.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            err = errPipe.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        if !input.isEmpty { try? inPipe.fileHandleForWriting.write(contentsOf: Data(input)) }
        try? inPipe.fileHandleForWriting.close()
        group.wait()
        process.waitUntilExit()
        return ProcessResult(
            status: process.terminationStatus,
            stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self),
            stdoutBytes: Array(out))
    }

    /// Starts the process. ETXTBSY means a script written an instant ago is still open for writing in
    /// the child of another test thread's fork, which closes it at its exec; a few short retries
    /// start the program rather than fail the test (the same rule as `ProcessRunner.spawn`).
    static func start(
        _ argv: [String], in folder: String, environment: [String: String]?
    ) throws -> (Process, Pipe, Pipe, Pipe) {
        var attempt = 0
        while true {
            let process = Process()
            if argv[0].contains("/") {
                process.executableURL = URL(fileURLWithPath: argv[0])
                process.arguments = Array(argv.dropFirst())
            } else {
                process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                process.arguments = argv
            }
            process.currentDirectoryURL = URL(fileURLWithPath: folder)
            if let environment { process.environment = environment }
            let outPipe = Pipe()
            let errPipe = Pipe()
            let inPipe = Pipe()
            process.standardOutput = outPipe
            process.standardError = errPipe
            process.standardInput = inPipe
            do {
                try process.run()
                return (process, outPipe, errPipe, inPipe)
            } catch let error as NSError where attempt < 5 && isTextFileBusy(error) {
                attempt += 1
                usleep(useconds_t(10_000 * attempt))
            }
        }
    }

    static func isTextFileBusy(_ error: NSError) -> Bool {
        if error.domain == NSPOSIXErrorDomain && error.code == Int(ETXTBSY) { return true }
        guard let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError else { return false }
        return isTextFileBusy(underlying)
    }
}
