import DeadboltGate
import Foundation

/// `running cases: 12/40` on stderr, redrawn in place, only where a person watches.
final class ProgressLine: @unchecked Sendable {
    let enabled: Bool
    private let lock = NSLock()
    private var last = ContinuousClock.now

    init(enabled: Bool = TerminalStyle.standardError.isTerminal) { self.enabled = enabled }

    func update(_ done: Int, _ total: Int) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = ContinuousClock.now
        guard done == total || now - last > .milliseconds(100) else { return }
        last = now
        FileHandle.standardError.write(Data("\r\u{1B}[2Krunning cases: \(done)/\(total)".utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }

    /// How cases run from a command: `jobs` and `repeatCount` as given, progress drawn here.
    static func execution(jobs: Int? = nil, repeatCount: Int = 1) -> CaseExecution {
        let line = ProgressLine()
        var execution = CaseExecution(
            jobs: jobs, repeatCount: repeatCount, progress: { line.update($0, $1) }, finished: { line.finish() })
        execution.notice = { FileHandle.standardError.write(Data("deadbolt: warning: \($0)\n".utf8)) }
        return execution
    }
}
