import CSV

/// A promptfoo tests CSV: a header row of var names and special columns, then one test a row.
///
/// Special columns: `__expected`, `__expected1`, `__expected2`, ... (one assertion each, in
/// promptfoo's short form such as `icontains: refund` or `not-regex: ^Sorry`; a cell without a
/// known type is `equals`), `__description`, `__metric` (of every assertion in the row),
/// `__threshold` (the test's), `__metadata:KEY` (and `__metadata:KEY[]`, a comma-separated list,
/// `\,` for a comma), and `__config:__expectedN:threshold`. Other `__` columns are refused.
enum PromptfooCSV {
    /// The short-form types, longest first so that `contains-any` is not read as `contains`.
    static let shortTypes = [
        "icontains-all", "icontains-any", "contains-all", "contains-any", "contains-json", "starts-with",
        "levenshtein", "icontains", "contains", "is-json", "equals", "latency", "regex",
    ]
    static let refusedPrefixes = [
        "javascript", "fn", "eval", "python", "grade", "llm-rubric", "similar", "factuality",
        "model-graded-closedqa", "model-graded-factuality", "answer-relevance", "classifier", "webhook",
    ]

    static func tests(_ text: String, path: String, assertions: PromptfooAssertions) throws(InputError)
        -> [PromptfooTests.Test]
    {
        let rows: [[String]]
        do {
            let reader = try CSVReader(string: text, hasHeaderRow: false)
            var read: [[String]] = []
            while let row = reader.next() {
                read.append(row)
                if read.count > PromptfooReader.maxCases + 1 {
                    throw InputError(file: path, "has more than \(PromptfooReader.maxCases) rows")
                }
            }
            if let error = reader.error { throw error }
            rows = read
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(file: path, "is not valid CSV: \(error)", hint: "quote fields that hold commas")
        }
        guard let header = rows.first, !header.isEmpty else {
            throw InputError(file: path, line: 1, "is empty; a tests CSV starts with a header row of var names")
        }
        for name in header where name.hasPrefix("__") && !known(name) {
            throw InputError(
                file: path, line: 1, "has the column `\(name)`, which deadbolt does not read",
                hint: "columns are vars, __expected (1, 2, ...), __description, __metric, __threshold, "
                    + "__metadata:KEY and __config:__expectedN:threshold")
        }
        var tests: [PromptfooTests.Test] = []
        // A row's line: rows are counted, so a quoted field holding a newline shifts the lines after it.
        for (index, row) in rows.dropFirst().enumerated() {
            let line = index + 2
            guard !row.allSatisfy({ $0.isEmpty }) else { continue }
            var written: [String: JSONValue] = [:]
            var test = PromptfooTests.Test(written: .null, file: path, line: line)
            var thresholds: [String: Double] = [:]
            var metric: String?
            var expected: [(column: String, cell: String)] = []
            for (column, name) in header.enumerated() {
                let cell = column < row.count ? row[column] : ""
                written[name] = .string(cell)
                switch name {
                case "__description": test.description = cell.isEmpty ? nil : cell
                case "__metric": metric = cell.isEmpty ? nil : cell
                case "__threshold":
                    guard !cell.isEmpty else { continue }
                    test.threshold = try number(cell, column: name, path: path, line: line, range: 0...1)
                case _ where name.hasPrefix("__expected"):
                    if !cell.trimmingWhitespace().isEmpty { expected.append((name, cell)) }
                case _ where name.hasPrefix("__metadata:"):
                    var key = String(name.dropFirst("__metadata:".count))
                    guard !cell.isEmpty else { continue }
                    if key.hasSuffix("[]") {
                        key.removeLast(2)
                        test.metadata[key] = .array(listItems(cell).map(JSONValue.string))
                    } else {
                        test.metadata[key] = .string(cell)
                    }
                case _ where name.hasPrefix("__config:"):
                    let parts = name.split(separator: ":").map(String.init)
                    guard parts.count == 3, parts[2] == "threshold", !cell.isEmpty else { continue }
                    thresholds[parts[1]] = try number(cell, column: name, path: path, line: line, range: 0...1_000_000)
                default:
                    test.vars[name] = .string(cell)
                }
            }
            test.written = .object(written)
            for (column, cell) in expected {
                var spec = try assertion(cell, path: path, line: line, column: column)
                guard case .object(var members) = spec else { continue }
                // `__expected` and `__expected1` are both the first; a threshold on a type without one is ignored,
                // as promptfoo ignores it.
                let key = column == "__expected" ? "__expected1" : column
                let type = members["type"]?.stringValue ?? ""
                if let threshold = thresholds[key] ?? (key == "__expected1" ? thresholds["__expected"] : nil),
                    type.hasSuffix("levenshtein") || type.hasSuffix("latency")
                {
                    members["threshold"] = .number(threshold)
                }
                if let metric { members["metric"] = .string(metric) }
                spec = .object(members)
                test.assertions.append(spec)
            }
            tests.append(test)
        }
        return tests
    }

