import CSpawn
import DeadboltCore
import Foundation

/// One running `protocol: jsonl` worker: a request line written to its standard input, an answer
/// line read from its standard output, its standard error drained all the time into a ring.
///
/// Used by one job thread at a time (its `WorkerSlot` holds the lock).
final class WorkerProcess {
    /// How an exchange of one request for one answer line ended.
    enum Exchange: Equatable {
        /// A whole line (without its newline).
        case line([UInt8])
        /// The worker exited, or closed its standard output, before it answered.
        case ended
        case timedOut
        /// An answer line longer than the output limit (or as long, and not ended yet).
        case overflowed
    }

    /// What makes an idle worker unfit for the next request.
    enum IdleProblem: Equatable {
        /// It exited since its last answer.
        case exited
        /// It printed something after its last answer that no request asked for.
        case strayOutput([UInt8])
    }

    /// Once the worker exited (or closed its output), how long the other of the two may take.
    static let endGrace: Duration = .seconds(1)

    let child: ChildProcess
    private var stdinFD: Int32
    private var stdoutFD: Int32
    private let exitFD: Int32
    let stderr: StderrRing
    /// Standard output read past the last answer line.
    private var pending: [UInt8] = []
    private var buffer = [UInt8](repeating: 0, count: 65536)
    private var exited = false
    /// Answers it gave; a worker that ends with none did not start properly.
    var answered = 0

    private init(child: ChildProcess, stdinFD: Int32) {
        self.child = child
        self.stdinFD = stdinFD
        stdoutFD = child.stdoutFD
        exitFD = deadbolt_pidfd_open(child.pid)
        stderr = StderrRing(fd: child.stderrFD)
    }

    /// Starts `settings.command` in `settings.directory` with `settings.environment`.
    static func start(_ settings: RunSettings) throws(ProcessStartError) -> WorkerProcess {
        let argv = settings.command
        guard let first = argv.first else {
            throw ProcessStartError(executable: "", reason: "the command is empty")
        }
        let executable = first.hasPrefix("/") ? first : try ExecutableLookup.resolve(first, in: settings.directory)
        var input: [Int32] = [-1, -1]
        let rc = deadbolt_pipe(&input)
        guard rc == 0 else {
            throw ProcessStartError(executable: first, reason: "cannot create a pipe: \(String(cString: strerror(rc)))")
        }
        let child: ChildProcess
        do {
            child = try ProcessRunner.spawn(
                argv, executable: executable, in: settings.directory, stdin: input[0],
                environment: settings.environment)
        } catch {
            close(input[0])
            close(input[1])
            throw error
        }
        close(input[0])
        // Never blocked writing: a worker that stops reading must not outlast the timeout.
        _ = fcntl(input[1], F_SETFL, fcntl(input[1], F_GETFL) | O_NONBLOCK)
        return WorkerProcess(child: child, stdinFD: input[1])
    }

    /// Nil when the worker can take a request; else why not. Costs one poll.
    func idleProblem() -> IdleProblem? {
        if !pending.isEmpty { return .strayOutput(pending) }
        if exited { return .exited }
        var fds = [
            pollfd(fd: stdoutFD, events: Int16(POLLIN), revents: 0),
            pollfd(fd: exitFD, events: Int16(POLLIN), revents: 0),
        ]
        var ready: Int32
        repeat { ready = poll(&fds, 2, 0) } while ready < 0 && errno == EINTR
        if fds[0].revents != 0 {
            let count = read(stdoutFD, &buffer, buffer.count)
            if count > 0 {
                pending.append(contentsOf: buffer[0..<count])
                return .strayOutput(pending)
            }
            if count == 0 { return .exited }
        }
        if (exitFD < 0 || fds[1].revents != 0) && child.hasExited {
            exited = true
            return .exited
        }
        return nil
    }

