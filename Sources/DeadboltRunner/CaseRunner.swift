import DeadboltCore
import Foundation

/// Runs one planned case once: asks the provider, then checks every assertion against its answer.
enum CaseRunner {
    static func run(
        _ planned: PlannedCase, provider: any Provider, slot: Int, repetition: Int, settings: RunSettings
    ) -> CaseResult {
        let regressionCase = planned.regressionCase
        var result = CaseResult(
            dataset: planned.dataset.name, caseID: regressionCase.id, status: .errored,
            file: regressionCase.source(in: planned.dataset), line: regressionCase.line,
            tier: regressionCase.effectiveTier(in: planned.dataset),
            bugLink: regressionCase.bugLink)
        result.messages = planned.messages
        result.prompts = planned.prompts
        let reply = provider.answer(planned, slot: slot, repetition: repetition)
        result.durationMs = reply.durationMs
        result.cachedRuns = reply.fromCache ? 1 : 0
        if let failure = reply.failure {
            result.output = reply.answer?.output
            result.failure = failure
            return result
        }
        guard let answer = reply.answer else {
            result.failure = ProviderFailure(reason: "the provider gave no answer")
            return result
        }
        result.output = answer.output
        result.model = answer.model
        result.latencyMs = answer.latencyMs ?? reply.durationMs
        result.cost = answer.cost
        result.usage = answer.usage
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
        result.status =
            passes(assertions.map(\.pass), of: planned.assertions, threshold: regressionCase.threshold)
            ? .passed : .failed
        return result
    }

    /// promptfoo's rule: with a threshold, the weighted share of passing assertions must reach it;
    /// without, every assertion of non-zero weight must pass.
    static func passes(_ results: [Bool], of assertions: [Assertion], threshold: Double?) -> Bool {
        guard let threshold else {
            return zip(results, assertions).allSatisfy { pass, assertion in pass || !assertion.gates }
        }
        var total = 0.0
        var passed = 0.0
        for (pass, assertion) in zip(results, assertions) {
            let weight = assertion.weight ?? 1
            total += weight
            if pass { passed += weight }
        }
        return total == 0 ? true : passed / total >= threshold
    }
}
