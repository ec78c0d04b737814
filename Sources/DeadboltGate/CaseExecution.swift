import DeadboltCore
import DeadboltRunner

/// How planned cases run with the configured provider: jobs, repetitions and progress.
public struct CaseExecution: Sendable {
    /// How many cases run at once; nil means `provider.jobs`.
    public var jobs: Int?
    /// How many times each case runs; more than one reveals flaky cases.
    public var repeatCount: Int
    /// Told `(done, total)` as cases finish.
    public var progress: @Sendable (Int, Int) -> Void
    /// Told once the last case finished.
    public var finished: @Sendable () -> Void

    public init(
        jobs: Int? = nil, repeatCount: Int = 1, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in },
        finished: @escaping @Sendable () -> Void = {}
    ) {
        self.jobs = jobs
        self.repeatCount = repeatCount
        self.progress = progress
        self.finished = finished
    }

    /// The same, each case once (lock proofs and capture run a case once).
    public var once: CaseExecution {
        var copy = self
        copy.repeatCount = 1
        return copy
    }

    /// Refuses to start when no provider is configured or it cannot be found; then runs `plan`
    /// in `directory`.
    public func run(_ plan: [PlannedCase], config: Config, directory: String) async throws -> [CaseResult] {
        guard !plan.isEmpty else { return [] }
        let file = config.source ?? Config.fileName
        guard let command = config.provider.command else {
            throw InputError(
                file: file, line: config.providerLine,
                "no provider is configured, so the \(Plural.count(plan.count, "selected case")) cannot run",
                hint: "add `provider: {command: [\"bin/answer\"]}` to deadbolt.yml: the program that answers each case")
        }
        // Resolved once, so that no case searches PATH again.
        var argv = command
        do {
            argv[0] = try ExecutableLookup.resolve(command[0], in: directory)
        } catch {
            throw InputError(
                file: file, line: config.providerLine,
                "the provider cannot start: \(error.description)",
                hint:
                    "provider.command is argv: its first element is the program, "
                    + "relative to the repository root or on PATH"
            )
        }
        let settings = RunSettings(
            command: argv, directory: directory, environment: config.provider.environment,
            timeoutSeconds: config.provider.timeoutSeconds, jobs: jobs ?? config.provider.jobs, repeatCount: repeatCount
        )
        let results = await Scheduler.run(plan, settings: settings, progress: progress)
        finished()
        return results
    }
}
