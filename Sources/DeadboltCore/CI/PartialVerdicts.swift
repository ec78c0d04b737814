/// Combines the partial verdicts of a sharded run into one, checking that every selected case
/// ran exactly once.
public enum PartialVerdicts {
    /// The combined verdict JSON: results of every shard, counts recomputed, warnings and locks
    /// once; `fail` when any shard failed.
    public static func merge(_ partials: [(path: String, json: JSONValue)]) throws(InputError) -> JSONValue {
        guard let first = partials.first else {
            throw InputError("no partial verdicts to merge", hint: "pass the JSON files the shards wrote with --report json=PATH")
        }
        var total: Int?
        var selected: [String]?
        var seenShards: [Int: String] = [:]
        var ran: [String: String] = [:]
        var results: [JSONValue] = []
        var warnings: [JSONValue] = []
        var failed = false
        for (path, json) in partials {
            guard case .object = json, let verdict = json["verdict"]?.stringValue, let items = json["results"]?.arrayValue else {
                throw InputError(file: path, "is not a deadbolt verdict", hint: "pass files written by deadbolt check --shard I/N --report json=PATH")
            }
            guard let shard = json["shard"], let keys = shard["selected"]?.arrayValue?.compactMap(\.stringValue) else {
                throw InputError(file: path, "is not a partial verdict: it has no `shard`", hint: "run each job with deadbolt check --shard I/N")
            }
            let count = try shardNumber(shard, "total", in: Shard.totalRange, path: path)
            let index = try shardNumber(shard, "index", in: 1...count, path: path)
            if let total, total != count {
                throw InputError(file: path, "is shard \(index) of \(count), but \(partials[0].path) is of \(total)")
            }
            if let selected, selected != keys {
                throw InputError(file: path, "selected other cases than \(first.path): the shards did not check the same change",
                                 hint: "run every shard on the same base and head")
            }
            if let other = seenShards[index] {
                throw InputError(file: path, "is shard \(index)/\(count) again (also \(other))", hint: "merge each shard once")
            }
            total = count
            selected = keys
            seenShards[index] = path
            if verdict == "fail" { failed = true }
            let resultsBefore = results.count
            for item in items {
                do { try ResultNumbers.check(item) } catch {
                    throw InputError(file: path, "result \(results.count + 1 - resultsBefore) (\(item["case"]?.stringValue ?? "?")): "
                                     + error.message, hint: "pass the files deadbolt check --report json=PATH wrote")
                }
                let key = Shard.key(dataset: item["dataset"]?.stringValue ?? "", caseID: item["case"]?.stringValue ?? "")
                if let other = ran[key] {
                    throw InputError(file: path, "ran \(key), which \(other) ran too", hint: "each case runs in exactly one shard")
                }
                ran[key] = path
                results.append(item)
            }
            for warning in json["warnings"]?.arrayValue ?? [] where !warnings.contains(warning) { warnings.append(warning) }
        }
        let missingShards = (1...(total ?? 1)).filter { seenShards[$0] == nil }
        if !missingShards.isEmpty {
            throw InputError("shard\(missingShards.count == 1 ? "" : "s") \(missingShards.map { "\($0)/\(total ?? 1)" }.joined(separator: ", ")) missing",
                             hint: "pass every shard's partial verdict")
        }
        let missingCases = (selected ?? []).filter { ran[$0] == nil }
        if !missingCases.isEmpty {
            throw InputError("\(missingCases.count) selected case\(missingCases.count == 1 ? "" : "s") ran in no shard: \(missingCases.prefix(5).joined(separator: ", "))",
                             hint: "rerun the shards on the same change")
        }
        var counts: [String: JSONValue] = [:]
        for status in CaseStatus.allCases {
            counts[status.rawValue] = .number(Double(results.filter { $0["status"]?.stringValue == status.rawValue }.count))
        }
        if results.contains(where: { $0["status"]?.stringValue != "passed" }) { failed = true }
        var merged = first.json.objectValue ?? [:]
        merged["verdict"] = .string(failed ? "fail" : "pass")
        merged["results"] = .array(results)
        merged["counts"] = .object(counts)
        merged["warnings"] = .array(warnings)
        merged["shards"] = .number(Double(total ?? 1))
        merged.removeValue(forKey: "shard")
        return .object(merged)
    }

    /// The whole number at `shard.field`, refused with the file and field when absent or out of `range`.
    static func shardNumber(_ shard: JSONValue, _ field: String, in range: ClosedRange<Int>, path: String) throws(InputError) -> Int {
        let value = shard[field]
        guard let number = value?.numberValue.flatMap({ BoundedNumber.whole($0, in: range) }) else {
            let written = value.map { MessageText.json($0, limit: 40) } ?? "nothing"
            throw InputError(file: path, "`shard.\(field)` must be a whole number in \(BoundedNumber.describe(range)), not \(written)",
                             hint: "pass the files deadbolt check --shard I/N --report json=PATH wrote")
        }
        return number
    }
}
