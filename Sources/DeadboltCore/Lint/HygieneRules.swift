/// The checks that keep a regression set honest, beyond what makes it readable.
enum HygieneRules {
    /// Dataset names that say when, not what: `bugs_june`, `misc`, `new_tests`.
    static let vagueNames: [String] = [
        "misc", "other", "others", "stuff", "tmp", "temp", "test", "tests", "new", "new_tests", "old", "todo",
        "bugs", "regressions", "cases", "examples", "general", "various", "wip",
    ]
    static let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "january", "february",
        "march", "april", "june", "july", "august", "september", "october", "november", "december", "q1", "q2", "q3",
        "q4",
    ]

    /// Whether `name` names a moment or a catch-all rather than a behaviour.
    static func isVague(_ name: String) -> Bool {
        let lower = name.lowercased()
        if vagueNames.contains(lower) { return true }
        let words = lower.split(whereSeparator: { $0 == "_" || $0 == "-" }).map(String.init)
        if words.contains(where: { months.contains($0) }) { return true }
        if words.contains(where: { $0.count == 4 && $0.allSatisfy(\.isNumber) && $0.hasPrefix("20") }) { return true }
        if words.contains(where: { ["misc", "new", "tmp", "todo", "wip", "stuff"].contains($0) }) { return true }
        return false
    }

    /// The findings for one dataset's cases.
    static func check(_ dataset: Dataset, _ cases: [RegressionCase]) -> [LintFinding] {
        var findings: [LintFinding] = []
        if isVague(dataset.name) {
            findings.append(
                LintFinding(
                    .warning, "vague-dataset-name",
                    InputError(
                        file: dataset.definitionPath,
                        "dataset `\(dataset.name)` is named for when or what-else, not for the behaviour it protects",
                        hint: "name it for the behaviour, e.g. refund_policy_regressions or json_contract_regressions"))
            )
        }
        // Cases of one promptfoo test share their input, one case per prompt.
        var inputs: [JSONValue: RegressionCase] = [:]
        var features = Set<String>()
        for regressionCase in cases {
            let key = JSONValue.array([regressionCase.input, regressionCase.fields["prompt"] ?? .null])
            if let twin = inputs[key] {
                findings.append(
                    LintFinding(
                        .error, "duplicate-input",
                        InputError(
                            file: regressionCase.source(in: dataset), line: regressionCase.line,
                            "case `\(regressionCase.id)` has the same input as `\(twin.id)` (line \(twin.line))",
                            hint: "keep one: two cases with one input pin one behaviour twice, or contradict each other"
                        )))
            } else {
                inputs[key] = regressionCase
            }
            if regressionCase.category == "prod-bug" && (regressionCase.bugLink ?? "").isEmpty {
                findings.append(
                    LintFinding(
                        .error, "prod-bug-without-link",
                        InputError(
                            file: regressionCase.source(in: dataset), line: regressionCase.line,
                            "case `\(regressionCase.id)` is a prod-bug without a `bug_link`",
                            hint: "add the bug it locks, e.g. \"bug_link\": \"https://tracker.example.com/BUG-142\"")))
            }
            if let feature = regressionCase.tags["feature"]?.stringValue { features.insert(feature) }
            if regressionCase.expectedOutput != nil {
                let specs =
                    regressionCase.assertions
                    ?? (dataset.assertions.isEmpty ? [RunPlanner.defaultAssertion] : dataset.assertions)
                if !specs.contains(where: { $0.compactText().contains("expected_output") }) {
                    findings.append(
                        LintFinding(
                            .warning, "unread-expected-output",
                            InputError(
                                file: regressionCase.source(in: dataset), line: regressionCase.line,
                                "case `\(regressionCase.id)` has an `expected_output` "
                                    + "that none of its assertions reads",
                                hint: "use {{expected_output}} in an assertion's value, or drop the field")))
                }
            }
        }
        if features.count > 1 {
            let names = features.sorted().joined(separator: ", ")
            findings.append(
                LintFinding(
                    .warning, "mixed-features",
                    InputError(
                        file: dataset.casesPath,
                        "dataset `\(dataset.name)` mixes cases of \(features.count) features (\(names))",
                        hint: "a dataset protects one behaviour; split it by feature")))
        }
        return findings
    }
}
