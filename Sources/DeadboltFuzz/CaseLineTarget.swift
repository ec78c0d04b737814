import DeadboltCore

/// `cases.jsonl`: every line a case, through the parser `run`, `check` and `lint` use.
enum CaseLineTarget {
    static let target = FuzzTarget("cases", "cases.jsonl, through CaseParser.parse") { bytes in
        guard let cases = try? CaseParser.parse(bytes, path: "evals/regression/fuzz/cases.jsonl") else { return }
        _ = DatasetPin.canonicalText(cases)
    }
}