    static func known(_ name: String) -> Bool {
        ["__description", "__metric", "__threshold"].contains(name) || name.hasPrefix("__expected")
            || name.hasPrefix("__metadata:") || name.hasPrefix("__config:")
    }

    /// One `__expected` cell as an assertion spec.
    static func assertion(_ cell: String, path: String, line: Int, column: String) throws(InputError) -> JSONValue {
        let text = cell.trimmingWhitespace()
        var rest = Substring(text)
        var negated = false
        if rest.hasPrefix("not-") {
            negated = true
            rest = rest.dropFirst(4)
        }
        for refused in refusedPrefixes where rest.hasPrefix(refused + ":") || rest.hasPrefix(refused + "(") {
            throw InputError(
                file: path, line: line,
                "the \(column) cell `\(MessageText.truncated(text, limit: 60))` is a `\(refused)` assertion, which "
                    + "deadbolt cannot evaluate (it runs code or needs a judge model)",
                hint: "write a deterministic assertion such as `icontains: ...` or `regex: ...`, or judge with an "
                    + "`exec` assertion in a deadbolt dataset")
        }
        guard let type = shortTypes.first(where: { rest.hasPrefix($0) }) else {
            return .object(["type": .string("equals"), "value": .string(cell)])
        }
        var after = rest.dropFirst(type.count)
        var threshold: Double?
        if after.hasPrefix("(") {
            guard let close = after.firstIndex(of: ")") else {
                return .object(["type": .string("equals"), "value": .string(cell)])
            }
            let inner = String(after[after.index(after: after.startIndex)..<close])
            threshold = try number(inner, column: column, path: path, line: line, range: 0...1_000_000)
            after = after[after.index(after: close)...]
        }
        guard after.isEmpty || after.hasPrefix(":") else {
            return .object(["type": .string("equals"), "value": .string(cell)])
        }
        let value = after.dropFirst().trimmingWhitespace()
        var spec: [String: JSONValue] = ["type": .string((negated ? "not-" : "") + type)]
        if let threshold { spec["threshold"] = .number(threshold) }
        switch type {
        case "contains-all", "contains-any", "icontains-all", "icontains-any":
            spec["value"] = .array(listItems(value).map(JSONValue.string))
        case "is-json", "contains-json":
            if !value.isEmpty {
                guard let schema = try? JSONValue.parse(value) else {
                    throw InputError(
                        file: path, line: line, "the \(column) cell's JSON schema is not JSON",
                        hint: "write `\(type)` alone, or `\(type): {\"type\": \"object\"}`")
                }
                spec[type == "is-json" ? "value" : "schema"] = schema
            }
        case "latency":
            if spec["threshold"] == nil, let bound = Double(value) { spec["threshold"] = .number(bound) }
        default:
            spec["value"] = .string(value)
        }
        if type == "levenshtein", spec["threshold"] == nil {
            // promptfoo's CSV reader gives a threshold type without `(N)` 0.75, which for levenshtein
            // means no edit at all.
            spec["threshold"] = .number(0.75)
        }
        do { return try PromptfooTemplate.qualified(.object(spec)) } catch {
            throw InputError(file: path, line: line, "the \(column) cell \(error.message)")
        }
    }

    /// `a, b\, c` as ["a", "b, c"].
    static func listItems(_ text: String) -> [String] {
        var items: [String] = []
        var current = ""
        var escaped = false
        for character in text {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "," {
                items.append(current.trimmingWhitespace())
                current = ""
            } else {
                current.append(character)
            }
        }
        items.append(current.trimmingWhitespace())
        return items.filter { !$0.isEmpty }
    }

    static func number(_ text: String, column: String, path: String, line: Int, range: ClosedRange<Double>)
        throws(InputError) -> Double
    {
        guard let value = Double(text.trimmingWhitespace()), value.isFinite, range.contains(value) else {
            throw InputError(
                file: path, line: line,
                "the \(column) cell `\(MessageText.truncated(text, limit: 40))` must be a number from "
                    + "\(range.lowerBound.formatted()) to \(range.upperBound.formatted())")
        }
        return value
    }
}

extension Double {
    /// `1` for 1.0, `0.5` for 0.5.
    fileprivate func formatted() -> String {
        rounded() == self && abs(self) < 1e15 ? String(Int(self)) : String(self)
    }
}
