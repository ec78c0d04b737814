/// Whether actual JSON holds expected JSON as a subset, as `contains-json` compares them.
///
/// Objects match when every expected key is present and matches, extra keys allowed; arrays match
/// element by element and must have the same length; scalars must be equal.
enum JSONSubsetMatch {
    /// At most this many mismatches are collected.
    static let mismatchLimit = 50

    /// The mismatches of `actual` against `expected`, such as `$.refund.amount: expected 10, got 12`.
    static func mismatches(expected: JSONValue, actual: JSONValue) -> [String] {
        var out: [String] = []
        collect(expected, actual, path: JSONPath.root, into: &out)
        return out
    }

    /// `actual` cut down to the shape of `expected`, so a diff shows only what was compared.
    static func projection(of actual: JSONValue, onto expected: JSONValue) -> JSONValue {
        switch (expected, actual) {
        case (.object(let wanted), .object(let members)):
            var kept: [String: JSONValue] = [:]
            for (key, value) in wanted {
                if let member = members[key] { kept[key] = projection(of: member, onto: value) }
            }
            return .object(kept)
        case (.array(let wanted), .array(let items)) where wanted.count == items.count:
            return .array(zip(wanted, items).map { projection(of: $1, onto: $0) })
        default:
            return actual
        }
    }

    private static func collect(_ expected: JSONValue, _ actual: JSONValue, path: String, into out: inout [String]) {
        guard out.count < mismatchLimit else { return }
        switch (expected, actual) {
        case (.object(let wanted), .object(let members)):
            for key in wanted.keys.sorted() {
                guard let value = wanted[key] else { continue }
                if let member = members[key] {
                    collect(value, member, path: JSONPath.appending(key: key, to: path), into: &out)
                } else {
                    out.append("\(path): missing key \(MessageText.quoted(key, limit: 80))")
                }
            }
        case (.array(let wanted), .array(let items)):
            guard wanted.count == items.count else {
                out.append("\(path): expected \(MessageText.count(wanted.count, "element")), got \(items.count)")
                return
            }
            for (index, pair) in zip(wanted, items).enumerated() {
                collect(pair.0, pair.1, path: JSONPath.appending(index: index, to: path), into: &out)
            }
        default:
            if expected == actual { return }
            if expected.typeName != actual.typeName {
                out.append(
                    "\(path): expected \(expected.typeName) \(MessageText.json(expected, limit: 60)),"
                        + " got \(actual.typeName)"
                        + " \(MessageText.json(actual, limit: 60))")
            } else {
                out.append(
                    "\(path): expected \(MessageText.json(expected, limit: 80)),"
                        + " got \(MessageText.json(actual, limit: 80))"
                )
            }
        }
    }
}
