/// One parser of untrusted input under the fuzzer: a name, what it reads, and a body that hands
/// the input to the same code a command calls. A thrown error is the parser doing its job; a
/// trap, a hang or a sanitizer report is a finding.
public struct FuzzTarget: Sendable {
    public let name: String
    public let summary: String
    public let body: @Sendable ([UInt8]) -> Void

    public init(_ name: String, _ summary: String, _ body: @escaping @Sendable ([UInt8]) -> Void) {
        self.name = name
        self.summary = summary
        self.body = body
    }

    /// Every target, in the order `scripts/fuzz.sh all` runs them.
    public static let all: [FuzzTarget] = [
        ConfigTargets.config, ConfigTargets.dataset, ConfigTargets.pins, CaseLineTarget.target,
        CommitMessageTarget.target, PrePushTarget.target, CIEventTarget.github, CIEventTarget.shard,
        ProviderAnswerTarget.exec, ProviderAnswerTarget.openAI, PartialVerdictTarget.target,
        PatternTargets.glob, PatternTargets.include, TemplateTarget.target, TraceTargets.trace,
        TraceTargets.batch, ProductionRowsTarget.target, PromptfooTarget.target,
    ]

    public static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}
