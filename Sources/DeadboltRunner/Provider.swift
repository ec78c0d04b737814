import DeadboltCore

/// What answers planned cases: a program started for each case, a long-lived worker, or a
/// model's HTTP API. The scheduler calls it from its job threads; assertions are not its job.
public protocol Provider: Sendable {
    /// Who answers, with everything that changes the answer (type, model and parameters, or the
    /// command and the blob ids of its own files): the first part of a result's cache key.
    var identity: JSONValue { get }
    /// Answers `planned` on job thread `slot` (0 ..< jobs), blocking until it has answered or
    /// failed. `repetition` counts from 0 for each case under `--repeat`.
    func answer(_ planned: PlannedCase, slot: Int, repetition: Int) -> ProviderReply
    /// Stops whatever the provider keeps running between cases (workers, connections).
    func shutDown()
}

extension Provider {
    public func shutDown() {}
}

/// A provider's reply to one case: its answer, or why there is none.
public struct ProviderReply: Sendable {
    /// What it answered; when `failure` is set, any output it printed before failing.
    public var answer: ProviderAnswer?
    public var failure: ProviderFailure?
    /// Wall time of the call.
    public var durationMs: Int
    /// True when the answer came from the result cache, not from the provider.
    public var fromCache: Bool

    public static func answered(_ answer: ProviderAnswer, durationMs: Int, fromCache: Bool = false) -> ProviderReply {
        ProviderReply(answer: answer, failure: nil, durationMs: durationMs, fromCache: fromCache)
    }

    public static func failed(_ failure: ProviderFailure, durationMs: Int = 0, output: ProviderAnswer? = nil)
        -> ProviderReply
    {
        ProviderReply(answer: output, failure: failure, durationMs: durationMs, fromCache: false)
    }
}
