/// One span, observation or run of a trace that `--span` can name.
struct TraceUnit {
    /// Its id, when it has one.
    var id: String?
    /// What a person recognises it by in a list (its name, its type).
    var label: String
}

/// Picks the one call to capture from a trace that may hold several.
enum TraceCallChoice {
    /// The index in `units` of the call to read.
    ///
    /// With `spanID`, the unit with that id, whichever it is. Without, the only candidate. Nil
    /// when there is no candidate and no `spanID`, so that the caller can fall back.
    /// - Parameters:
    ///   - units: every span, observation or run in the file.
    ///   - candidates: indexes into `units` of the ones that are LLM calls.
    ///   - unitName: what one unit is called in this format ("span", "observation", "run").
    ///   - callName: what a candidate is called ("GenAI span", "generation", "LLM run").
    ///   - counting: the trace is only counted (`deadbolt coverage`), so the first of several calls
    ///     stands for it.
    static func choose(
        _ units: [TraceUnit], candidates: [Int], spanID: String?, path: String, unitName: String, callName: String,
        counting: Bool = false
    ) throws(InputError) -> Int? {
        let listing = candidates.map { index -> String in
            let unit = units[index]
            return "\(unit.id ?? "(no id)") (\(unit.label))"
        }.joined(separator: ", ")
        if let spanID {
            if let index = units.firstIndex(where: { $0.id == spanID }) { return index }
            let hint =
                candidates.isEmpty
                ? "the file holds no \(callName)s; leave out --span"
                : "its \(callName)s are: \(listing); pass one of those ids to --span"
            throw InputError(file: path, "has no \(unitName) with id `\(spanID)`", hint: hint)
        }
        switch candidates.count {
        case 0:
            return nil
        case 1:
            return candidates[0]
        case _ where counting:
            return candidates[0]
        default:
            throw InputError(
                file: path, "holds \(candidates.count) \(callName)s: \(listing)",
                hint: "deadbolt captures one call at a time; pass --span ID to pick one")
        }
    }
}
