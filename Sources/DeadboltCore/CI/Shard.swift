/// One share of a gate's cases when a run is spread over several CI jobs.
public struct Shard: Sendable, Equatable {
    /// 1-based, as `--shard 2/4` and GitLab's `CI_NODE_INDEX` count.
    public var index: Int
    public var total: Int

    public init(index: Int, total: Int) {
        self.index = index
        self.total = total
    }

    /// How many shards a run may have.
    public static let totalRange = 1...10_000

    /// `I/N`, or an error saying what is expected.
    public static func parse(_ text: String) throws(InputError) -> Shard {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let total = BoundedNumber.whole(String(parts[1]), in: totalRange),
            let index = BoundedNumber.whole(String(parts[0]), in: 1...total)
        else {
            throw InputError(
                "`\(text)` is not a shard",
                hint: "write I/N with 1 ≤ I ≤ N ≤ \(totalRange.upperBound), e.g. --shard 2/4")
        }
        return Shard(index: index, total: total)
    }

    /// The shard CI asks for through `CI_NODE_INDEX` / `CI_NODE_TOTAL`, if any; a bad value is
    /// refused naming the variable it came from.
    public static func fromEnvironment(_ environment: [String: String]) throws(InputError) -> Shard? {
        guard let indexText = environment["CI_NODE_INDEX"], let totalText = environment["CI_NODE_TOTAL"] else {
            return nil
        }
        let hint = "GitLab sets both for a job with `parallel: N`; unset them, or pass --shard I/N"
        guard let total = BoundedNumber.whole(totalText, in: totalRange) else {
            throw InputError(
                "CI_NODE_TOTAL=\(MessageText.truncated(totalText, limit: 40)) is not a whole number in "
                    + BoundedNumber.describe(totalRange), hint: hint)
        }
        guard let index = BoundedNumber.whole(indexText, in: 1...total) else {
            throw InputError(
                "CI_NODE_INDEX=\(MessageText.truncated(indexText, limit: 40)) is not a whole number in "
                    + "1…\(total) (CI_NODE_TOTAL=\(total))", hint: hint)
        }
        return Shard(index: index, total: total)
    }

    /// Whether the case at `position` of the sorted selection belongs to this shard: dealt round
    /// robin, so shares differ by at most one case and never depend on timing.
    public func owns(position: Int) -> Bool { position % total == index - 1 }

    /// The key that orders a gate's cases the same way in every job.
    public static func key(dataset: String, caseID: String) -> String { dataset + "/" + caseID }
}

extension Selection {
    /// Every `dataset/case` key of the selection, sorted: the order every job of a sharded run
    /// deals in, so that they agree without talking to each other.
    public var caseKeys: [String] {
        datasets.flatMap { selected in selected.cases.map { Shard.key(dataset: selected.dataset.name, caseID: $0.id) } }
            .sorted()
    }

    /// The selection with only the cases `shard` owns, dealt round robin over ``caseKeys``.
    public func share(for shard: Shard) -> Selection {
        let mine = Set(caseKeys.enumerated().filter { shard.owns(position: $0.offset) }.map(\.element))
        var share = self
        for index in share.datasets.indices {
            let name = share.datasets[index].dataset.name
            share.datasets[index].cases.removeAll { !mine.contains(Shard.key(dataset: name, caseID: $0.id)) }
        }
        return share
    }
}
