import DeadboltCore
import DeadboltRunner
import Foundation
import TestSupport

/// A folder with a provider script, and helpers to plan and run cases against it.
struct ProviderFixture {
    let folder: String

    init(script: String) throws {
        folder = try TemporaryFolder.make(prefix: "provider")
        let path = folder + "/provider"
        try Data(("#!/bin/sh\n" + script + "\n").utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }

    static let dataset = Dataset(
        name: "refund_policy_regressions", folder: "evals/regression/refund_policy_regressions",
        owners: ["prompts/refund.md"], assertions: [RunPlanner.defaultAssertion])

    func plan(_ cases: [RegressionCase]) throws -> [PlannedCase] {
        try RunPlanner.plan(
            [(Self.dataset, cases)], prompts: { _ in ["prompts/refund.md": "abc123"] }, revision: "deadbeef")
    }

    func run(
        _ cases: [RegressionCase], timeout: Double = 5, jobs: Int = 2, repeatCount: Int = 1,
        outputLimit: Int = ProcessRunner.defaultOutputLimit
    ) async throws -> [CaseResult] {
        let settings = RunSettings(
            command: [folder + "/provider"], directory: folder, timeoutSeconds: timeout, jobs: jobs,
            repeatCount: repeatCount, outputLimit: outputLimit)
        return await Scheduler.run(try plan(cases), settings: settings)
    }

    static func regressionCase(
        _ id: String, input: JSONValue = .object(["question": .string("refund?")]), expected: String = "pro-rata",
        assertions: [JSONValue]? = nil
    ) -> RegressionCase {
        RegressionCase(
            id: id, input: input, expectedOutput: .string(expected), assertions: assertions, category: nil,
            bugLink: nil,
            tier: nil, tags: [:], fields: [:], line: 1)
    }
}
