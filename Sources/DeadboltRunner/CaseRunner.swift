import DeadboltCore
import Foundation

/// Runs one planned case once: the provider, then every assertion against its answer.
enum CaseRunner {
    static func run(_ planned: PlannedCase, settings: RunSettings) -> CaseResult {
        let regressionCase = planned.regressionCase
        var result = CaseResult(
            dataset: planned.dataset.name, caseID: regressionCase.id, status: .errored,
            file: planned.dataset.casesPath, line: regressionCase.line,
            tier: regressionCase.effectiveTier(in: planned.dataset),
            bugLink: regressionCase.bugLink)
        var environment = settings.environment
        environment["DEADBOLT_CASE_ID"] = regressionCase.id
        environment["DEADBOLT_DATASET"] = planned.dataset.name
        let outcome: ProcessOutcome
        do {
            outcome = try ProcessRunner.run(
                settings.command, in: settings.directory, input: planned.request, environment: environment,
                timeoutSeconds: settings.timeoutSeconds, outputLimit: settings.outputLimit,
                redaction: settings.redaction)
        } catch {
            result.failure = ProviderFailure(reason: error.description)
            return result
        }
        result.durationMs = outcome.durationMs
        let stderrTail = Self.tail(outcome.standardErrorTail)
        if outcome.leftoverHeldOutput {
            let how: String
            switch outcome.ending {
            case .exited(let code): how = "exited with code \(code)"
            case .signaled(let signal): how = "was ended by signal \(signal)"
            default: how = "ended"
            }
            result.failure = ProviderFailure(
                reason: "the provider \(how), but a process it left running kept its output open; deadbolt stopped "
                    + "waiting after \(OutputCollector.leftoverGrace) and killed what it had started",
                stderrTail: stderrTail)
            return result
        }
        switch outcome.ending {
        case .exited(0):
            break
        case .exited(let code):
            result.failure = ProviderFailure(
                reason: "the provider exited with code \(code)", exitCode: code, stderrTail: stderrTail)
            return result
        case .signaled(let signal):
            result.failure = ProviderFailure(
                reason: "the provider was ended by signal \(signal)\(Self.signalName(signal))", signal: signal,
                stderrTail: stderrTail)
            return result
        case .timedOut(let seconds):
            result.failure = ProviderFailure(
                reason: "the provider timed out after \(Self.seconds(seconds)) and was stopped", timedOut: true,
                stderrTail: stderrTail)
            return result
        case .outputLimitExceeded(let bytes):
            result.failure = ProviderFailure(
                reason: "the provider printed more than \(bytes / 1024 / 1024) MiB and was stopped",
                stderrTail: stderrTail)
            return result
        }
        let answer = ProviderAnswer(stdout: outcome.standardOutput)
        if let problem = answer.problem {
            result.output = answer.output
            result.failure = ProviderFailure(reason: problem, stderrTail: stderrTail)
            return result
        }
        result.output = answer.output
        result.model = answer.model
        result.latencyMs = answer.latencyMs ?? outcome.durationMs
        result.cost = answer.cost
        result.notes = answer.notes
        let context = AssertionContext(
            output: answer.output, expectedOutput: regressionCase.expectedOutput, input: regressionCase.input,
            latencyMs: result.latencyMs)
        var assertions: [AssertionResult] = []
        for assertion in planned.assertions {
            if assertion.needsRunner {
                assertions.append(
                    ExecAssertion.evaluate(assertion, context: context, caseID: regressionCase.id, settings: settings))
            } else {
                let outcome = AssertionEvaluator.evaluate(assertion, in: context)
                assertions.append(
                    AssertionResult(
                        type: outcome.name, pass: outcome.pass, message: outcome.message, diff: outcome.diff))
            }
        }
        result.assertions = assertions
        result.status = assertions.allSatisfy(\.pass) ? .passed : .failed
        return result
    }

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

    static func seconds(_ value: Double) -> String {
        value.rounded() == value ? "\(Int(value))s" : "\(value)s"
    }
}
