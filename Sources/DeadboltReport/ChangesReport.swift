import DeadboltCore

/// `deadbolt changes`: the changed paths with their kinds.
public enum ChangesReport {
    /// The stable JSON shape (docs/json.md).
    public static func json(base: String?, head: String?, changes: [PathChange]) -> JSONValue {
        .object([
            "base": base.map { .string($0) } ?? .null,
            "head": head.map { .string($0) } ?? .null,
            "changes": .array(
                changes.map { change in
                    .object([
                        "status": .string(change.status.rawValue),
                        "path": .string(change.path),
                        "old_path": change.oldPath.map { .string($0) } ?? .null,
                        "kinds": .array(change.kinds.map { .string($0.rawValue) }),
                    ])
                }),
        ])
    }

    /// One line a change: `M  prompts/refund.md  [prompt]`, renames as `old → new`.
    public static func text(changes: [PathChange]) -> String {
        if changes.isEmpty { return "no changes\n" }
        var out = ""
        for change in changes {
            let path = change.oldPath.map { "\($0) → \(change.path)" } ?? change.path
            let kinds = change.kinds.isEmpty ? "" : "  [" + change.kinds.map(\.rawValue).joined(separator: ", ") + "]"
            out += "\(change.status.letter)  \(path)\(kinds)\n"
        }
        return out
    }
}
