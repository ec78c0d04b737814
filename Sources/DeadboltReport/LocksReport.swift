import DeadboltCore

/// `deadbolt locks`: which bug-linked commits carry a lock.
public enum LocksReport {
    /// The stable JSON shape (docs/json.md), with `waiver` for waived commits.
    public static func json(base: String?, head: String, locks: [CommitLock]) -> JSONValue {
        .object([
            "base": base.map { .string($0) } ?? .null,
            "head": .string(head),
            "commits": .array(locks.map(json)),
        ])
    }

    static func json(_ lock: CommitLock) -> JSONValue {
        var object: [String: JSONValue] = [
            "sha": .string(lock.sha),
            "subject": .string(lock.subject),
            "bug_links": .array(lock.bugLinks.map { .string($0.text) }),
            "status": .string(lock.status.rawValue),
            "cases": .array(lock.cases.map { .string($0) }),
        ]
        if let waiver = lock.waiver { object["waiver"] = .string(waiver) }
        if !lock.proofs.isEmpty {
            object["proofs"] = .array(
                lock.proofs.map { proof in
                    .object([
                        "dataset": .string(proof.dataset),
                        "case": .string(proof.caseID),
                        "bug_link": proof.bugLink.map { .string($0) } ?? .null,
                        "at_base": .string(proof.atBase.rawValue),
                        "at_head": proof.atHead.map { .string($0.rawValue) } ?? .null,
                        "finding": .string(proof.finding.rawValue),
                        "base_error": proof.baseError.map { .string($0) } ?? .null,
                    ])
                })
        }
        return .object(object)
    }

    /// One line a commit: `locked    a1b2c3d Fix pro-rata refunds  BUG-142 → reg-...`.
    public static func text(_ locks: [CommitLock], style: Style = .plain) -> String {
        if locks.isEmpty { return "no commits in the range\n" }
        var out = ""
        for lock in locks {
            let label: String
            switch lock.status {
            case .locked: label = style.green("locked  ")
            case .unlocked: label = style.red("unlocked")
            case .waived: label = style.yellow("waived  ")
            case .noBug: label = style.dim("no-bug  ")
            }
            var line = "\(label)  \(lock.sha.prefix(7)) \(lock.subject)"
            if !lock.bugLinks.isEmpty { line += "  " + lock.bugLinks.map(\.text).joined(separator: ", ") }
            if !lock.cases.isEmpty { line += " → " + lock.cases.joined(separator: ", ") }
            if let waiver = lock.waiver { line += "  (\(waiver))" }
            out += line + "\n"
        }
        return out
    }
}
