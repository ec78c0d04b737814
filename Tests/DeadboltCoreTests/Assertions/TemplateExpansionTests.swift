import DeadboltCore
import Testing

private let input: JSONValue = .object([
    "question": .string("Can I get a refund?"),
    "plan": .string("enterprise"),
    "seats": .number(12),
    "customer": .object(["tier": .string("gold"), "region": .object(["code": .string("EU")])]),
    "items": .array([.string("first"), .string("second")]),
])

/// Expands `value` with the test input and `expected`.
private func expand(_ value: JSONValue, expected: JSONValue? = nil) throws -> JSONValue {
    try TemplateExpansion.expand(value, expectedOutput: expected, input: input)
}

/// The message expanding `value` fails with, or nil when it succeeds.
private func failure(_ value: JSONValue, expected: JSONValue? = nil) -> String? {
    do {
        _ = try TemplateExpansion.expand(value, expectedOutput: expected, input: input)
        return nil
    } catch {
        return error.message
    }
}

@Suite struct TemplateExpansionTests {
    @Test func expandsExpectedOutputInsideText() throws {
        #expect(
            try expand(.string("say {{expected_output}} now"), expected: .string("pro-rata"))
                == .string("say pro-rata now"))
    }

    @Test func expandsAnInputField() throws {
        #expect(try expand(.string("plan: {{input.plan}}")) == .string("plan: enterprise"))
    }

    @Test func allowsWhitespaceInsideTheBraces() throws {
        #expect(
            try expand(.string("{{ input.plan }}/{{\texpected_output }}"), expected: .string("x"))
                == .string("enterprise/x"))
    }

    @Test func expandsNestedFields() throws {
        #expect(try expand(.string("{{input.customer.region.code}}")) == .string("EU"))
    }

    @Test func expandsArrayElementsByIndex() throws {
        #expect(try expand(.string("{{input.items.1}}")) == .string("second"))
    }

    @Test func aLonePlaceholderBecomesTheValueItselfWhenNotAString() throws {
        let expected: JSONValue = .object(["intent": .string("refund"), "score": .number(1)])
        #expect(try expand(.string("{{expected_output}}"), expected: expected) == expected)
        #expect(try expand(.string("{{input.seats}}")) == .number(12))
        #expect(
            try expand(.string("{{ input.customer }}"))
                == .object(["tier": .string("gold"), "region": .object(["code": .string("EU")])]))
    }

    @Test func theWholeInputIsAvailable() throws {
        #expect(try expand(.string("{{input}}")) == input)
    }

    @Test func nonStringValuesInsideLongerTextAreCompactJSON() throws {
        #expect(try expand(.string("seats={{input.seats}}")) == .string("seats=12"))
        #expect(try expand(.string("c={{input.customer.region}}")) == .string(#"c={"code":"EU"}"#))
        #expect(
            try expand(.string("e={{expected_output}}"), expected: .array([.bool(true), .null]))
                == .string("e=[true,null]"))
    }

    @Test func expandsInsideArraysAndObjects() throws {
        let value: JSONValue = .array([
            .string("{{input.plan}}"), .object(["tier": .string("{{input.customer.tier}}"), "n": .number(1)]), .null,
        ])
        #expect(
            try expand(value)
                == .array([.string("enterprise"), .object(["tier": .string("gold"), "n": .number(1)]), .null]))
    }

    @Test func expandsSeveralPlaceholdersInOneString() throws {
        #expect(
            try expand(.string("{{input.plan}}-{{input.plan}}-{{expected_output}}"), expected: .string("z"))
                == .string("enterprise-enterprise-z"))
    }

    @Test func leavesOtherBracesAlone() throws {
        #expect(
            try expand(.string("Hello {{name}}, {{> partial}} and {{input.plan}}"))
                == .string("Hello {{name}}, {{> partial}} and enterprise"))
        #expect(try expand(.string("{{unclosed input.plan")) == .string("{{unclosed input.plan"))
    }

    @Test func unknownFieldIsReported() {
        let message = failure(.string("{{input.plan_name}}"))
        #expect(message == "`{{input.plan_name}}`: the case input has no field `plan_name`")
    }

    @Test func unknownNestedFieldNamesTheWholePath() {
        #expect(
            failure(.string("{{input.customer.name}}"))
                == "`{{input.customer.name}}`: the case input has no field `customer.name`")
    }

    @Test func fieldBelowAStringNamesWhatIsThere() {
        #expect(
            failure(.string("{{input.plan.id}}"))
                == "`{{input.plan.id}}`: the case input has no field `plan.id` (`plan` is a string)")
    }

    @Test func indexBeyondAnArrayIsReported() {
        #expect(
            failure(.string("{{input.items.5}}"))
                == "`{{input.items.5}}`: the case input has no field `items.5` (an array of 2 elements is there)")
    }

    @Test func missingExpectedOutputIsReported() {
        #expect(failure(.string("{{ expected_output }}")) == "`{{expected_output}}`: the case has no expected_output")
    }

    @Test func errorsInsideArraysAreReported() {
        #expect(
            failure(.array([.string("ok"), .string("{{input.nope}}")]))
                == "`{{input.nope}}`: the case input has no field `nope`")
    }

    @Test func nonStringScalarsAreUntouched() throws {
        #expect(try expand(.number(3)) == .number(3))
        #expect(try expand(.bool(false)) == .bool(false))
    }

    @Test func expandsWithAContext() throws {
        let context = AssertionContext(output: "", expectedOutput: .string("x"), input: .object(["a": .string("b")]))
        #expect(try TemplateExpansion.expand(.string("{{input.a}}{{expected_output}}"), in: context) == .string("bx"))
    }
}
