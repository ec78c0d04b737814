import Foundation
import Subprocess

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// How one run of a program ended.
public struct ProcessOutcome: Sendable {
    public enum Ending: Sendable, Equatable {
        /// It exited with this code.
        case exited(Int32)
        /// A signal ended it.
        case signaled(Int32)
        /// It ran past the timeout and was killed.
        case timedOut(seconds: Double)
        /// It printed more than the limit on standard output and was killed.
        case outputLimitExceeded(bytes: Int)
    }

    public var ending: Ending
    /// Standard output, up to the limit.
    public var standardOutput: [UInt8]
    /// The last bytes of standard error.
    public var standardErrorTail: [UInt8]
    /// Wall time from start to end.
    public var durationMs: Int
}

/// A program that could not be started at all (missing, not executable).
public struct ProcessStartError: Error, Sendable, CustomStringConvertible {
    public var executable: String
    public var reason: String
    public var description: String { "cannot start \(executable): \(reason)" }
}

/// Runs one program without a shell: argv as given, bytes on stdin, bounded output, a timeout.
public enum ProcessRunner {
    /// How much standard output is kept before the program is stopped.
    public static let defaultOutputLimit = 16 * 1024 * 1024
    /// How much of standard error's end is kept for reports.
    public static let stderrTailLimit = 8 * 1024

    /// A provider that exits without reading its input closes the pipe deadbolt writes to; that
    /// must be an EPIPE for the writer, not a SIGPIPE that ends deadbolt.
    static let ignoreBrokenPipes: Void = {
        signal(SIGPIPE, SIG_IGN)
    }()

    /// Runs `argv` in `directory` with `input` on stdin.
    ///
    /// The program gets its own process group, so that a timeout also stops whatever it started.
    public static func run(
        _ argv: [String], in directory: String, input: [UInt8], environment: [String: String] = [:],
        timeoutSeconds: Double, outputLimit: Int = defaultOutputLimit
    ) async throws(ProcessStartError) -> ProcessOutcome {
        _ = ignoreBrokenPipes
        let executable = try ExecutableLookup.resolve(argv[0], in: directory)
        var options = PlatformOptions()
        options.processGroupID = 0
        let started = ContinuousClock.now
        var overrides: [Environment.Key: String?] = [:]
        for (key, value) in environment { overrides[Environment.Key(stringLiteral: key)] = value }
        let inputDescriptor: FileDescriptor
        do {
            inputDescriptor = try StandardInput.descriptor(holding: input)
        } catch {
            throw ProcessStartError(executable: argv[0], reason: "cannot prepare its input: \(error)")
        }
        do {
            let result = try await Subprocess.run(
                .path(FilePath(executable)),
                arguments: Arguments(Array(argv.dropFirst())),
                environment: Environment.inherit.updating(overrides),
                workingDirectory: FilePath(directory),
                platformOptions: options,
                input: .fileDescriptor(inputDescriptor, closeAfterSpawningProcess: true),
                output: .sequence,
                error: .sequence
            ) { execution in
                try await withThrowingTaskGroup(of: Event.self) { group in
                    group.addTask {
                        var kept: [UInt8] = []
                        for try await chunk in execution.standardOutput {
                            let room = outputLimit - kept.count
                            chunk.withUnsafeBytes { kept.append(contentsOf: $0.prefix(max(0, room))) }
                            if chunk.count > room {
                                try? execution.send(signal: .kill, toProcessGroup: true)
                                return .output(kept, overflowed: true)
                            }
                        }
                        return .output(kept, overflowed: false)
                    }
                    group.addTask {
                        var tail: [UInt8] = []
                        for try await chunk in execution.standardError {
                            chunk.withUnsafeBytes { tail.append(contentsOf: $0) }
                            if tail.count > stderrTailLimit * 2 { tail.removeFirst(tail.count - stderrTailLimit) }
                        }
                        return .error(Array(tail.suffix(stderrTailLimit)))
                    }
                    group.addTask {
                        try? await Task.sleep(for: .milliseconds(Int64(timeoutSeconds * 1000)))
                        return .deadline
                    }
                    var stdout: [UInt8] = []
                    var stderr: [UInt8] = []
                    var overflowed = false
                    var timedOut = false
                    var streamsOpen = 2
                    while streamsOpen > 0, let event = try await group.next() {
                        switch event {
                        case .output(let bytes, let over):
                            stdout = bytes
                            overflowed = over
                            streamsOpen -= 1
                        case .error(let bytes):
                            stderr = bytes
                            streamsOpen -= 1
                        case .deadline:
                            timedOut = true
                            try? execution.send(signal: .kill, toProcessGroup: true)
                        }
                    }
                    group.cancelAll()
                    return Collected(stdout: stdout, stderr: stderr, overflowed: overflowed, timedOut: timedOut)
                }
            }
            let collected = result.closureResult
            let ending: ProcessOutcome.Ending
            if collected.timedOut {
                ending = .timedOut(seconds: timeoutSeconds)
            } else if collected.overflowed {
                ending = .outputLimitExceeded(bytes: outputLimit)
            } else {
                switch result.terminationStatus {
                case .exited(let code): ending = .exited(code)
                case .signaled(let signal): ending = .signaled(signal)
                }
            }
            return ProcessOutcome(
                ending: ending, standardOutput: collected.stdout, standardErrorTail: collected.stderr,
                durationMs: Self.milliseconds(since: started))
        } catch {
            throw ProcessStartError(executable: argv[0], reason: "\(error)")
        }
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> Int {
        let elapsed = ContinuousClock.now - start
        return Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }

    private enum Event: Sendable {
        case output([UInt8], overflowed: Bool)
        case error([UInt8])
        case deadline
    }

    private struct Collected: Sendable {
        var stdout: [UInt8]
        var stderr: [UInt8]
        var overflowed: Bool
        var timedOut: Bool
    }
}

/// Finds the program a provider's argv[0] names, as execvp would, before anything runs.
public enum ExecutableLookup {
    /// The absolute path of `name`: relative to `directory` when it holds a slash, else on PATH.
    public static func resolve(_ name: String, in directory: String) throws(ProcessStartError) -> String {
        if name.isEmpty { throw ProcessStartError(executable: name, reason: "the command is empty") }
        if name.contains("/") {
            let path = name.hasPrefix("/") ? name : directory + "/" + name
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw ProcessStartError(executable: name, reason: "no such file (looked at \(path))")
            }
            guard !isFolder.boolValue else { throw ProcessStartError(executable: name, reason: "\(path) is a folder") }
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw ProcessStartError(executable: name, reason: "\(path) is not executable (chmod +x it, or name its interpreter first, e.g. [\"python3\", \"\(name)\"])")
            }
            return path
        }
        let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in searchPath.split(separator: ":") where !folder.isEmpty {
            let candidate = folder + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) {
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate, isDirectory: &isFolder), !isFolder.boolValue {
                    return candidate
                }
            }
        }
        throw ProcessStartError(executable: name, reason: "not found on PATH")
    }
}
