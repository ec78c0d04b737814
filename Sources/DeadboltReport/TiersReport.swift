import DeadboltCore

/// `deadbolt tiers`: each proposed move with its evidence.
public enum TiersReport {
    public static func json(_ proposals: [TierProposal], store: String, applied: [String]) -> JSONValue {
        .object([
            "store": .string(store),
            "proposals": .array(
                proposals.map {
                    .object([
                        "dataset": .string($0.dataset), "case": .string($0.caseID), "from": .string($0.from.rawValue),
                        "to": .string($0.to.rawValue), "reason": .string($0.reason),
                    ])
                }),
            "applied": .array(applied.map(JSONValue.string)),
        ])
    }

    /// `lines`: how many case lines `--apply` changed.
    public static func text(
        _ proposals: [TierProposal], store: String, applied: [String], lines: Int = 0, style: Style = .plain
    ) -> String {
        guard !proposals.isEmpty else { return "no tier changes: history in \(store) proposes none\n" }
        var out = ""
        for proposal in proposals {
            let arrow = "\(proposal.from.rawValue) → \(proposal.to.rawValue)"
            let word = proposal.to == .smoke ? style.green("promote") : style.yellow("demote ")
            out += "\(word)  \(proposal.dataset) / \(proposal.caseID)  \(arrow)\n"
            out += "         " + style.dim(proposal.reason) + "\n"
        }
        if applied.isEmpty {
            out += "\nrun deadbolt tiers --apply to write these tiers into the case lines\n"
        } else {
            out +=
                "\nwrote the tier of \(Plural.count(lines, "case")) in \(applied.joined(separator: ", "))\n"
        }
        return out
    }
}
