import CSpawn
import DeadboltCore
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
    /// The program ended but something it left running held its output open past the grace
    /// period, and was killed.
    public var leftoverHeldOutput = false
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
    public static let inheritedEnvironment = ProcessInfo.processInfo.environment

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
        timeoutSeconds: Double, outputLimit: Int = defaultOutputLimit,
        redaction: SecretRedaction = SecretRedaction(environment: inheritedEnvironment),
        baseEnvironment: [String: String] = inheritedEnvironment
    ) throws(ProcessStartError) -> ProcessOutcome {
        _ = ignoreBrokenPipes
        let executable = argv[0].hasPrefix("/") ? argv[0] : try ExecutableLookup.resolve(argv[0], in: directory)
        let started = ContinuousClock.now

        let stdinFD: Int32
        do { stdinFD = try StandardInput.descriptor(holding: input).rawValue } catch {
            throw ProcessStartError(executable: argv[0], reason: "cannot prepare its input: \(error)")
        }
        let child: ChildProcess
        do {
            child = try spawn(
                argv, executable: executable, in: directory, stdin: stdinFD, environment: environment,
                baseEnvironment: baseEnvironment)
        } catch {
            close(stdinFD)
            throw error
        }
        close(stdinFD)
        let pid = child.pid

        var collector = OutputCollector(stdout: child.stdoutFD, stderr: child.stderrFD, outputLimit: outputLimit)
        let deadline = Self.deadline(after: timeoutSeconds, from: started)
        let exitFD = deadbolt_pidfd_open(pid)
        defer { if exitFD >= 0 { close(exitFD) } }
        var ending = collector.collect(
            until: deadline, exitFD: exitFD, hasExited: { deadbolt_has_exited(pid) == 1 }, kill: child.stopEverything)
        // Both pipes can close before the program exits (GNU cat closes stdout itself, then
        // exits): killing its group now would kill it too, and a clean exit would read as SIGKILL.
        if ending == .finished && !child.waitForExit(until: deadline, exitFD: exitFD) {
            ending = .timedOut
            child.stopEverything()
        }
        let exited = child.reap()
        let final: ProcessOutcome.Ending
        switch ending {
        case .finished, .leftoverHeld: final = exited
        case .timedOut: final = .timedOut(seconds: timeoutSeconds)
        case .overflowed: final = .outputLimitExceeded(bytes: outputLimit)
        }
        // Redacted here, where it is captured, so nothing downstream can print or post a token.
        return ProcessOutcome(
            ending: final, standardOutput: redaction.redact(collector.stdoutBytes),
            standardErrorTail: Array(redaction.redact(collector.stderrBytes).suffix(stderrTailLimit)),
            durationMs: milliseconds(since: started), leftoverHeldOutput: ending == .leftoverHeld)
    }

    /// `seconds` after `start`, bounded: a Duration of more seconds than Int64 holds traps.
    static func deadline(after seconds: Double, from start: ContinuousClock.Instant) -> ContinuousClock.Instant {
        let timeoutMs =
            BoundedNumber.real(seconds * 1000, in: 1...ProviderConfig.timeoutRange.upperBound * 1000) ?? 30_000
        return start + .milliseconds(Int64(timeoutMs))
    }

    /// Milliseconds since `start`.
    public static func elapsedMs(since start: ContinuousClock.Instant) -> Int { milliseconds(since: start) }

    static func milliseconds(since start: ContinuousClock.Instant) -> Int {
        let elapsed = ContinuousClock.now - start
        return Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }
}

