/// Combines the partial verdicts of a sharded run into one, checking that every selected case
/// ran exactly once.
public enum VerdictMerge {
    /// One verdict from `partials`: every shard's results, warnings and lock findings once, the
    /// first shard's selection (every shard selected the same), and the whole run's outcome.
    ///
    /// Each partial is named by the file it came from, for the errors.
    public static func merge(_ partials: [(path: String, verdict: Verdict)]) throws(InputError) -> Verdict {
        guard let (firstPath, first) = partials.first else {
            throw InputError(
                "no partial verdicts to merge", hint: "pass the JSON files the shards wrote with --report json=PATH")
        }
        guard let total = first.shard?.total, let selected = first.shard?.selected else {
            throw notPartial(firstPath)
        }
        var seenShards: [Int: String] = [:]
        var ran: [String: String] = [:]
        var merged = first
        merged.results = []
        merged.warnings = []
        merged.strictWarnings = []
        merged.shard = nil
        merged.mergedShards = total
        for (path, verdict) in partials {
            guard let shard = verdict.shard else { throw notPartial(path) }
            if shard.total != total {
                throw InputError(
                    file: path, "is shard \(shard.index) of \(shard.total), but \(firstPath) is of \(total)")
            }
            if shard.selected != selected {
                throw InputError(
                    file: path, "selected other cases than \(firstPath): the shards did not check the same change",
                    hint: "run every shard on the same base and head")
            }
            if let other = seenShards[shard.index] {
                throw InputError(
                    file: path, "is shard \(shard.index)/\(total) again (also \(other))", hint: "merge each shard once")
            }
            seenShards[shard.index] = path
            for result in verdict.results {
                let key = Shard.key(dataset: result.dataset, caseID: result.caseID)
                if let other = ran[key] {
                    throw InputError(
                        file: path, "ran \(key), which \(other) ran too", hint: "each case runs in exactly one shard")
                }
                ran[key] = path
                merged.results.append(result)
            }
            for warning in verdict.warnings where !merged.warnings.contains(warning) { merged.warnings.append(warning) }
            for warning in verdict.strictWarnings where !merged.strictWarnings.contains(warning) {
                merged.strictWarnings.append(warning)
            }
            merged.locks = mergeLocks(merged.locks, verdict.locks)
        }
        let missingShards = (1...total).filter { seenShards[$0] == nil }
        if !missingShards.isEmpty {
            let names = missingShards.map { "\($0)/\(total)" }.joined(separator: ", ")
            throw InputError(
                "\(Plural.noun(missingShards.count, "shard")) \(names) missing",
                hint: "pass every shard's partial verdict")
        }
        let missingCases = selected.filter { ran[$0] == nil }
        if !missingCases.isEmpty {
            throw InputError(
                "\(Plural.count(missingCases.count, "selected case")) ran in no shard: "
                    + missingCases.prefix(5).joined(separator: ", "),
                hint: "rerun the shards on the same change")
        }
        return merged
    }

    /// Every shard checks the same commits; a lock proven in one shard is proven for the run.
    static func mergeLocks(_ known: [CommitLock], _ more: [CommitLock]) -> [CommitLock] {
        guard !known.isEmpty else { return more }
        var locks = known
        for lock in more {
            guard let index = locks.firstIndex(where: { $0.sha == lock.sha }) else {
                locks.append(lock)
                continue
            }
            for proof in lock.proofs where !locks[index].proofs.contains(proof) { locks[index].proofs.append(proof) }
        }
        return locks
    }

    static func notPartial(_ path: String) -> InputError {
        InputError(
            file: path, "is not a partial verdict: it has no `shard`",
            hint: "run each job with deadbolt check --shard I/N")
    }
}
