import DeadboltCore

/// `{{...}}` placeholders in an assertion, expanded against a case.
enum TemplateTarget {
    static let target = FuzzTarget("template", "an assertion value (first line, JSON) expanded against a case") {
        bytes in
        let (spec, rest) = FuzzInput.firstLine(bytes)
        let value = (try? JSONValue.parse(spec)) ?? .string(spec)
        let input = (try? JSONValue.parse(rest)) ?? .object(["question": .string(rest)])
        _ = try? TemplateExpansion.expand(value, expectedOutput: .string(rest), input: input)
        if case .object(let object) = value, let assertion = try? Assertion.parse(.object(object)) {
            _ = assertion
        }
    }
}
