import DeadboltCore
import DeadboltRunner
import Foundation
import TestSupport

/// A folder with a `protocol: jsonl` worker script, and helpers to run cases through it.
struct WorkerFixture {
    let folder: String
    let command: [String]

    /// The interpreter tests write workers for, found on PATH once.
    static let python: String = (try? ExecutableLookup.resolve("python3", in: "/")) ?? "/usr/bin/python3"

    /// A Python worker: `body` runs for each request with `request`, `case` (its case id) and
    /// `reply` (the answer object to print) in scope; `setup` runs once at start, `teardown` at
    /// the end of input. The default answer is `pro-rata <case> pid=<pid>`.
    init(python body: String = "", setup: String = "", teardown: String = "") throws {
        folder = try TemporaryFolder.make(prefix: "worker")
        let indented = body.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
        let script = """
            import json, os, sys, time
            \(setup)
            for line in sys.stdin:
                request = json.loads(line)
                case = request["case"]["id"]
                reply = {"id": request["id"], "output": f"pro-rata {case} pid={os.getpid()}"}
            \(indented.joined(separator: "\n"))
                sys.stdout.write(json.dumps(reply) + "\\n")
                sys.stdout.flush()
            \(teardown)

            """
        try Data(script.utf8).write(to: URL(fileURLWithPath: folder + "/worker.py"))
        command = [Self.python, folder + "/worker.py"]
    }

    /// A worker that is a shell script (`#!/bin/sh` added).
    init(shell script: String) throws {
        folder = try TemporaryFolder.make(prefix: "worker")
        let path = folder + "/worker"
        try Data(("#!/bin/sh\n" + script + "\n").utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        command = [path]
    }

    func settings(
        timeout: Double = 10, jobs: Int = 1, outputLimit: Int = ProcessRunner.defaultOutputLimit,
        environment: [String: String] = [:], redaction: SecretRedaction? = nil
    ) -> RunSettings {
        RunSettings(
            command: command, directory: folder, environment: environment, timeoutSeconds: timeout, jobs: jobs,
            outputLimit: outputLimit, redaction: redaction)
    }

    /// Runs cases `ids` (each expecting "pro-rata") through a `WorkerProvider`, which is shut
    /// down at the end.
    func run(_ ids: [String], settings: RunSettings) throws -> [CaseResult] {
        try run(cases: ids.map { ProviderFixture.regressionCase($0) }, settings: settings)
    }

    func run(cases: [RegressionCase], settings: RunSettings) throws -> [CaseResult] {
        let planned = try Self.plan(cases)
        return Scheduler.runBlocking(planned, provider: WorkerProvider(settings: settings), settings: settings)
    }

    func run(_ ids: [String], timeout: Double = 10, jobs: Int = 1) throws -> [CaseResult] {
        try run(ids, settings: settings(timeout: timeout, jobs: jobs))
    }

    static func plan(_ cases: [RegressionCase]) throws -> [PlannedCase] {
        try RunPlanner.plan(
            [(ProviderFixture.dataset, cases)], prompts: { _ in ["prompts/refund.md": "abc123"] }, revision: "deadbeef")
    }

    /// The worker pid a default answer names.
    static func pid(in output: String?) -> Int32? {
        guard let output, let range = output.range(of: "pid=") else { return nil }
        return Int32(output[range.upperBound...].prefix { $0.isNumber })
    }

    /// The pids written, one a line, to `file` in the folder.
    func pids(in file: String) -> [Int32] {
        let text = (try? String(contentsOfFile: folder + "/" + file, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { Int32($0.trimmingCharacters(in: .whitespaces)) }
    }
}
