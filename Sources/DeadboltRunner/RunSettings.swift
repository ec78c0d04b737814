import DeadboltCore

/// How to run the provider for a batch of cases.
public struct RunSettings: Sendable {
    /// The provider's argv.
    public var command: [String]
    /// Where it runs: the repository root, or a materialised tree of another revision.
    public var directory: String
    /// Variables for the provider (`provider.env`, `${NAME}` references expanded); CI tokens it
    /// does not name here are not passed on.
    public var environment: [String: String]
    /// Replaces CI tokens' values in everything captured from the provider and evaluators.
    public var redaction: SecretRedaction
    public var timeoutSeconds: Double
    /// How many cases run at once.
    public var jobs: Int
    /// How many times each case runs; more than one reveals flaky cases.
    public var repeatCount: Int
    public var outputLimit: Int

    public init(
        command: [String], directory: String, environment: [String: String] = [:], timeoutSeconds: Double = 30,
        jobs: Int = 4, repeatCount: Int = 1, outputLimit: Int = ProcessRunner.defaultOutputLimit,
        redaction: SecretRedaction? = nil
    ) {
        self.command = command
        self.directory = directory
        let inherited = ProcessRunner.inheritedEnvironment
        self.environment = SecretRedaction.expandingReferences(environment, from: inherited)
        self.redaction =
            redaction ?? SecretRedaction(environment: inherited.merging(self.environment, uniquingKeysWith: { $1 }))
        self.timeoutSeconds = timeoutSeconds
        self.jobs = max(1, jobs)
        self.repeatCount = max(1, repeatCount)
        self.outputLimit = outputLimit
    }
}
