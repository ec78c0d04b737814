import DeadboltCore

/// How to run the provider for a batch of cases.
public struct RunSettings: Sendable {
    /// The provider's argv.
    public var command: [String]
    /// Where it runs: the repository root, or a materialised tree of another revision.
    public var directory: String
    public var environment: [String: String]
    public var timeoutSeconds: Double
    /// How many cases run at once.
    public var jobs: Int
    /// How many times each case runs; more than one reveals flaky cases.
    public var repeatCount: Int
    public var outputLimit: Int

    public init(
        command: [String], directory: String, environment: [String: String] = [:], timeoutSeconds: Double = 30,
        jobs: Int = 4, repeatCount: Int = 1, outputLimit: Int = ProcessRunner.defaultOutputLimit
    ) {
        self.command = command
        self.directory = directory
        self.environment = environment
        self.timeoutSeconds = timeoutSeconds
        self.jobs = max(1, jobs)
        self.repeatCount = max(1, repeatCount)
        self.outputLimit = outputLimit
    }
}
