import DeadboltCore
import Foundation

/// `provider: {command: [...]}` with `protocol: once`: one process per case, the request on its
/// standard input, the answer on its standard output.
public struct CommandProvider: Provider {
    public let settings: RunSettings
    public let identity: JSONValue

    /// - Parameters:
    ///   - configured: the command as `deadbolt.yml` writes it (settings hold it resolved, which
    ///     differs between a work tree and a materialised one); nil means `settings.command`.
    ///   - fileIDs: the blob ids of the provider's own files, by argument.
    public init(settings: RunSettings, configured: [String]? = nil, fileIDs: [String: String] = [:]) {
        self.settings = settings
        identity = .object([
            "type": .string("command"), "protocol": .string("once"),
            "command": .array((configured ?? settings.command).map { .string($0) }),
            "files": .object(fileIDs.mapValues { .string($0) }),
        ])
    }

    public func answer(_ planned: PlannedCase, slot: Int, repetition: Int) -> ProviderReply {
        var environment = settings.environment
        environment["DEADBOLT_CASE_ID"] = planned.regressionCase.id
        environment["DEADBOLT_DATASET"] = planned.dataset.name
        let outcome: ProcessOutcome
        do {
            outcome = try ProcessRunner.run(
                settings.command, in: settings.directory, input: planned.request, environment: environment,
                timeoutSeconds: settings.timeoutSeconds, outputLimit: settings.outputLimit,
                redaction: settings.redaction)
        } catch {
            return .failed(ProviderFailure(reason: error.description))
        }
        return Self.reply(to: outcome)
    }

    /// What a finished provider process said: its answer, or why it has none.
    static func reply(to outcome: ProcessOutcome) -> ProviderReply {
        let stderrTail = ProviderText.tail(outcome.standardErrorTail)
        let duration = outcome.durationMs
        if outcome.leftoverHeldOutput {
            let how: String
            switch outcome.ending {
            case .exited(let code): how = "exited with code \(code)"
            case .signaled(let signal): how = "was ended by signal \(signal)"
            default: how = "ended"
            }
            let reason =
                "the provider \(how), but a process it left running kept its output open; deadbolt stopped "
                + "waiting after \(OutputCollector.leftoverGrace) and killed what it had started"
            return .failed(ProviderFailure(reason: reason, stderrTail: stderrTail), durationMs: duration)
        }
        switch outcome.ending {
        case .exited(0):
            break
        case .exited(let code):
            let failure = ProviderFailure(
                reason: "the provider exited with code \(code)", exitCode: code, stderrTail: stderrTail)
            return .failed(failure, durationMs: duration)
        case .signaled(let signal):
            let failure = ProviderFailure(
                reason: "the provider was ended by signal \(signal)\(ProviderText.signalName(signal))",
                signal: signal, stderrTail: stderrTail)
            return .failed(failure, durationMs: duration)
        case .timedOut(let seconds):
            let failure = ProviderFailure(
                reason: "the provider timed out after \(TimeText.seconds(seconds)) and was stopped", timedOut: true,
                stderrTail: stderrTail)
            return .failed(failure, durationMs: duration)
        case .outputLimitExceeded(let bytes):
            let failure = ProviderFailure(
                reason: "the provider printed more than \(bytes / 1024 / 1024) MiB and was stopped",
                stderrTail: stderrTail)
            return .failed(failure, durationMs: duration)
        }
        let answer = ProviderAnswer(stdout: outcome.standardOutput)
        if let problem = answer.problem {
            return .failed(
                ProviderFailure(reason: problem, stderrTail: stderrTail), durationMs: duration, output: answer)
        }
        return .answered(answer, durationMs: duration)
    }
}

/// How provider failures read: the end of stderr, and signal names.
enum ProviderText {
    /// The last lines of stderr, as text.
    static func tail(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.suffix(20).joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGKILL: return " (SIGKILL)"
        case SIGTERM: return " (SIGTERM)"
        case SIGSEGV: return " (SIGSEGV: it crashed)"
        case SIGABRT: return " (SIGABRT: it aborted)"
        case SIGINT: return " (SIGINT)"
        default: return ""
        }
    }
}