    /// Writes `request` (one line) and reads one line back, until `deadline`.
    func exchange(_ request: [UInt8], until deadline: ContinuousClock.Instant, limit: Int) -> Exchange {
        var written = 0
        var writing = true
        var outputClosed = false
        // When the worker exited or closed its output: the other one has `endGrace` to follow.
        var endedAt: ContinuousClock.Instant?
        while true {
            if writing {
                let count = request[written...].withUnsafeBytes { write(stdinFD, $0.baseAddress, $0.count) }
                if count > 0 {
                    written += count
                    writing = written < request.count
                } else if count < 0 && errno != EAGAIN && errno != EINTR {
                    // EPIPE: it no longer reads; how it ended shows on its output.
                    writing = false
                }
            }
            let now = ContinuousClock.now
            if now >= deadline { return .timedOut }
            if exited && outputClosed { return .ended }
            if let endedAt, now - endedAt >= Self.endGrace { return .ended }
            var until = deadline
            if let endedAt { until = min(until, endedAt + Self.endGrace) }
            var waitMs = Self.milliseconds(until - now)
            let watchExit = !exited
            if watchExit && exitFD < 0 { waitMs = min(waitMs, 50) }
            var fds = [
                pollfd(fd: outputClosed ? -1 : stdoutFD, events: Int16(POLLIN), revents: 0),
                pollfd(fd: writing ? stdinFD : -1, events: Int16(POLLOUT), revents: 0),
                pollfd(fd: watchExit ? exitFD : -1, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, 3, waitMs)
            if ready < 0 {
                if errno == EINTR { continue }
                return .ended
            }
            if watchExit && (exitFD < 0 || fds[2].revents != 0) && child.hasExited {
                exited = true
                endedAt = endedAt ?? ContinuousClock.now
            }
            guard fds[0].revents != 0 else { continue }
            let count = read(stdoutFD, &buffer, buffer.count)
            if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            if count <= 0 {
                outputClosed = true
                endedAt = endedAt ?? ContinuousClock.now
                continue
            }
            let start = pending.count
            pending.append(contentsOf: buffer[0..<count])
            if let newline = pending[start...].firstIndex(of: 0x0A) {
                if newline > limit { return .overflowed }
                let line = Array(pending[..<newline])
                pending.removeFirst(newline + 1)
                return .line(line)
            }
            if pending.count > limit { return .overflowed }
        }
    }

    /// Closes its standard input: a worker reading requests sees the end and exits.
    func closeInput() {
        if stdinFD >= 0 { close(stdinFD) }
        stdinFD = -1
    }

    /// Waits until `deadline` for it to exit by itself.
    func waitForExit(until deadline: ContinuousClock.Instant) {
        if !exited { exited = child.waitForExit(until: deadline, exitFD: exitFD) }
    }

    /// How it ended, once stopped: the exit status when it had ended by itself, else nil (deadbolt
    /// killed it).
    struct Stopped {
        var ending: ProcessOutcome.Ending?
        /// Its standard error's last bytes, redacted.
        var stderrTail: [UInt8]
    }

    /// Kills it and everything it started (unless `leftovers` is false: the caller looks for
    /// those itself), reaps it, and closes its descriptors.
    func stop(redaction: SecretRedaction, leftovers: Bool = true) -> Stopped {
        let endedByItself = exited || child.hasExited
        if leftovers {
            child.stopEverything()
        } else {
            kill(-child.pid, SIGKILL)
            kill(child.pid, SIGKILL)
        }
        let ending = child.reap()
        closeInput()
        if stdoutFD >= 0 { close(stdoutFD) }
        stdoutFD = -1
        if exitFD >= 0 { close(exitFD) }
        // Everything that held its standard error is gone; what it wrote last is in the ring.
        _ = stderr.waitForEnd(timeout: .seconds(1))
        let tail = Array(redaction.redact(stderr.snapshot()).suffix(ProcessRunner.stderrTailLimit))
        return Stopped(ending: endedByItself ? ending : nil, stderrTail: tail)
    }

    static func milliseconds(_ duration: Duration) -> Int32 {
        let ms = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return Int32(clamping: max(0, ms + 1))
    }
}

/// A worker's standard error, read by a thread of its own as it comes, so that a chatty worker
/// never blocks on a full pipe; the last `keep` bytes are kept.
final class StderrRing: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [UInt8] = []
    private let ended = DispatchSemaphore(value: 0)
    /// Kept: twice the tail reports show, so that a secret cut at the ring's start is never in it.
    static let keep = 2 * ProcessRunner.stderrTailLimit

    init(fd: Int32) {
        let thread = Thread { [self] in
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(fd, &chunk, chunk.count)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                lock.lock()
                bytes.append(contentsOf: chunk[0..<count])
                received += count
                if bytes.count > 2 * Self.keep { bytes.removeFirst(bytes.count - Self.keep) }
                lock.unlock()
            }
            close(fd)
            ended.signal()
        }
        thread.stackSize = 128 * 1024
        thread.start()
    }

    private var received = 0

    /// Returns once nothing new has come for 5 ms (at most 50 ms): what a worker wrote just before
    /// it answered is then in the ring.
    func settle() {
        var last = count()
        for _ in 0..<10 {
            usleep(5_000)
            let now = count()
            if now == last { return }
            last = now
        }
    }

    private func count() -> Int {
        lock.lock()
        defer { lock.unlock() }
        return received
    }

    /// What it holds now.
    func snapshot() -> [UInt8] {
        lock.lock()
        defer { lock.unlock() }
        return bytes
    }

    /// Waits for the end of the stream (every process holding it gone); false after `timeout`.
    func waitForEnd(timeout: Duration) -> Bool {
        let nanoseconds =
            Int(timeout.components.seconds) * 1_000_000_000
            + Int(timeout.components.attoseconds / 1_000_000_000)
        guard ended.wait(timeout: .now() + .nanoseconds(nanoseconds)) == .success else { return false }
        ended.signal()
        return true
    }
}
