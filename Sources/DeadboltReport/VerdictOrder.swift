import DeadboltCore

/// The order reports show results that did not pass in: regressions first, as history labels
/// them, then cases still failing, then the rest, each group in run order.
enum VerdictOrder {
    static func problems(_ verdict: Verdict) -> [CaseResult] {
        let rank = Dictionary(uniqueKeysWithValues: CaseChange.order.enumerated().map { ($1, $0) })
        return verdict.results.enumerated().filter { $0.element.status != .passed }.sorted { one, two in
            let first = one.element.change.flatMap { rank[$0] } ?? CaseChange.order.count
            let second = two.element.change.flatMap { rank[$0] } ?? CaseChange.order.count
            return first == second ? one.offset < two.offset : first < second
        }.map(\.element)
    }
}
