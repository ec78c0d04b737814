import DeadboltCore

/// The `exec` assertion: the user's evaluator reads JSON and answers `{"pass", "score", "reason"}`.
enum ExecAssertion {
    static func evaluate(_ assertion: Assertion, context: AssertionContext, caseID: String, settings: RunSettings)
        -> AssertionResult
    {
        let name = assertion.name
        guard let command = assertion.command, !command.isEmpty else {
            return AssertionResult(type: name, pass: false, message: "exec assertion has no command")
        }
        let request: JSONValue = .object([
            "output": .string(context.output),
            "expected_output": context.expectedOutput ?? .null,
            "input": context.input,
            "case": .string(caseID),
            "value": assertion.value ?? .null,
        ])
        let outcome: ProcessOutcome
        do {
            outcome = try ProcessRunner.run(
                command, in: settings.directory, input: Array(request.compactText().utf8),
                environment: settings.environment,
                timeoutSeconds: settings.timeoutSeconds, outputLimit: 1024 * 1024, redaction: settings.redaction)
        } catch {
            return AssertionResult(type: name, pass: false, message: "evaluator \(error.description)")
        }
        guard case .exited(0) = outcome.ending else {
            let tail = ProviderText.tail(outcome.standardErrorTail)
            let detail = tail.isEmpty ? "" : ": \(tail)"
            return AssertionResult(
                type: name, pass: false,
                message: "evaluator \(command[0]) did not finish cleanly (\(outcome.ending))\(detail)"
            )
        }
        guard let answer = try? JSONValue.parse(outcome.standardOutput), case .object(let fields) = answer,
            case .bool(var pass)? = fields["pass"]
        else {
            return AssertionResult(
                type: name, pass: false,
                message:
                    "evaluator \(command[0]) must print JSON {\"pass\": true|false, \"score\": n, \"reason\": \"...\"}")
        }
        let reason = fields["reason"]?.stringValue ?? (pass ? "evaluator passed" : "evaluator failed")
        if assertion.negated { pass.toggle() }
        let message = assertion.negated ? "\(reason) (negated by not-exec)" : reason
        return AssertionResult(type: name, pass: pass, message: message)
    }
}
