/// One share of a gate's cases when a run is spread over several CI jobs.
public struct Shard: Sendable, Equatable {
    /// 1-based, as `--shard 2/4` and GitLab's `CI_NODE_INDEX` count.
    public var index: Int
    public var total: Int

    public init(index: Int, total: Int) {
        self.index = index
        self.total = total
    }

    /// `I/N`, or an error saying what is expected.
    public static func parse(_ text: String) throws(InputError) -> Shard {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let index = Int(parts[0]), let total = Int(parts[1]), total >= 1, (1...total).contains(index) else {
            throw InputError("`\(text)` is not a shard", hint: "write I/N with 1 ≤ I ≤ N, e.g. --shard 2/4")
        }
        return Shard(index: index, total: total)
    }

    /// The shard CI asks for through `CI_NODE_INDEX` / `CI_NODE_TOTAL`, if any.
    public static func fromEnvironment(_ environment: [String: String]) throws(InputError) -> Shard? {
        guard let index = environment["CI_NODE_INDEX"], let total = environment["CI_NODE_TOTAL"] else { return nil }
        return try parse("\(index)/\(total)")
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
