import DeadboltCore
import DeadboltRunner
import Foundation

/// Runs planned cases with the configured provider, drawing a progress line on a terminal.
enum CaseExecution {
    /// Refuses to start when no provider is configured or it cannot be found; then runs.
    static func run(_ plan: [PlannedCase], config: Config, directory: String, jobs: Int?, repeatCount: Int) async throws -> [CaseResult] {
        guard !plan.isEmpty else { return [] }
        guard let command = config.provider.command else {
            throw InputError(
                file: config.source ?? Config.fileName, line: config.providerLine,
                "no provider is configured, so the \(plan.count) selected case\(plan.count == 1 ? "" : "s") cannot run",
                hint: "add `provider: {command: [\"bin/answer\"]}` to deadbolt.yml: the program that answers each case")
        }
        // Resolved once, so that no case searches PATH again.
        var argv = command
        do {
            argv[0] = try ExecutableLookup.resolve(command[0], in: directory)
        } catch {
            throw InputError(
                file: config.source ?? Config.fileName, line: config.providerLine,
                "the provider cannot start: \(error.description)",
                hint: "provider.command is argv: its first element is the program, relative to the repository root or on PATH")
        }
        let settings = RunSettings(
            command: argv, directory: directory, environment: config.provider.environment,
            timeoutSeconds: config.provider.timeoutSeconds, jobs: jobs ?? config.provider.jobs, repeatCount: repeatCount)
        let progress = ProgressLine(enabled: TerminalStyle.standardError.isTerminal)
        let results = await Scheduler.run(plan, settings: settings) { done, total in progress.update(done, total) }
        progress.finish()
        return results
    }
}

/// `running 12/40 cases` on stderr, redrawn in place, only where a person watches.
final class ProgressLine: @unchecked Sendable {
    let enabled: Bool
    private let lock = NSLock()
    private var last = ContinuousClock.now

    init(enabled: Bool) { self.enabled = enabled }

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
}