extension ProcessRunner {
    /// Starts `executable` (argv[0] already resolved) in `directory`, leading a process group of
    /// its own, with `stdinFD` as its standard input (the caller still owns and closes it) and
    /// fresh pipes for its standard output and error.
    ///
    /// CI tokens stay behind unless `environment` names them (provider.env). Every process the
    /// program starts inherits a mark, so that one which left its process group (setsid) can
    /// still be found and stopped.
    static func spawn(
        _ argv: [String], executable: String, in directory: String, stdin stdinFD: Int32,
        environment: [String: String], baseEnvironment: [String: String] = inheritedEnvironment
    ) throws(ProcessStartError) -> ChildProcess {
        _ = ignoreBrokenPipes
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        if deadbolt_pipe(&outPipe) != 0 || deadbolt_pipe(&errPipe) != 0 {
            let code = errno
            for fd in outPipe + errPipe where fd >= 0 { close(fd) }
            throw ProcessStartError(
                executable: argv[0], reason: "cannot create pipes: \(String(cString: strerror(code)))")
        }
        let mark = Leftovers.newMark()
        var explicit = environment
        explicit[Leftovers.variable] = mark
        let env = SecretRedaction.providerEnvironment(inherited: baseEnvironment, explicit: explicit)
            .map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        var rc: Int32 = 0
        // ETXTBSY: the program file is still open for writing somewhere, typically a descriptor
        // another thread's fork inherited for an instant while the file was written. It clears
        // at once, so a few short retries turn a spurious failure into a start.
        for attempt in 0..<5 {
            rc = CStrings.withArray([executable] + argv.dropFirst()) { argvPointer in
                CStrings.withArray(env) { envPointer in
                    deadbolt_spawn(
                        &pid, executable, argvPointer, envPointer, directory, stdinFD, outPipe[1], errPipe[1])
                }
            }
            guard rc == ETXTBSY else { break }
            usleep(useconds_t(10_000 * (attempt + 1)))
        }
        close(outPipe[1])
        close(errPipe[1])
        if rc != 0 {
            close(outPipe[0])
            close(errPipe[0])
            throw ProcessStartError(executable: argv[0], reason: String(cString: strerror(rc)))
        }
        return ChildProcess(pid: pid, stdoutFD: outPipe[0], stderrFD: errPipe[0], mark: mark)
    }
}

/// A program `ProcessRunner.spawn` started: until `reap`, its pid holds its process group's id.
struct ChildProcess: Sendable {
    let pid: pid_t
    /// The read ends of its standard output and error, owned by whoever reads them.
    let stdoutFD: Int32
    let stderrFD: Int32
    /// The environment mark every process it starts inherits.
    let mark: String

    /// Kills it, its process group, and every process that carries its mark.
    @Sendable func stopEverything() {
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
        Leftovers.kill(mark: mark)
    }

    /// Whether it has exited (it stays a zombie until `reap`).
    var hasExited: Bool { deadbolt_has_exited(pid) == 1 }

    /// Waits until `deadline` for it to exit: true once it has. `exitFD` is its pidfd, or -1 to
    /// look every 20 ms.
    func waitForExit(until deadline: ContinuousClock.Instant, exitFD: Int32) -> Bool {
        while !hasExited {
            let now = ContinuousClock.now
            guard now < deadline else { return false }
            let left = deadline - now
            var waitMs = Int32(
                clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1)
            if exitFD < 0 { waitMs = min(waitMs, 20) }
            var fds = [pollfd(fd: exitFD, events: Int16(POLLIN), revents: 0)]
            _ = poll(&fds, 1, waitMs)
        }
        return true
    }

    /// Kills whatever is left in its process group, while the unreaped program still holds the
    /// group's id, then waits for the program: how it ended.
    func reap() -> ProcessOutcome.Ending {
        kill(-pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as macros.
        let signal = status & 0x7F
        return signal == 0 ? .exited((status >> 8) & 0xFF) : .signaled(signal)
    }
}

/// Reads a child's stdout and stderr until both close, the deadline passes, or stdout grows
/// past its limit.
struct OutputCollector {
    enum Ending { case finished, timedOut, overflowed, leftoverHeld }

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

    /// After a kill, how long to wait for the pipes to close before giving up on them.
    static let drainAfterKill: Duration = .seconds(2)
    /// Once the program has exited, how long a process it left behind may keep its output open.
    static let leftoverGrace: Duration = .seconds(1)

