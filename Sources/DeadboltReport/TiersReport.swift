import DeadboltCore

/// `deadbolt tiers`: each proposed move with its evidence.
public enum TiersReport {
    public static func json(
        _ proposals: [TierProposal], store: String, applied: [String], byHand: [TierMoveByHand] = []
    ) -> JSONValue {
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
            "by_hand": .array(
                byHand.map {
                    .object([
                        "dataset": .string($0.dataset), "case": .string($0.caseID), "tier": .string($0.tier.rawValue),
                        "file": .string($0.file), "line": $0.line.map { .number(Double($0)) } ?? .null,
                    ])
                }),
        ])
    }

    /// `lines`: how many case lines `--apply` changed.
    public static func text(
        _ proposals: [TierProposal], store: String, applied: [String], lines: Int = 0, byHand: [TierMoveByHand] = [],
        style: Style = .plain
    ) -> String {
        guard !proposals.isEmpty else { return "no tier changes: history in \(store) proposes none\n" }
        var out = ""
        for proposal in proposals {
            let arrow = "\(proposal.from.rawValue) → \(proposal.to.rawValue)"
            let word = proposal.to == .smoke ? style.green("promote") : style.yellow("demote ")
            out += "\(word)  \(proposal.dataset) / \(proposal.caseID)  \(arrow)\n"
            out += "         " + style.dim(proposal.reason) + "\n"
        }
        if !applied.isEmpty {
            out +=
                "\nwrote the tier of \(Plural.count(lines, "case")) in \(applied.joined(separator: ", "))\n"
        } else if byHand.isEmpty {
            out += "\nrun deadbolt tiers --apply to write these tiers into the case lines\n"
        }
        for move in byHand {
            out +=
                "not written: \(move.caseID) is a test of a promptfoo suite; give it "
                + "`metadata: {tier: \(move.tier.rawValue)}` at \(move.location)\n"
        }
        return out
    }
}
