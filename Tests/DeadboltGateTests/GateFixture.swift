import DeadboltCore
import DeadboltGate
import DeadboltGit
import Foundation
import TestSupport
import Testing

/// A repository the gate runs on without the binary: a refund prompt that includes a tone
/// partial, a shipping prompt, two datasets and a provider script that answers with the prompts'
/// text and writes one line per answered case to ``providerLog``.
struct GateRepository {
    let fixture: GitFixture

    /// Where the provider records each case it answered (inside `.git`, so no tree sees it).
    var providerLog: String { fixture.root + "/.git/provider.log" }

    static let refundCases = [
        #"{"id":"reg-refund-prorata","input":{"q":"Annual refund?"},"expected_output":"pro-rata"}"#,
        #"{"id":"reg-refund-signoff","input":{"q":"Sign-off?"},"expected_output":"Happy to help"}"#,
        #"{"id":"reg-refund-long","input":{"q":"Long one"},"expected_output":"refunded","tier":"full"}"#,
    ]

    static let shippingCases = [
        #"{"id":"reg-ship-days","input":{"q":"When?"},"expected_output":"3 days"}"#,
        #"{"id":"reg-ship-parcels","input":{"q":"What ships?"},"expected_output":"Parcels"}"#,
    ]

    /// The repository with one commit, "Add support bot", on `main` (or `branch`).
    init(branch: String = "main") throws {
        fixture = try GitFixture(initialBranch: branch)
        try fixture.write(
            "deadbolt.yml",
            """
            version: 1
            provider:
              command: ["bin/answer"]
              timeout: 10s
              jobs: 2

            """)
        try fixture.write("prompts/refund.md", "Annual plans are refunded pro-rata.\n{{> prompts/partials/tone.md}}\n")
        try fixture.write("prompts/partials/tone.md", "Sign off with: Happy to help.\n")
        try fixture.write("prompts/shipping.md", "Parcels ship in 3 days.\n")
        try fixture.write(
            "bin/answer",
            """
            #!/bin/sh
            cat > /dev/null
            echo answered >> '\(fixture.root)/.git/provider.log'
            cat prompts/refund.md prompts/partials/tone.md prompts/shipping.md

            """)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fixture.root + "/bin/answer")
        try fixture.write(
            "evals/regression/refund_policy_regressions/dataset.yml",
            """
            owners: [prompts/refund.md]
            tier: smoke
            assert:
              - {type: icontains, value: "{{expected_output}}"}

            """)
        try fixture.write(
            "evals/regression/refund_policy_regressions/cases.jsonl", Self.refundCases.joined(separator: "\n") + "\n")
        try fixture.write("evals/regression/shipping_time_regressions/dataset.yml", "owners: [prompts/shipping.md]\n")
        try fixture.write(
            "evals/regression/shipping_time_regressions/cases.jsonl",
            Self.shippingCases.joined(separator: "\n") + "\n")
        try fixture.commit("Add support bot")
    }

    /// How many cases the provider has answered so far.
    func providerCalls() -> Int {
        guard let data = FileManager.default.contents(atPath: providerLog) else { return 0 }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").count
    }

    func workspace() throws -> Workspace {
        try Workspace(path: fixture.root)
    }

    func breakRefundPrompt() throws {
        try fixture.write("prompts/refund.md", "Annual plans are not refundable.\n{{> prompts/partials/tone.md}}\n")
    }

    /// Appends `lines` to a dataset's `cases.jsonl`.
    func addCases(_ lines: [String], to dataset: String = "refund_policy_regressions") throws {
        let path = "evals/regression/\(dataset)/cases.jsonl"
        try fixture.write(path, try fixture.read(path) + lines.joined(separator: "\n") + "\n")
    }

    /// The verdict of gate `gate` over `base...head`, run in process.
    func verdict(gate: String = "pre-push", base: String?, head: String? = nil, shard: Shard? = nil) async throws
        -> Verdict
    {
        let workspace = try workspace()
        let plan = try GatePlan.make(workspace: workspace, gate: gate, base: base, head: head)
        return try await GateRun(workspace: workspace, execution: CaseExecution()).verdict(plan, shard: shard)
    }
}

/// A push of `local` (a ref and a revision) to `remoteRef`, which the remote has at `remoteSHA`.
func pushUpdate(
    _ fixture: GitFixture, local: String, revision: String? = nil, remoteRef: String? = nil,
    remoteSHA: String = zeroSHA
) throws -> PushUpdate {
    let sha = try fixture.sha(revision ?? local)
    return PushUpdate(localRef: local, localSHA: sha, remoteRef: remoteRef ?? local, remoteSHA: remoteSHA)
}

let zeroSHA = String(repeating: "0", count: 40)
