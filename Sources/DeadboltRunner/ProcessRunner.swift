import DeadboltCore
import CSpawn
import Foundation

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
public struct ProcessStartError: Diagnostic, CustomStringConvertible {
    public var executable: String
    public var reason: String
    public var description: String { "cannot start \(executable): \(reason)" }
    public var message: String { description }
    public var hint: String? { "check provider.command in deadbolt.yml" }
}

/// Runs one program without a shell: argv as given, bytes on stdin, bounded output, a timeout.
///
/// Each run blocks its thread: the scheduler gives every job a thread of its own. This is
/// posix_spawn and poll directly, not an async process library: with a provider as cheap as
/// `cat`, per-process bookkeeping (a thread and event registrations per spawn) made a run of
/// 2,000 cases 1.4 times slower than `xargs -P 8`, against 1.1 now (BENCHMARKS.md).
public enum ProcessRunner {
    /// How much standard output is kept before the program is stopped.
    public static let defaultOutputLimit = 16 * 1024 * 1024
    /// How much of standard error's end is kept for reports.
    public static let stderrTailLimit = 8 * 1024

    /// deadbolt's own environment, read once.
    static let inheritedEnvironment = ProcessInfo.processInfo.environment

    /// A provider that exits without reading its input closes the pipe deadbolt writes to; that
    /// must be an EPIPE for the writer, not a SIGPIPE that ends deadbolt.
    static let ignoreBrokenPipes: Void = {
        signal(SIGPIPE, SIG_IGN)
    }()

    /// Runs `argv` in `directory` with `input` on stdin, and waits for it.
    ///
    /// The program leads a process group of its own, so that a timeout also stops whatever it
    /// started.
    public static func run(
        _ argv: [String], in directory: String, input: [UInt8], environment: [String: String] = [:],
        timeoutSeconds: Double, outputLimit: Int = defaultOutputLimit
    ) throws(ProcessStartError) -> ProcessOutcome {
        _ = ignoreBrokenPipes
        let executable = argv[0].hasPrefix("/") ? argv[0] : try ExecutableLookup.resolve(argv[0], in: directory)
        let started = ContinuousClock.now

        let stdinFD: Int32
        do { stdinFD = try StandardInput.descriptor(holding: input).rawValue } catch {
            throw ProcessStartError(executable: argv[0], reason: "cannot prepare its input: \(error)")
        }
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        if deadbolt_pipe(&outPipe) != 0 || deadbolt_pipe(&errPipe) != 0 {
            let code = errno
            for fd in [stdinFD] + outPipe + errPipe where fd >= 0 { close(fd) }
            throw ProcessStartError(executable: argv[0], reason: "cannot create pipes: \(String(cString: strerror(code)))")
        }

        let env = inheritedEnvironment.merging(environment, uniquingKeysWith: { $1 }).map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        var rc: Int32 = 0
        // ETXTBSY: the program file is still open for writing somewhere, typically a descriptor
        // another thread's fork inherited for an instant while the file was written. It clears
        // at once, so a few short retries turn a spurious failure into a start.
        for attempt in 0..<5 {
            rc = CStrings.withArray([executable] + argv.dropFirst()) { argvPointer in
                CStrings.withArray(env) { envPointer in
                    deadbolt_spawn(&pid, executable, argvPointer, envPointer, directory, stdinFD, outPipe[1], errPipe[1])
                }
            }
            guard rc == ETXTBSY else { break }
            usleep(useconds_t(10_000 * (attempt + 1)))
        }
        close(stdinFD)
        close(outPipe[1])
        close(errPipe[1])
        if rc != 0 {
            close(outPipe[0])
            close(errPipe[0])
            throw ProcessStartError(executable: argv[0], reason: String(cString: strerror(rc)))
        }

        var collector = OutputCollector(stdout: outPipe[0], stderr: errPipe[0], outputLimit: outputLimit)
        let deadline = started + .milliseconds(Int64(timeoutSeconds * 1000))
        let ending = collector.collect(until: deadline) {
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let final: ProcessOutcome.Ending
        switch ending {
        case .finished:
            // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as macros.
            let signal = status & 0x7F
            final = signal == 0 ? .exited((status >> 8) & 0xFF) : .signaled(signal)
        case .timedOut:
            final = .timedOut(seconds: timeoutSeconds)
        case .overflowed:
            final = .outputLimitExceeded(bytes: outputLimit)
        }
        return ProcessOutcome(
            ending: final, standardOutput: collector.stdoutBytes, standardErrorTail: Array(collector.stderrBytes.suffix(stderrTailLimit)),
            durationMs: milliseconds(since: started))
    }

    /// Milliseconds since `start`.
    public static func elapsedMs(since start: ContinuousClock.Instant) -> Int { milliseconds(since: start) }

    static func milliseconds(since start: ContinuousClock.Instant) -> Int {
        let elapsed = ContinuousClock.now - start
        return Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }
}

/// Reads a child's stdout and stderr until both close, the deadline passes, or stdout grows
/// past its limit.
struct OutputCollector {
    enum Ending { case finished, timedOut, overflowed }

