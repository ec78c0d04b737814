/// Why a dataset was selected.
public struct SelectionReason: Sendable, Equatable {
    /// The rule that applied.
    public enum Kind: String, Sendable, Codable {
        /// A changed prompt or guardrail the dataset owns, directly or through includes.
        case owner
        /// The dataset's own files changed.
        case dataset
        /// A path matching `run_all_on` changed.
        case runAll = "run_all"
        /// The gate's scope is `all`.
        case scope
    }

    public var kind: Kind
    /// The changed path; nil for a gate whose scope is `all`.
    public var path: String?
    /// The files between the changed path and the owner, the owner last.
    public var via: [String]

    public init(kind: Kind, path: String?, via: [String] = []) {
        self.kind = kind
        self.path = path
        self.via = via
    }

    /// `prompts/partials/tone.md → prompts/refund.md → refund_policy_regressions`.
    public func chain(to dataset: String) -> String {
        switch kind {
        case .scope: return "gate scope is all → \(dataset)"
        case .runAll: return "\(path ?? "?") (run_all_on) → \(dataset)"
        case .owner, .dataset: return ([path ?? "?"] + via + [dataset]).joined(separator: " → ")
        }
    }
}

/// One dataset a gate will run, with the cases that pass its tiers.
public struct SelectedDataset: Sendable {
    public var dataset: Dataset
    public var reasons: [SelectionReason]
    /// The cases to run: those of the gate's tiers, plus new or edited ones whatever their tier.
    public var cases: [RegressionCase]
    /// Ids of cases new or edited in the change, which run whatever their tier.
    public var changedCaseIDs: [String]

    public init(dataset: Dataset, reasons: [SelectionReason], cases: [RegressionCase], changedCaseIDs: [String]) {
        self.dataset = dataset
        self.reasons = reasons
        self.cases = cases
        self.changedCaseIDs = changedCaseIDs
    }
}

/// What a gate would run, and why.
public struct Selection: Sendable {
    public var gate: Gate
    public var datasets: [SelectedDataset]
    /// Include cycles met while following includes.
    public var cycles: [IncludeGraph.Cycle]
    /// Said when nothing is selected: why not.
    public var emptyReason: String?

    public init(gate: Gate, datasets: [SelectedDataset], cycles: [IncludeGraph.Cycle], emptyReason: String?) {
        self.gate = gate
        self.datasets = datasets
        self.cycles = cycles
        self.emptyReason = emptyReason
    }

    /// How many cases will run.
    public var caseCount: Int { datasets.reduce(0) { $0 + $1.cases.count } }
}
