import DeadboltCore
import DeadboltModels
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
    /// False for `--no-cache`: every case asks the provider, and nothing is stored.
    public var useCache = true
    /// False for `--no-history`: nothing is compared with history and nothing is recorded.
    public var recordHistory = true
    /// Told what a person should know that is not a result (a cache that cannot be written).
    public var notice: @Sendable (String) -> Void = { _ in }

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

    /// Refuses to start when no provider is configured or it cannot start; then runs `plan`
    /// in `directory`. Answers are reused from, and stored in, the result cache in `cacheFolder`
    /// (nil: no cache; see ``Workspace/resultCacheFolder(_:)``).
    public func run(_ plan: [PlannedCase], config: Config, directory: String, cacheFolder: String? = nil)
        async throws -> [CaseResult]
    {
        try await runIdentified(plan, config: config, directory: directory, cacheFolder: cacheFolder).results
    }

    /// The same, with the identity of the provider that answered (for eval records); `starting`
    /// is told that identity just before the first case starts (history prepares while they run).
    public func runIdentified(
        _ plan: [PlannedCase], config: Config, directory: String, cacheFolder: String? = nil,
        starting: (JSONValue) -> Void = { _ in }
    ) async throws -> (results: [CaseResult], provider: JSONValue) {
        guard !plan.isEmpty else { return ([], .null) }
        var settings = RunSettings(
            command: [], directory: directory, environment: config.provider.environment,
            timeoutSeconds: config.provider.timeoutSeconds, jobs: jobs ?? config.provider.jobs, repeatCount: repeatCount
        )
        if config.provider.kind == .openai, let openAI = config.provider.openAI {
            // A model's key (and the variables its headers read) is redacted like a CI token from
            // everything captured, exec assertions' output too.
            settings.redaction = SecretRedaction(
                environment: ProcessRunner.inheritedEnvironment.merging(settings.environment) { $1 },
                also: OpenAICredentials.variables(openAI))
        }
        var provider = try ProviderSetup.provider(
            for: config, directory: directory, settings: settings, caseCount: plan.count)
        if useCache, let folder = cacheFolder {
            do {
                provider = CachedProvider(
                    provider, cache: try ResultCache(folder: folder, ttlSeconds: config.cache.ttlSeconds))
            } catch {
                let why = error.localizedDescription
                notice("the result cache at \(folder) cannot be written (\(why)); running without it")
            }
        }
        PhaseTrace.mark("plan and start the provider")
        starting(provider.identity)
        let cpu = PhaseTrace.enabled ? PhaseTrace.cpuMicroseconds() : (0, 0)
        let results = await Scheduler.run(plan, provider: provider, settings: settings, progress: progress)
        // bench/workers.sh reads this line: the run phase, from the first case to the provider's
        // end, and the CPU it took, which other work on the machine does not change.
        PhaseTrace.mark(
            {
                let now = PhaseTrace.cpuMicroseconds()
                return "run \(plan.count) cases (cpu: deadbolt \(now.own - cpu.0) µs, providers "
                    + "\(now.children - cpu.1) µs)"
            }())
        finished()
        return (results, provider.identity)
    }
}
