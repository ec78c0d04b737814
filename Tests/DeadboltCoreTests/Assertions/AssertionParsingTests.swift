import DeadboltCore
import Testing

/// Parses `spec` (JSON text) into an assertion.
private func parse(_ spec: String) throws -> Assertion {
    try Assertion.parse(JSONValue.parse(spec))
}

/// The error parsing `spec` throws, or nil when it parses.
private func parseError(_ spec: String) throws -> AssertionSpecError? {
    let json = try JSONValue.parse(spec)
    do {
        _ = try Assertion.parse(json)
        return nil
    } catch {
        return error
    }
}

@Suite struct AssertionParsingTests {
    @Test func parsesATypeAndATemplateValue() throws {
        let assertion = try parse(#"{"type":"icontains","value":"{{expected_output}}"}"#)
        #expect(assertion == Assertion(type: .icontains, value: .string("{{expected_output}}")))
        #expect(assertion.name == "icontains")
        #expect(!assertion.negated)
    }

    @Test func notPrefixSetsNegatedAndKeepsTheWrittenName() throws {
        let assertion = try parse(#"{"type":"not-contains-any","value":["a"]}"#)
        #expect(assertion.type == .containsAny)
        #expect(assertion.negated)
        #expect(assertion.name == "not-contains-any")
    }

    @Test func parsesLevenshteinWithThreshold() throws {
        let assertion = try parse(#"{"type":"levenshtein","value":"x","threshold":3}"#)
        #expect(assertion.type == .levenshtein)
        #expect(assertion.value == .string("x"))
        #expect(assertion.threshold == 3)
    }

    @Test func parsesLatencyWithThresholdAndNoValue() throws {
        let assertion = try parse(#"{"type":"latency","threshold":500}"#)
        #expect(assertion == Assertion(type: .latency, threshold: 500))
    }

    @Test func parsesExecCommand() throws {
        let assertion = try parse(#"{"type":"exec","command":["bin/judge"]}"#)
        #expect(assertion.command == ["bin/judge"])
        #expect(assertion.value == nil)
        #expect(assertion.needsRunner)
    }

    @Test func parsesExecArgvGivenAsValue() throws {
        let assertion = try parse(#"{"type":"exec","value":["bin/judge","--x"]}"#)
        #expect(assertion.command == ["bin/judge", "--x"])
        #expect(assertion.value == nil)
    }

    @Test func onlyExecNeedsTheRunner() {
        let needing = AssertionType.allCases.filter { Assertion(type: $0).needsRunner }
        #expect(needing == [.exec])
    }

    @Test func knowsThePromptfooNames() {
        #expect(
            AssertionType.allCases.map(\.rawValue) == [
                "equals", "contains", "icontains", "contains-all", "contains-any", "icontains-all", "icontains-any",
                "starts-with", "regex", "is-json", "contains-json", "json-schema", "levenshtein", "latency", "exec",
            ])
    }

    @Test func unknownTypeSuggestsTheNearestName() throws {
        let error = try #require(try parseError(#"{"type":"icontain","value":"x"}"#))
        #expect(error.message == "unknown assertion type `icontain`; did you mean `icontains`?")
        #expect(error.key == "type")
    }

    @Test func unknownNegatedTypeSuggestsTheNegatedName() throws {
        let error = try #require(try parseError(#"{"type":"not-contians","value":"x"}"#))
        #expect(error.message == "unknown assertion type `not-contians`; did you mean `not-contains`?")
    }

    @Test func unknownTypeFarFromAnyNameListsTheKnownTypes() throws {
        let error = try #require(try parseError(#"{"type":"llm-rubric","value":"x"}"#))
        #expect(error.message.hasPrefix("unknown assertion type `llm-rubric`; known types: equals, contains,"))
    }

    @Test func unknownKeyIsNamed() throws {
        let error = try #require(try parseError(#"{"type":"contains","value":"x","transform":"output"}"#))
        #expect(error.key == "transform")
        #expect(error.message.hasPrefix("unknown key `transform` in a `contains` assertion"))
    }

    @Test func weightMetricAndSchemaAreReadAndRangeChecked() throws {
        let weighted = try Assertion.parse(
            try JSONValue.parse(#"{"type":"contains","value":"x","weight":0,"metric":"refunds"}"#))
        #expect(weighted.weight == 0 && weighted.metric == "refunds" && !weighted.gates)
        #expect(try Assertion.parse(try JSONValue.parse(#"{"type":"contains","value":"x"}"#)).gates)
        for bad in [
            #"{"type":"contains","value":"x","weight":-1}"#, #"{"type":"contains","value":"x","weight":1e9}"#,
            #"{"type":"contains","value":"x","weight":"2"}"#, #"{"type":"contains","value":"x","metric":""}"#,
            #"{"type":"contains","value":"x","schema":{}}"#,
            #"{"type":"contains-json","value":{"a":1},"schema":{"type":"object"}}"#,
        ] {
            #expect(try parseError(bad) != nil, "\(bad)")
        }
        let schema = try Assertion.parse(try JSONValue.parse(#"{"type":"contains-json","schema":{"type":"object"}}"#))
        #expect(schema.schema == .object(["type": .string("object")]) && schema.value == nil)
    }

    @Test func misspelledKeySuggestsTheRightOne() throws {
        let error = try #require(try parseError(#"{"type":"levenshtein","value":"x","treshold":2}"#))
        #expect(error.message == "unknown key `treshold` in a `levenshtein` assertion; did you mean `threshold`?")
        #expect(error.key == "treshold")
    }

    @Test func containsAllRejectsANonArray() throws {
        let error = try #require(try parseError(#"{"type":"contains-all","value":3}"#))
        #expect(error.message == "`contains-all` needs `value` as a list of strings, got number")
        #expect(error.key == "value")
    }

    @Test func containsAnyRejectsAnEmptyList() throws {
        let error = try #require(try parseError(#"{"type":"contains-any","value":[]}"#))
        #expect(error.message == "`contains-any` needs at least one string in `value`")
    }

    @Test func containsAllRejectsAnObjectInTheList() throws {
        let error = try #require(try parseError(#"{"type":"contains-all","value":["a",{"b":1}]}"#))
        #expect(error.message == #"`contains-all` needs `value` as a list of strings, but it holds object {"b":1}"#)
    }

    @Test func containsRejectsAnObjectAndPointsToContainsJSON() throws {
        let error = try #require(try parseError(#"{"type":"contains","value":{"a":1}}"#))
        #expect(error.message == "`contains` needs `value` as a string, got object; to match JSON use contains-json")
    }

    @Test func numbersBecomeTextForTextAssertions() throws {
        #expect(try parse(#"{"type":"contains","value":42}"#).value == .string("42"))
        #expect(
            try parse(#"{"type":"contains-all","value":[1,true]}"#).value == .array([.string("1"), .string("true")]))
    }

    @Test func missingTypeIsAnError() throws {
        let error = try #require(try parseError(#"{"value":"x"}"#))
        #expect(error.message == "an assertion needs a `type`, such as `contains` or `equals`")
        #expect(error.key == "type")
    }

    @Test func nonStringTypeIsAnError() throws {
        let error = try #require(try parseError(#"{"type":3}"#))
        #expect(error.message == "`type` must be a string naming the assertion, got number")
    }

    @Test func nonObjectSpecIsAnError() throws {
        let error = try #require(try parseError(#""contains""#))
        #expect(error.message.hasPrefix("an assertion must be an object like"))
        #expect(error.message.hasSuffix("got string"))
        #expect(error.key == nil)
    }

    @Test func missingValueIsAnError() throws {
        let error = try #require(try parseError(#"{"type":"equals"}"#))
        #expect(error.message == "`equals` needs `value`, the exact output expected")
        #expect(error.key == "value")
    }

    @Test func thresholdOnAnAssertionWithoutOneIsAnError() throws {
        let error = try #require(try parseError(#"{"type":"contains","value":"x","threshold":1}"#))
        #expect(error.message == "`threshold` is not used by `contains`; only levenshtein, latency and exec take one")
        #expect(error.key == "threshold")
    }

    @Test func negativeThresholdIsAnError() throws {
        let error = try #require(try parseError(#"{"type":"levenshtein","value":"x","threshold":-1}"#))
        #expect(error.message == "`threshold` must be a non-negative number, got -1")
    }

    @Test func latencyNeedsAThreshold() throws {
        let error = try #require(try parseError(#"{"type":"latency"}"#))
        #expect(error.message == "`latency` needs `threshold`, the most milliseconds the provider may take")
        #expect(error.key == "threshold")
    }

    @Test func latencyRejectsAValue() throws {
        let error = try #require(try parseError(#"{"type":"latency","value":500,"threshold":500}"#))
        #expect(error.key == "value")
    }

    @Test func commandOutsideExecIsAnError() throws {
        let error = try #require(try parseError(#"{"type":"contains","value":"x","command":["a"]}"#))
        #expect(error.key == "command")
        #expect(error.message == "`command` is only for exec assertions; `contains` does not run a command")
    }

    @Test func execRejectsAShellString() throws {
        let error = try #require(try parseError(#"{"type":"exec","command":"bin/judge --strict"}"#))
        #expect(
            error.message
                == #"`command` of an exec assertion is an argv array such as ["bin/judge"], "#
                + #"not a shell string (got "bin/judge --strict")"#
        )
    }

    @Test func execRejectsAnEmptyArgv() throws {
        let error = try #require(try parseError(#"{"type":"exec","command":[]}"#))
        #expect(error.message.hasPrefix("`command` of an exec assertion must be a non-empty argv array"))
    }

    @Test func execRejectsNonStringArguments() throws {
        let error = try #require(try parseError(#"{"type":"exec","command":["bin/judge",3]}"#))
        #expect(error.message == "`command` of an exec assertion must hold only strings, got number 3")
    }

    @Test func execRejectsBothCommandAndValue() throws {
        let error = try #require(try parseError(#"{"type":"exec","command":["a"],"value":["b"]}"#))
        #expect(error.message == "an exec assertion takes its argv in `command` or in `value`, not both")
    }

    @Test func execWithoutArgvIsAnError() throws {
        let error = try #require(try parseError(#"{"type":"exec"}"#))
        #expect(error.key == "command")
    }

    @Test func invalidRegexIsRejectedWhenItHasNoPlaceholder() throws {
        let error = try #require(try parseError(#"{"type":"regex","value":"(a"}"#))
        #expect(error.message == "`value` of `regex`: invalid regular expression /(a/: expected ')'")
        #expect(error.key == "value")
    }

    @Test func regexWithAPlaceholderIsCheckedOnlyWhenEvaluated() throws {
        #expect(try parse(#"{"type":"regex","value":"{{input.pattern}}("}"#).type == .regex)
    }

    @Test func invalidJSONSchemaIsRejected() throws {
        let error = try #require(try parseError(#"{"type":"json-schema","value":{"type":"strng"}}"#))
        #expect(
            error.message
                == #"`value` of `json-schema` is not a valid JSON schema: "#
                + #"#/type: unknown type "strng"; did you mean "string"?"#
        )
    }

    @Test func jsonSchemaWrittenAsJSONTextIsParsed() throws {
        let assertion = try parse(#"{"type":"json-schema","value":"{\"type\":\"object\"}"}"#)
        #expect(assertion.value == .object(["type": .string("object")]))
    }

    @Test func jsonSchemaRejectsANumber() throws {
        let error = try #require(try parseError(#"{"type":"json-schema","value":5}"#))
        #expect(error.message == "`value` of `json-schema` must be a JSON schema object, got number")
    }

    @Test func isJSONTakesAnOptionalSchema() throws {
        #expect(try parse(#"{"type":"is-json"}"#).value == nil)
        #expect(try parse(#"{"type":"is-json","value":{"type":"array"}}"#).value == .object(["type": .string("array")]))
    }

    @Test func containsJSONTakesAnyValue() throws {
        #expect(
            try parse(#"{"type":"contains-json","value":[1,{"a":null}]}"#).value
                == .array([.number(1), .object(["a": .null])]))
    }

    @Test func specJSONRoundTrips() throws {
        for spec in [
            #"{"type":"not-icontains","value":"{{expected_output}}"}"#,
            #"{"type":"levenshtein","value":"x","threshold":3}"#,
            #"{"type":"exec","command":["bin/judge","--x"],"threshold":0.5}"#,
        ] {
            let assertion = try parse(spec)
            #expect(try Assertion.parse(assertion.specJSON) == assertion)
            #expect(assertion.specJSON == (try JSONValue.parse(spec)))
        }
    }
}