    /// Reads until both pipes close. `exitFD` (a pidfd, or -1) becomes readable when the program
    /// exits, which `hasExited` confirms; without one the loop looks every 50 ms.
    mutating func collect(
        until deadline: ContinuousClock.Instant, exitFD: Int32 = -1, hasExited: () -> Bool = { false }, kill: () -> Void
    ) -> Ending {
        var ending = Ending.finished
        var killedAt: ContinuousClock.Instant?
        var exitedAt: ContinuousClock.Instant?
        let grace = Self.leftoverGrace
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
            if killedAt == nil, let exitedAt, now - exitedAt >= grace {
                ending = .leftoverHeld
                kill()
                killedAt = now
            }
            if let killedAt, now - killedAt > Self.drainAfterKill { break }
            var until = killedAt.map { $0 + Self.drainAfterKill } ?? deadline
            if killedAt == nil, let exitedAt { until = min(until, exitedAt + grace) }
            let remaining = until - now
            var waitMs = max(
                0,
                min(
                    Int32.max,
                    Int32(
                        clamping: remaining.components.seconds * 1000 + remaining.components.attoseconds
                            / 1_000_000_000_000_000) + 1))
            let watchExit = exitedAt == nil && killedAt == nil
            if watchExit && exitFD < 0 { waitMs = min(waitMs, 50) }
            var fds = [
                pollfd(fd: stdoutFD, events: Int16(POLLIN), revents: 0),
                pollfd(fd: stderrFD, events: Int16(POLLIN), revents: 0),
                pollfd(fd: watchExit ? exitFD : -1, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, 3, waitMs)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            if watchExit && (exitFD < 0 || fds[2].revents != 0) && hasExited() { exitedAt = ContinuousClock.now }
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
                throw ProcessStartError(
                    executable: name,
                    reason:
                        "\(path) is not executable "
                        + "(chmod +x it, or name its interpreter first, e.g. [\"python3\", \"\(name)\"])"
                )
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

/// Finds the processes a program started, wherever they went: each inherits a mark in its
/// environment, which `/proc/PID/environ` shows even after `setsid` took it out of the process
/// group and its parent's exit gave it to init.
enum Leftovers {
    static let variable = "DEADBOLT_PROVIDER_RUN"

    /// A mark no other run shares.
    static func newMark() -> String { "\(getpid())-\(UUID().uuidString)" }

    /// Kills every process whose environment holds `mark`, looking again while new ones appear.
    static func kill(mark: String) {
        kill(marks: [mark])
    }

    /// Kills every process whose environment holds one of `marks`, in one look through /proc
    /// (and again while new ones appear).
    static func kill(marks: [String]) {
        #if os(Linux)
            guard !marks.isEmpty else { return }
            let needles = marks.map { Array("\(variable)=\($0)".utf8) + [0] }
            let me = getpid()
            for _ in 0..<5 {
                guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return }
                var found = false
                for name in names {
                    guard let pid = Int32(name), pid != me, let environ = read("/proc/\(name)/environ"),
                        needles.contains(where: { holds($0, in: environ) })
                    else { continue }
                    Glibc.kill(pid, SIGKILL)
                    found = true
                }
                if !found { return }
            }
        #endif
    }

    /// Whether `entry` (NUL-terminated) is one of the NUL-separated entries of `environ`.
    static func holds(_ entry: [UInt8], in environ: [UInt8]) -> Bool {
        var start = 0
        while start < environ.count {
            var end = start
            while end < environ.count && environ[end] != 0 { end += 1 }
            if end - start + 1 == entry.count && environ[start..<end].elementsEqual(entry.dropLast()) { return true }
            start = end + 1
        }
        return false
    }

    #if os(Linux)
        static func read(_ path: String) -> [UInt8]? {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return nil }
            defer { close(fd) }
            var result: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 16384)
            while result.count < 1 << 20 {
                let count = Glibc.read(fd, &buffer, buffer.count)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                result.append(contentsOf: buffer[0..<count])
            }
            return result
        }
    #endif
}
