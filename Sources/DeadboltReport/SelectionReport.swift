import DeadboltCore

/// `deadbolt select`: the datasets and cases a gate would run, and why.
public enum SelectionReport {
    /// The stable JSON shape (docs/json.md), with `changed_cases`, `kind` on each reason, and `note`.
    public static func json(_ selection: Selection) -> JSONValue {
        var object: [String: JSONValue] = [
            "gate": .string(selection.gate.name),
            "tiers": .array(selection.gate.tiers.map { .string($0.rawValue) }),
            "scope": .string(selection.gate.scope.rawValue),
            "datasets": .array(
                selection.datasets.map { selected in
                    .object([
                        "name": .string(selected.dataset.name),
                        "cases": .array(selected.cases.map { .string($0.id) }),
                        "changed_cases": .array(selected.changedCaseIDs.map { .string($0) }),
                        "reasons": .array(selected.reasons.map(reasonJSON)),
                    ])
                }),
            "cycles": .array(selection.cycles.map { .array($0.files.map { .string($0) }) }),
        ]
        if let why = selection.emptyReason { object["note"] = .string("nothing selected: \(why)") }
        return .object(object)
    }

    static func reasonJSON(_ reason: SelectionReason) -> JSONValue {
        .object([
            "kind": .string(reason.kind.rawValue),
            "path": reason.path.map { .string($0) } ?? .null,
            "via": .array(reason.via.map { .string($0) }),
        ])
    }

    /// What a person reads: each dataset with its case count and the chains that reached it.
    public static func text(_ selection: Selection, style: Style = .plain) -> String {
        let tiers = selection.gate.tiers.map(\.rawValue).joined(separator: ", ")
        var out = "gate \(selection.gate.name): tiers \(tiers), scope \(selection.gate.scope.rawValue)\n"
        if let why = selection.emptyReason {
            out += "nothing selected: \(why)\n"
        }
        for selected in selection.datasets {
            let count = selected.cases.count
            out += style.bold(selected.dataset.name) + "  \(Plural.count(count, "case"))"
            if !selected.changedCaseIDs.isEmpty { out += " (\(selected.changedCaseIDs.count) new or edited)" }
            out += "\n"
            for reason in selected.reasons {
                out += "  " + style.dim(reason.chain(to: selected.dataset.name)) + "\n"
            }
        }
        for cycle in selection.cycles {
            out += style.yellow("warning: ") + "include cycle: \(cycle.description)\n"
        }
        if !selection.datasets.isEmpty {
            let cases = "\(Plural.count(selection.caseCount, "case"))"
            let datasets = "\(Plural.count(selection.datasets.count, "dataset"))"
            out += "\(cases) in \(datasets)\n"
        }
        return out
    }
}
