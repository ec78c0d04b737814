import Foundation

/// The checks that compare the output as text: equals, contains, icontains, contains-all,
/// contains-any, starts-with, regex and levenshtein.
enum TextChecks {
    /// Above this many character pairs, levenshtein only computes whether the distance is within
    /// the threshold, not its exact value.
    static let exactDistanceCellLimit = 25_000_000

    static func equals(_ output: String, _ expected: JSONValue) -> AssertionCheck {
        guard case .string(let text) = expected else {
            return JSONChecks.equalsJSON(output, expected)
        }
        let shown = MessageText.quoted(text, limit: 100)
        if output == text { return .holds(fact: "output equals \(shown)") }
        return .fails(
            failure: "expected output to equal \(shown), got \(MessageText.quoted(output, limit: 80))",
            absence: "output differs from \(shown)",
            diff: TextDiff.render(expected: text, actual: output))
    }

    static func contains(_ output: String, _ needle: String, ignoringCase: Bool) -> AssertionCheck {
        let shown = MessageText.quoted(needle)
        let note = ignoringCase ? " (ignoring case)" : ""
        let found =
            ignoringCase
            ? TextSearch.containsIgnoringCase(output, needle) : TextSearch.contains(output, needle)
        if found { return .holds(fact: "output contains \(shown)\(note)") }
        return .fails(
            failure: "expected output to contain \(shown)\(note)",
            absence: "output does not contain \(shown)\(note)",
            diff: TextDiff.render(expected: needle, actual: output))
    }

    static func containsAll(_ output: String, _ items: [String], ignoringCase: Bool = false) -> AssertionCheck {
        let note = ignoringCase ? " (ignoring case)" : ""
        let missing = items.filter { !found($0, in: output, ignoringCase: ignoringCase) }
        if missing.isEmpty {
            return .holds(fact: "output contains all of \(MessageText.quotedList(items))\(note)")
        }
        return .fails(
            failure: "expected output to contain all of \(MessageText.quotedList(items, limit: 120))\(note);"
                + " missing \(MessageText.quotedList(missing, limit: 100))",
            absence: "output is missing \(MessageText.quotedList(missing))\(note)",
            diff: nil)
    }

    static func containsAny(_ output: String, _ items: [String], ignoringCase: Bool = false) -> AssertionCheck {
        let note = ignoringCase ? " (ignoring case)" : ""
        if let match = items.first(where: { found($0, in: output, ignoringCase: ignoringCase) }) {
            return .holds(fact: "output contains \(MessageText.quoted(match))\(note)")
        }
        return .fails(
            failure: "expected output to contain any of \(MessageText.quotedList(items))\(note)",
            absence: "output contains none of \(MessageText.quotedList(items))\(note)",
            diff: nil)
    }

    private static func found(_ needle: String, in output: String, ignoringCase: Bool) -> Bool {
        ignoringCase ? TextSearch.containsIgnoringCase(output, needle) : TextSearch.contains(output, needle)
    }

    static func startsWith(_ output: String, _ prefix: String) -> AssertionCheck {
        let shown = MessageText.quoted(prefix)
        if TextSearch.hasPrefix(output, prefix) { return .holds(fact: "output starts with \(shown)") }
        let start = String(output.prefix(prefix.count))
        return .fails(
            failure: "expected output to start with \(shown), got \(MessageText.quoted(start, limit: 80))",
            absence: "output does not start with \(shown)",
            diff: TextDiff.render(expected: prefix, actual: start))
    }

    static func regex(_ output: String, _ pattern: String) -> AssertionCheck {
        let expression: NSRegularExpression
        do {
            expression = try RegularExpression.compile(pattern)
        } catch {
            return .invalid(message: error.message)
        }
        let shown = "/\(MessageText.truncated(pattern, limit: 100))/"
        if let matched = RegularExpression.firstMatch(of: expression, in: output) {
            return .holds(fact: "output matches \(shown) at \(MessageText.quoted(matched, limit: 80))")
        }
        return .fails(
            failure: "expected output to match \(shown)", absence: "output does not match \(shown)", diff: nil)
    }

    static func levenshtein(_ output: String, _ target: String, threshold: Double) -> AssertionCheck {
        let shown = MessageText.quoted(target, limit: 100)
        let bound = MessageText.number(threshold)
        let limit = Int(min(threshold, 1_000_000_000).rounded(.down))
        let exact = output.utf8.count * target.utf8.count <= exactDistanceCellLimit
        let distance =
            exact
            ? EditDistance.levenshtein(output, target) : EditDistance.levenshtein(output, target, limit: limit)
        if let distance, Double(distance) <= threshold {
            return .holds(fact: "output is within \(bound) edits of \(shown) (distance \(distance))")
        }
        let measured = distance.map { "\($0)" } ?? "more than \(bound)"
        return .fails(
            failure: "expected output within \(bound) edits of \(shown), got distance \(measured)",
            absence: "output is \(measured) edits from \(shown), more than \(bound)",
            diff: TextDiff.render(expected: target, actual: output))
    }

    /// Why a `contains-all`/`contains-any` value is not a list of strings.
    struct NotAList: Error {
        var message: String
    }

    /// The strings of a `contains-all`/`contains-any` value: a list, or a comma-separated string
    /// (as promptfoo accepts), trimmed.
    static func stringList(_ value: JSONValue) -> Result<[String], NotAList> {
        switch value {
        case .array(let items):
            var texts: [String] = []
            for item in items {
                guard let text = Assertion.textForm(item) else {
                    return .failure(NotAList(message: "needs a list of strings, but it holds \(item.typeName)"))
                }
                texts.append(text)
            }
            if texts.isEmpty { return .failure(NotAList(message: "needs at least one string")) }
            return .success(texts)
        case .string(let text):
            let parts = text.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
            if parts.isEmpty { return .failure(NotAList(message: "needs at least one string")) }
            return .success(parts)
        default:
            return .failure(NotAList(message: "needs a list of strings, got \(value.typeName)"))
        }
    }
}
