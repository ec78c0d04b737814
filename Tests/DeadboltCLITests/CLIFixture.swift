import Foundation
import TestSupport
import Testing

/// A small LLM-style repository: one prompt including a partial, a guardrail, two datasets, and
/// a provider (a shell script) whose answer follows the prompt text.
func makePromptRepository() throws -> GitFixture {
    let fixture = try GitFixture()
    try fixture.write(
        "deadbolt.yml",
        """
        version: 1
        provider:
          command: ["bin/answer"]
          timeout: 5s
          jobs: 2

        """)
    try fixture.write("prompts/refund.md", "Annual plans are refunded pro-rata.\n{{> prompts/partials/tone.md}}\n")
    try fixture.write("prompts/partials/tone.md", "Sign off with: Happy to help.\n")
    try fixture.write("prompts/shipping.md", "Parcels ship in 3 days.\n")
    try fixture.write("guardrails/pii.yaml", "redact: [card]\n")
    // The provider answers with the prompt files' text, so editing a prompt changes the answer.
    try fixture.write(
        "bin/answer",
        """
        #!/bin/sh
        cat > /dev/null
        cat prompts/refund.md prompts/partials/tone.md prompts/shipping.md

        """)
    _ = try? ProcessResult.run(["chmod", "+x", fixture.root + "/bin/answer"], in: fixture.root)
    try fixture.write(
        "evals/regression/refund_policy_regressions/dataset.yml",
        """
        description: Refund answers that were wrong in production
        owners: [prompts/refund.md]
        tier: smoke
        assert:
          - {type: icontains, value: "{{expected_output}}"}

        """)
    try fixture.write(
        "evals/regression/refund_policy_regressions/cases.jsonl",
        [
            #"{"id":"reg-2026-11-21-a1b2c3","input":{"question":"Can I get a refund on my annual plan?"},"#
                + #""expected_output":"pro-rata","category":"prod-bug","#
                + #""bug_link":"https://tracker.example.com/BUG-142"}"#,
            #"{"id":"reg-2026-11-21-d4e5f6","input":{"question":"Sign-off?"},"#
                + #""expected_output":"Happy to help","tier":"smoke"}"#,
            #"{"id":"reg-2026-11-21-full01","input":{"question":"Long one"},"#
                + #""expected_output":"refunded","tier":"full"}"#,
        ].joined(separator: "\n") + "\n")
    try fixture.write("evals/regression/shipping_time_regressions/dataset.yml", "owners: [prompts/shipping.md]\n")
    try fixture.write(
        "evals/regression/shipping_time_regressions/cases.jsonl",
        #"{"id":"reg-2026-11-21-ship01","input":{"question":"When?"},"expected_output":"3 days"}"# + "\n")
    try fixture.commit("Add support bot")
    return fixture
}

/// Runs the real binary and records where a failure came from.
func deadbolt(
    _ arguments: [String], in fixture: GitFixture, input: String = "", environment: [String: String] = [:]
) throws -> ProcessResult {
    try DeadboltBinary.run(arguments, in: fixture.root, input: input, environment: environment)
}
