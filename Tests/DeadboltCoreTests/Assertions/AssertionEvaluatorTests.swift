import DeadboltCore
import Testing

/// Parses `spec` (JSON text) and evaluates it against `output`.
private func evaluate(
    _ spec: String, output: String, expected: JSONValue? = nil, input: JSONValue = .object([:]), latencyMs: Int? = nil
) throws -> AssertionOutcome {
    let assertion = try Assertion.parse(JSONValue.parse(spec))
    let context = AssertionContext(output: output, expectedOutput: expected, input: input, latencyMs: latencyMs)
    return AssertionEvaluator.evaluate(assertion, in: context)
}

@Suite struct EqualsAssertionTests {
    @Test func equalsPassesOnIdenticalText() throws {
        let outcome = try evaluate(#"{"type":"equals","value":"pro-rata"}"#, output: "pro-rata")
        #expect(outcome.pass)
        #expect(outcome.name == "equals")
        #expect(outcome.message == #"output equals "pro-rata""#)
        #expect(outcome.diff == nil)
    }

    @Test func equalsFailsOnDifferentTextWithADiff() throws {
        let outcome = try evaluate(#"{"type":"equals","value":"pro-rata"}"#, output: "pro rata")
        #expect(!outcome.pass)
        #expect(outcome.message == #"expected output to equal "pro-rata", got "pro rata""#)
        #expect(outcome.diff == "--- expected\n+++ actual\n- pro-rata\n+ pro rata\n     ^")
    }

    @Test func equalsIsCaseAndWhitespaceExact() throws {
        #expect(try !evaluate(#"{"type":"equals","value":"Yes"}"#, output: "yes").pass)
        #expect(try !evaluate(#"{"type":"equals","value":"Yes"}"#, output: "Yes\n").pass)
    }

    @Test func equalsWithJSONValueComparesParsedOutputStructurally() throws {
        let outcome = try evaluate(
            #"{"type":"equals","value":{"a":1,"b":[true,null]}}"#, output: #" {"b": [true, null], "a": 1.0} "#)
        #expect(outcome.pass)
        #expect(outcome.message == #"output equals JSON {"a":1,"b":[true,null]}"#)
    }

    @Test func equalsWithJSONValueNamesTheFirstDifference() throws {
        let outcome = try evaluate(#"{"type":"equals","value":{"a":1}}"#, output: #"{"a":2}"#)
        #expect(!outcome.pass)
        #expect(outcome.message == #"expected output to equal JSON {"a":1}; $.a: expected 1, got 2"#)
        #expect(outcome.diff?.contains("-   \"a\" : 1") == true)
        #expect(outcome.diff?.contains("+   \"a\" : 2") == true)
    }

    @Test func equalsWithJSONValueReportsAnExtraKey() throws {
        let outcome = try evaluate(#"{"type":"equals","value":{"a":1}}"#, output: #"{"a":1,"b":2}"#)
        #expect(!outcome.pass)
        #expect(outcome.message == #"expected output to equal JSON {"a":1}; $: unexpected key "b""#)
    }

    @Test func equalsWithJSONValueFailsWhenOutputIsNotJSON() throws {
        let outcome = try evaluate(#"{"type":"equals","value":[1,2]}"#, output: "one, two")
        #expect(!outcome.pass)
        #expect(outcome.message.hasPrefix("expected output to equal JSON [1,2], but output is not JSON: "))
    }

    @Test func notEqualsPassesWhenOutputDiffers() throws {
        let outcome = try evaluate(#"{"type":"not-equals","value":"no"}"#, output: "yes")
        #expect(outcome.pass)
        #expect(outcome.name == "not-equals")
        #expect(outcome.message == #"output differs from "no""#)
    }

    @Test func notEqualsFailsWhenOutputIsTheValue() throws {
        let outcome = try evaluate(#"{"type":"not-equals","value":"no"}"#, output: "no")
        #expect(!outcome.pass)
        #expect(outcome.message == #"output equals "no" but must not"#)
        #expect(outcome.diff == nil)
    }
}

@Suite struct ContainsAssertionTests {
    @Test func containsPassesWhenOutputHasTheText() throws {
        let outcome = try evaluate(#"{"type":"contains","value":"pro-rata"}"#, output: "You get a pro-rata refund.")
        #expect(outcome.pass)
        #expect(outcome.message == #"output contains "pro-rata""#)
    }

    @Test func containsFailsWithTheExpectedTextInTheMessage() throws {
        let outcome = try evaluate(#"{"type":"contains","value":"pro-rata"}"#, output: "No refunds.")
        #expect(!outcome.pass)
        #expect(outcome.message == #"expected output to contain "pro-rata""#)
        #expect(outcome.diff == "--- expected\n+++ actual\n- pro-rata\n+ No refunds.\n  ^")
    }

    @Test func containsIsCaseSensitive() throws {
        #expect(try !evaluate(#"{"type":"contains","value":"Refund"}"#, output: "refund").pass)
    }

    @Test func containsTreatsCanonicallyEquivalentTextAsEqual() throws {
        // "é" precomposed in the value, "e" + combining acute in the output.
        #expect(try evaluate(#"{"type":"contains","value":"café"}"#, output: "un cafe\u{301} noir").pass)
    }

    @Test func containsFindsANewlineInsideCRLF() throws {
        #expect(try evaluate(#"{"type":"contains","value":"a\nb"}"#, output: "a\r\nb").pass == false)
        #expect(try evaluate(#"{"type":"contains","value":"\nb"}"#, output: "a\r\nb").pass)
    }

    @Test func containsAcceptsANumberValue() throws {
        let outcome = try evaluate(#"{"type":"contains","value":42}"#, output: "the answer is 42")
        #expect(outcome.pass)
        #expect(outcome.message == #"output contains "42""#)
    }

    @Test func notContainsPassesWhenOutputLacksTheText() throws {
        let outcome = try evaluate(#"{"type":"not-contains","value":"refund"}"#, output: "No money back.")
        #expect(outcome.pass)
        #expect(outcome.message == #"output does not contain "refund""#)
    }

    @Test func notContainsFailsWhenOutputHasTheText() throws {
        let outcome = try evaluate(#"{"type":"not-contains","value":"refund"}"#, output: "A refund is due.")
        #expect(!outcome.pass)
        #expect(outcome.message == #"output contains "refund" but must not"#)
    }

    @Test func containsTruncatesLongValuesInTheMessage() throws {
        let long = String(repeating: "x", count: 500)
        let outcome = try evaluate(#"{"type":"contains","value":"\#(long)"}"#, output: "y")
        #expect(outcome.message == "expected output to contain \"" + String(repeating: "x", count: 200) + "…\"")
    }

    @Test func containsWithAnObjectFromExpectedOutputSuggestsContainsJSON() throws {
        let outcome = try evaluate(
            #"{"type":"contains","value":"{{expected_output}}"}"#, output: "{}", expected: .object(["a": .number(1)]))
        #expect(!outcome.pass)
        #expect(
            outcome.message == #"`contains` needs a string value, got object {"a":1}; to match JSON use contains-json"#)
    }
}

@Suite struct IContainsAssertionTests {
    @Test func icontainsIgnoresASCIICase() throws {
        let outcome = try evaluate(#"{"type":"icontains","value":"PRO-RATA"}"#, output: "a Pro-Rata refund")
        #expect(outcome.pass)
        #expect(outcome.message == #"output contains "PRO-RATA" (ignoring case)"#)
    }

    @Test func icontainsFoldsUmlauts() throws {
        #expect(try evaluate(#"{"type":"icontains","value":"Ärger"}"#, output: "kein ärger").pass)
        #expect(try evaluate(#"{"type":"icontains","value":"ä"}"#, output: "Ä").pass)
    }

    @Test func icontainsDoesNotFoldSharpS() throws {
        #expect(try !evaluate(#"{"type":"icontains","value":"STRASSE"}"#, output: "straße").pass)
    }

    @Test func icontainsFailsWithMessage() throws {
        let outcome = try evaluate(#"{"type":"icontains","value":"refund"}"#, output: "no")
        #expect(!outcome.pass)
        #expect(outcome.message == #"expected output to contain "refund" (ignoring case)"#)
        #expect(outcome.diff != nil)
    }

    @Test func icontainsExpandsExpectedOutput() throws {
        let outcome = try evaluate(
            #"{"type":"icontains","value":"{{expected_output}}"}"#, output: "A PRO-RATA refund",
            expected: .string("pro-rata"))
        #expect(outcome.pass)
    }

    @Test func notIcontainsFailsWhenOutputHasTheTextInAnyCase() throws {
        let outcome = try evaluate(#"{"type":"not-icontains","value":"refund"}"#, output: "REFUND")
        #expect(!outcome.pass)
        #expect(outcome.message == #"output contains "refund" (ignoring case) but must not"#)
    }

    @Test func notIcontainsPassesWhenTextIsAbsent() throws {
        let outcome = try evaluate(#"{"type":"not-icontains","value":"refund"}"#, output: "none")
        #expect(outcome.pass)
        #expect(outcome.message == #"output does not contain "refund" (ignoring case)"#)
    }
}

@Suite struct ContainsAllAnyAssertionTests {
    @Test func containsAllPassesWhenEveryValueIsPresent() throws {
        let outcome = try evaluate(#"{"type":"contains-all","value":["a","b"]}"#, output: "b and a")
        #expect(outcome.pass)
        #expect(outcome.message == #"output contains all of "a", "b""#)
    }

    @Test func containsAllNamesWhatIsMissing() throws {
        let outcome = try evaluate(
            #"{"type":"contains-all","value":["refund","30 days","receipt"]}"#, output: "refund within 30 days")
        #expect(!outcome.pass)
        #expect(
            outcome.message == #"expected output to contain all of "refund", "30 days", "receipt"; missing "receipt""#)
    }

    @Test func notContainsAllPassesWhenOneIsMissing() throws {
        let outcome = try evaluate(#"{"type":"not-contains-all","value":["a","z"]}"#, output: "a")
        #expect(outcome.pass)
        #expect(outcome.message == #"output is missing "z""#)
    }

    @Test func notContainsAllFailsWhenAllArePresent() throws {
        let outcome = try evaluate(#"{"type":"not-contains-all","value":["a","b"]}"#, output: "ab")
        #expect(!outcome.pass)
        #expect(outcome.message == #"output contains all of "a", "b" but must not"#)
    }

    @Test func containsAnyPassesNamingTheFirstFound() throws {
        let outcome = try evaluate(#"{"type":"contains-any","value":["x","b","a"]}"#, output: "a b")
        #expect(outcome.pass)
        #expect(outcome.message == #"output contains "b""#)
    }

    @Test func icontainsAllAndAnyIgnoreCase() throws {
        let all = try evaluate(#"{"type":"icontains-all","value":["REFUND","Pro-Rata"]}"#, output: "refund pro-rata")
        #expect(all.pass && all.message.hasSuffix("(ignoring case)"))
        let missing = try evaluate(#"{"type":"icontains-all","value":["refund","annual"]}"#, output: "REFUND")
        #expect(!missing.pass && missing.message.contains(#"missing "annual""#))
        #expect(try evaluate(#"{"type":"icontains-any","value":["x","ACME"]}"#, output: "acme support").pass)
        #expect(!(try evaluate(#"{"type":"icontains-any","value":["x","y"]}"#, output: "acme")).pass)
        #expect(!(try evaluate(#"{"type":"contains-all","value":["REFUND"]}"#, output: "refund")).pass)
        #expect(!(try evaluate(#"{"type":"not-icontains-any","value":["Sorry"]}"#, output: "sorry, no")).pass)
    }

    @Test func containsJSONWithASchemaPassesWhenAnyDocumentSatisfiesIt() throws {
        let spec = #"{"type":"contains-json","schema":{"type":"object","required":["color"]}}"#
        #expect(try evaluate(spec, output: #"Here: {"size": 1} and {"color": "yellow"}"#).pass)
        let none = try evaluate(spec, output: #"Here: {"size": 1}"#)
        #expect(!none.pass && none.message.hasPrefix("no JSON in the output matches the schema"), "\(none.message)")
        #expect(!(try evaluate(spec, output: "no json")).pass)
    }

    @Test func containsAnyFailsWhenNoneIsPresent() throws {
        let outcome = try evaluate(#"{"type":"contains-any","value":["x","y"]}"#, output: "a b")
        #expect(!outcome.pass)
        #expect(outcome.message == #"expected output to contain any of "x", "y""#)
    }

    @Test func notContainsAnyFailsNamingTheForbiddenText() throws {
        let outcome = try evaluate(
            #"{"type":"not-contains-any","value":["competitor","rival"]}"#, output: "try our rival")
        #expect(!outcome.pass)
        #expect(outcome.message == #"output contains "rival" but must not"#)
    }

    @Test func notContainsAnyPassesWhenNoneIsPresent() throws {
        let outcome = try evaluate(#"{"type":"not-contains-any","value":["competitor","rival"]}"#, output: "ours")
        #expect(outcome.pass)
        #expect(outcome.message == #"output contains none of "competitor", "rival""#)
    }

    @Test func containsAllTakesAListFromExpectedOutput() throws {
        let outcome = try evaluate(
            #"{"type":"contains-all","value":"{{expected_output}}"}"#, output: "red green",
            expected: .array([.string("green"), .string("blue")]))
        #expect(!outcome.pass)
        #expect(outcome.message.hasSuffix(#"missing "blue""#))
    }

    @Test func containsAnySplitsACommaSeparatedString() throws {
        #expect(try evaluate(#"{"type":"contains-any","value":"cat, dog"}"#, output: "hot dog").pass)
    }
}

@Suite struct StartsWithAssertionTests {
    @Test func startsWithPassesOnAPrefix() throws {
        let outcome = try evaluate(#"{"type":"starts-with","value":"Dear"}"#, output: "Dear customer")
        #expect(outcome.pass)
        #expect(outcome.message == #"output starts with "Dear""#)
    }

    @Test func startsWithFailsShowingTheActualStart() throws {
        let outcome = try evaluate(#"{"type":"starts-with","value":"Dear"}"#, output: "Hello customer")
        #expect(!outcome.pass)
        #expect(outcome.message == #"expected output to start with "Dear", got "Hell""#)
        #expect(outcome.diff == "--- expected\n+++ actual\n- Dear\n+ Hell\n  ^")
    }

    @Test func notStartsWithFailsOnThePrefix() throws {
        let outcome = try evaluate(#"{"type":"not-starts-with","value":"As an AI"}"#, output: "As an AI, I cannot")
        #expect(!outcome.pass)
        #expect(outcome.message == #"output starts with "As an AI" but must not"#)
    }

    @Test func notStartsWithPasses() throws {
        let outcome = try evaluate(#"{"type":"not-starts-with","value":"As an AI"}"#, output: "Sure")
        #expect(outcome.pass)
        #expect(outcome.message == #"output does not start with "As an AI""#)
    }
}

@Suite struct RegexAssertionTests {
    @Test func regexPassesNamingTheMatch() throws {
        let outcome = try evaluate(#"{"type":"regex","value":"BUG-\\d+"}"#, output: "see BUG-142 for details")
        #expect(outcome.pass)
        #expect(outcome.message == #"output matches /BUG-\d+/ at "BUG-142""#)
    }

    @Test func regexFails() throws {
        let outcome = try evaluate(#"{"type":"regex","value":"^\\d+$"}"#, output: "12a")
        #expect(!outcome.pass)
        #expect(outcome.message == #"expected output to match /^\d+$/"#)
    }

    @Test func regexSupportsInlineFlags() throws {
        #expect(try evaluate(#"{"type":"regex","value":"(?i)refund"}"#, output: "REFUND").pass)
    }

    @Test func notRegexFailsOnAMatch() throws {
        let outcome = try evaluate(#"{"type":"not-regex","value":"\\d{3}-\\d{4}"}"#, output: "call 555-1234")
        #expect(!outcome.pass)
        #expect(outcome.message == #"output matches /\d{3}-\d{4}/ at "555-1234" but must not"#)
    }

    @Test func notRegexPasses() throws {
        let outcome = try evaluate(#"{"type":"not-regex","value":"\\d"}"#, output: "none")
        #expect(outcome.pass)
        #expect(outcome.message == #"output does not match /\d/"#)
    }

    @Test func invalidRegexFailsWithAReasonInsteadOfCrashing() {
        let assertion = Assertion(type: .regex, value: .string("(unclosed"))
        let outcome = AssertionEvaluator.evaluate(assertion, in: AssertionContext(output: "(unclosed"))
        #expect(!outcome.pass)
        #expect(outcome.message == "invalid regular expression /(unclosed/: expected ')'")
    }

    @Test func invalidRegexFailsEvenWhenNegated() {
        let assertion = Assertion(type: .regex, negated: true, value: .string("*"))
        let outcome = AssertionEvaluator.evaluate(assertion, in: AssertionContext(output: "x"))
        #expect(!outcome.pass)
        #expect(outcome.message.hasPrefix("invalid regular expression /*/: "))
    }

    @Test func invalidRegexFromAPlaceholderFails() throws {
        let outcome = try evaluate(
            #"{"type":"regex","value":"{{input.pattern}}"}"#, output: "x", input: .object(["pattern": .string("[a-")]))
        #expect(!outcome.pass)
        #expect(outcome.message == "invalid regular expression /[a-/: expected ']'")
    }
}

@Suite struct IsJSONAssertionTests {
    @Test func isJSONPassesOnAnObject() throws {
        let outcome = try evaluate(#"{"type":"is-json"}"#, output: #"{"ok": true}"#)
        #expect(outcome.pass)
        #expect(outcome.message == "output is JSON")
    }

    @Test func isJSONPassesOnAScalar() throws {
        #expect(try evaluate(#"{"type":"is-json"}"#, output: "42").pass)
    }

    @Test func isJSONFailsOnProseWithTheParserMessage() throws {
        let outcome = try evaluate(#"{"type":"is-json"}"#, output: #"{"ok": tru"#)
        #expect(!outcome.pass)
        #expect(outcome.message.hasPrefix("output is not JSON: "))
        #expect(outcome.message.count > "output is not JSON: ".count)
    }

    @Test func isJSONFailsOnEmptyOutput() throws {
        let outcome = try evaluate(#"{"type":"is-json"}"#, output: "")
        #expect(outcome.message == "output is not JSON: empty text where a JSON value was expected")
    }

    @Test func isJSONWithSchemaChecksTheOutput() throws {
        let spec = #"{"type":"is-json","value":{"type":"object","required":["ok"]}}"#
        #expect(try evaluate(spec, output: #"{"ok":1}"#).pass)
        let outcome = try evaluate(spec, output: #"{"fine":1}"#)
        #expect(!outcome.pass)
        #expect(outcome.message == #"output JSON does not match the schema: $: missing required property "ok""#)
    }

    @Test func notIsJSONPassesOnProse() throws {
        let outcome = try evaluate(#"{"type":"not-is-json"}"#, output: "hello")
        #expect(outcome.pass)
        #expect(outcome.message.hasPrefix("output is not JSON: "))
    }

    @Test func notIsJSONFailsOnJSON() throws {
        let outcome = try evaluate(#"{"type":"not-is-json"}"#, output: "[]")
        #expect(!outcome.pass)
        #expect(outcome.message == "output is JSON but must not")
    }
}

@Suite struct ContainsJSONAssertionTests {
    @Test func containsJSONFindsJSONInsideProse() throws {
        let output = """
            Sure! Here is the refund:
            ```json
            {"refund": {"amount": 40, "currency": "EUR"}, "reason": "pro-rata"}
            ```
            Anything else?
            """
        let outcome = try evaluate(#"{"type":"contains-json","value":{"refund":{"amount":40}}}"#, output: output)
        #expect(outcome.pass)
        #expect(outcome.message == #"output contains JSON matching {"refund":{"amount":40}}"#)
    }

    @Test func containsJSONWithoutValuePassesOnAnyJSON() throws {
        let outcome = try evaluate(#"{"type":"contains-json"}"#, output: "result: [1, 2] done")
        #expect(outcome.pass)
        #expect(outcome.message == "output contains JSON")
    }

    @Test func containsJSONSkipsBracesThatAreNotJSON() throws {
        let output = #"Use {name} as a placeholder; the answer is {"ok": true} (see [1])."#
        #expect(try evaluate(#"{"type":"contains-json","value":{"ok":true}}"#, output: output).pass)
    }

    @Test func containsJSONTriesEveryCandidate() throws {
        let output = #"first {"a": 1} then {"a": 2}"#
        #expect(try evaluate(#"{"type":"contains-json","value":{"a":2}}"#, output: output).pass)
    }

    @Test func containsJSONHandlesBracketsInsideStrings() throws {
        let output = #"x {"text": "a } and ] inside", "n": 1} y"#
        #expect(try evaluate(#"{"type":"contains-json","value":{"n":1}}"#, output: output).pass)
    }

    @Test func containsJSONFailsNamingTheDifference() throws {
        let output = #"Refund: {"refund": {"amount": "40", "currency": "EUR"}}"#
        let outcome = try evaluate(#"{"type":"contains-json","value":{"refund":{"amount":40}}}"#, output: output)
        #expect(!outcome.pass)
        #expect(
            outcome.message
                == #"expected output to contain JSON matching {"refund":{"amount":40}}; "#
                + #"$.refund.amount: expected number 40, got string "40""#
        )
        let diff = try #require(outcome.diff)
        #expect(diff.contains(#"-     "amount" : 40"#))
        #expect(diff.contains(#"+     "amount" : "40""#))
        #expect(!diff.contains("currency"))
    }

    @Test func containsJSONArraysMustHaveTheSameLength() throws {
        let outcome = try evaluate(#"{"type":"contains-json","value":[1,2]}"#, output: "[1,2,3]")
        #expect(!outcome.pass)
        #expect(outcome.message == "expected output to contain JSON matching [1,2]; $: expected 2 elements, got 3")
    }

    @Test func containsJSONReportsAMissingKey() throws {
        let outcome = try evaluate(#"{"type":"contains-json","value":{"id":1,"name":"x"}}"#, output: #"{"id":1}"#)
        #expect(
            outcome.message == #"expected output to contain JSON matching {"id":1,"name":"x"}; $: missing key "name""#)
    }

    @Test func containsJSONFailsWhenThereIsNoJSON() throws {
        let outcome = try evaluate(#"{"type":"contains-json","value":{"a":1}}"#, output: "no json here")
        #expect(!outcome.pass)
        #expect(outcome.message == #"expected output to contain JSON matching {"a":1}, found no JSON"#)
    }

    @Test func containsJSONUsesTheExpectedOutputObject() throws {
        let expected = JSONValue.object(["intent": .string("refund_request")])
        let outcome = try evaluate(
            #"{"type":"contains-json","value":"{{expected_output}}"}"#,
            output: #"Classified: {"intent": "refund_request", "confidence": 0.9}"#, expected: expected)
        #expect(outcome.pass)
    }

    @Test func containsJSONReadsExpectedJSONKeptAsText() throws {
        let outcome = try evaluate(
            #"{"type":"contains-json","value":"{{expected_output}}"}"#, output: #"{"a": [1]}"#,
            expected: .string(#"{"a":[1]}"#))
        #expect(outcome.pass)
    }

    @Test func notContainsJSONFailsWhenTheJSONIsThere() throws {
        let outcome = try evaluate(#"{"type":"not-contains-json","value":{"debug":true}}"#, output: #"{"debug": true}"#)
        #expect(!outcome.pass)
        #expect(outcome.message == #"output contains JSON matching {"debug":true} but must not"#)
    }

    @Test func notContainsJSONPassesWithoutJSON() throws {
        let outcome = try evaluate(#"{"type":"not-contains-json"}"#, output: "plain")
        #expect(outcome.pass)
        #expect(outcome.message == "output contains no JSON")
    }
}

@Suite struct JSONSchemaAssertionTests {
    static let schema =
        #"{"type":"object","properties":{"refund":{"type":"object","#
        + #""properties":{"amount":{"type":"number"}},"required":["amount"]}},"required":["refund"]}"#

    @Test func jsonSchemaPassesOnAValidOutput() throws {
        let outcome = try evaluate(
            #"{"type":"json-schema","value":\#(Self.schema)}"#, output: #"{"refund":{"amount":4.5}}"#)
        #expect(outcome.pass)
        #expect(outcome.message == "output matches the schema")
    }

    @Test func jsonSchemaFailsWithTheViolationPath() throws {
        let outcome = try evaluate(
            #"{"type":"json-schema","value":\#(Self.schema)}"#, output: #"{"refund":{"amount":"4.5"}}"#)
        #expect(!outcome.pass)
        #expect(outcome.message == "$.refund.amount: expected number, got string")
        #expect(outcome.diff == "$.refund.amount: expected number, got string")
    }

    @Test func jsonSchemaCountsFurtherViolations() throws {
        let outcome = try evaluate(
            #"{"type":"json-schema","value":{"type":"array","items":{"type":"integer"}}}"#, output: #"[1, "a", 2.5]"#)
        #expect(outcome.message == "$[1]: expected integer, got string (and 1 more violation)")
        #expect(outcome.diff == "$[1]: expected integer, got string\n$[2]: expected integer, got 2.5")
    }

    @Test func jsonSchemaFailsWhenOutputIsNotJSON() throws {
        let outcome = try evaluate(#"{"type":"json-schema","value":{"type":"object"}}"#, output: "Sure!")
        #expect(!outcome.pass)
        #expect(outcome.message.hasPrefix("output is not JSON: "))
    }

    @Test func jsonSchemaWithAnInvalidSchemaFailsEvenWhenNegated() {
        let assertion = Assertion(type: .jsonSchema, negated: true, value: .object(["type": .number(3)]))
        let outcome = AssertionEvaluator.evaluate(assertion, in: AssertionContext(output: "{}"))
        #expect(!outcome.pass)
        #expect(
            outcome.message
                == "the JSON schema is invalid: #/type: `type` must be a type name or an array of them, got 3")
    }

    @Test func notJSONSchemaPassesWhenTheOutputViolatesIt() throws {
        let outcome = try evaluate(#"{"type":"not-json-schema","value":{"type":"string"}}"#, output: "[]")
        #expect(outcome.pass)
        #expect(outcome.message == "output does not match the schema")
    }

    @Test func notJSONSchemaFailsWhenTheOutputMatches() throws {
        let outcome = try evaluate(#"{"type":"not-json-schema","value":{"type":"array"}}"#, output: "[]")
        #expect(!outcome.pass)
        #expect(outcome.message == "output matches the schema but must not")
    }
}

@Suite struct LevenshteinAssertionTests {
    @Test func levenshteinPassesWithinTheDefaultThreshold() throws {
        let outcome = try evaluate(#"{"type":"levenshtein","value":"kitten"}"#, output: "sitting")
        #expect(outcome.pass)
        #expect(outcome.message == #"output is within 5 edits of "kitten" (distance 3)"#)
    }

    @Test func levenshteinFailsBeyondTheThreshold() throws {
        let outcome = try evaluate(#"{"type":"levenshtein","value":"kitten","threshold":2}"#, output: "sitting")
        #expect(!outcome.pass)
        #expect(outcome.message == #"expected output within 2 edits of "kitten", got distance 3"#)
        #expect(outcome.diff == "--- expected\n+++ actual\n- kitten\n+ sitting\n  ^")
    }

    @Test func levenshteinCountsCharactersNotBytes() throws {
        #expect(try evaluate(#"{"type":"levenshtein","value":"über","threshold":1}"#, output: "uber").pass)
    }

    @Test func notLevenshteinFailsWhenClose() throws {
        let outcome = try evaluate(#"{"type":"not-levenshtein","value":"abc","threshold":1}"#, output: "abd")
        #expect(!outcome.pass)
        #expect(outcome.message == #"output is within 1 edits of "abc" (distance 1) but must not"#)
    }

    @Test func notLevenshteinPassesWhenFar() throws {
        let outcome = try evaluate(#"{"type":"not-levenshtein","value":"abc","threshold":1}"#, output: "xyz")
        #expect(outcome.pass)
        #expect(outcome.message == #"output is 3 edits from "abc", more than 1"#)
    }
}

@Suite struct LatencyAssertionTests {
    @Test func latencyPassesWithinTheThreshold() throws {
        let outcome = try evaluate(#"{"type":"latency","threshold":500}"#, output: "", latencyMs: 120)
        #expect(outcome.pass)
        #expect(outcome.message == "latency 120 ms is within 500 ms")
    }

    @Test func latencyPassesAtExactlyTheThreshold() throws {
        #expect(try evaluate(#"{"type":"latency","threshold":500}"#, output: "", latencyMs: 500).pass)
    }

    @Test func latencyFailsOverTheThreshold() throws {
        let outcome = try evaluate(#"{"type":"latency","threshold":500}"#, output: "", latencyMs: 812)
        #expect(!outcome.pass)
        #expect(outcome.message == "expected latency of at most 500 ms, got 812 ms")
    }

    @Test func latencyFailsWhenNotMeasured() throws {
        let outcome = try evaluate(#"{"type":"latency","threshold":500}"#, output: "")
        #expect(!outcome.pass)
        #expect(outcome.message == "latency was not measured for this answer, so `latency` cannot be checked")
    }

    @Test func notLatencyFailsWhenUnmeasuredToo() throws {
        #expect(try !evaluate(#"{"type":"not-latency","threshold":500}"#, output: "").pass)
    }

    @Test func notLatencyPassesWhenSlow() throws {
        let outcome = try evaluate(#"{"type":"not-latency","threshold":100}"#, output: "", latencyMs: 150)
        #expect(outcome.pass)
        #expect(outcome.message == "latency 150 ms is over 100 ms")
    }

    @Test func notLatencyFailsWhenFast() throws {
        let outcome = try evaluate(#"{"type":"not-latency","threshold":100}"#, output: "", latencyMs: 50)
        #expect(!outcome.pass)
        #expect(outcome.message == "latency 50 ms is within 100 ms but must not")
    }
}

@Suite struct ExecAndTemplateOutcomeTests {
    @Test func execIsLeftToTheRunner() throws {
        let assertion = try Assertion.parse(JSONValue.parse(#"{"type":"exec","command":["bin/judge"]}"#))
        #expect(assertion.needsRunner)
        let outcome = AssertionEvaluator.evaluate(assertion, in: AssertionContext(output: "x"))
        #expect(!outcome.pass)
        #expect(outcome.name == "exec")
        #expect(outcome.message == "exec assertions are evaluated by the runner")
    }

    @Test func unknownInputFieldFailsWithAMessage() throws {
        let outcome = try evaluate(
            #"{"type":"contains","value":"{{input.plan}}"}"#, output: "x", input: .object(["question": .string("q")]))
        #expect(!outcome.pass)
        #expect(outcome.message == "`{{input.plan}}`: the case input has no field `plan`")
    }

    @Test func unknownInputFieldFailsANegatedAssertionToo() throws {
        let outcome = try evaluate(#"{"type":"not-contains","value":"{{ input.plan }}"}"#, output: "x")
        #expect(!outcome.pass)
        #expect(outcome.message == "`{{input.plan}}`: the case input has no field `plan`")
    }

    @Test func evaluatingAListKeepsItsOrder() throws {
        let assertions = try [
            Assertion.parse(JSONValue.parse(#"{"type":"contains","value":"a"}"#)),
            Assertion.parse(JSONValue.parse(#"{"type":"not-contains","value":"a"}"#)),
        ]
        let outcomes = AssertionEvaluator.evaluate(assertions, in: AssertionContext(output: "a"))
        #expect(outcomes.map(\.pass) == [true, false])
        #expect(outcomes.map(\.name) == ["contains", "not-contains"])
    }
}