    var stdoutFD: Int32
    var stderrFD: Int32
    let outputLimit: Int
    var stdoutBytes: [UInt8] = []
    var stderrBytes: [UInt8] = []

    init(stdout: Int32, stderr: Int32, outputLimit: Int) {
        stdoutFD = stdout
        stderrFD = stderr
        self.outputLimit = outputLimit
    }

    /// After a kill, how long to wait for the pipes to close before giving up on them (a
    /// grandchild that left the process group may hold them open).
    static let drainAfterKill: Duration = .seconds(2)

    mutating func collect(until deadline: ContinuousClock.Instant, kill: () -> Void) -> Ending {
        var ending = Ending.finished
        var killedAt: ContinuousClock.Instant?
        var buffer = [UInt8](repeating: 0, count: 65536)
        defer {
            if stdoutFD >= 0 { close(stdoutFD) }
            if stderrFD >= 0 { close(stderrFD) }
        }
        while stdoutFD >= 0 || stderrFD >= 0 {
            let now = ContinuousClock.now
            if killedAt == nil && now >= deadline {
                ending = .timedOut
                kill()
                killedAt = now
            }
            if let killedAt, now - killedAt > Self.drainAfterKill { break }
            let until = killedAt.map { $0 + Self.drainAfterKill } ?? deadline
            let remaining = until - now
            let waitMs = max(0, min(Int32.max, Int32(remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000) + 1))
            var fds = [pollfd(fd: stdoutFD, events: Int16(POLLIN), revents: 0), pollfd(fd: stderrFD, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 2, waitMs)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            if ready == 0 { continue }
            for index in 0..<2 where fds[index].fd >= 0 && fds[index].revents != 0 {
                let count = read(fds[index].fd, &buffer, buffer.count)
                if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
                if count <= 0 {
                    close(fds[index].fd)
                    if index == 0 { stdoutFD = -1 } else { stderrFD = -1 }
                    continue
                }
                if index == 0 {
                    guard killedAt == nil || ending != .overflowed else { continue }
                    let room = outputLimit - stdoutBytes.count
                    stdoutBytes.append(contentsOf: buffer[0..<min(count, max(0, room))])
                    if count > room && killedAt == nil {
                        ending = .overflowed
                        kill()
                        killedAt = ContinuousClock.now
                    }
                } else {
                    stderrBytes.append(contentsOf: buffer[0..<count])
                    if stderrBytes.count > ProcessRunner.stderrTailLimit * 4 {
                        stderrBytes.removeFirst(stderrBytes.count - ProcessRunner.stderrTailLimit)
                    }
                }
            }
        }
        return ending
    }
}

/// NUL-terminated C string arrays for exec.
enum CStrings {
    static func withArray<T>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> T) -> T {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for pointer in pointers { free(pointer) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
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
