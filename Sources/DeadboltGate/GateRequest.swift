import DeadboltCore

/// The gate and the revisions a command compares: the flags, else what the pre-commit
/// framework or the CI system says, else the defaults.
public struct GateRequest: Sendable, Equatable {
    public var gate: String
    /// nil means the default base (see ``Workspace/range(base:head:)``).
    public var base: String?
    public var head: String?

    /// Resolves what was given on the command line against `environment`.
    ///
    /// - Parameter read: reads a file CI names (GitHub's event payload); nil when unreadable.
    public static func resolve(
        gate: String?, base: String?, head: String?, environment: [String: String],
        read: (String) -> [UInt8]?
    ) throws -> GateRequest {
        if base == nil, head == nil {
            if let from = environment["PRE_COMMIT_FROM_REF"], let to = environment["PRE_COMMIT_TO_REF"] {
                return GateRequest(gate: gate ?? "pre-push", base: PushUpdate.isZero(from) ? nil : from, head: to)
            }
            if let context = try CIContext.detect(environment: environment, readEvent: read) {
                return GateRequest(gate: gate ?? context.gate, base: context.base, head: context.head)
            }
        }
        return GateRequest(gate: gate ?? "pre-push", base: base, head: head)
    }
}
