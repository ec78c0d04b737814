import DeadboltCore
import Testing

@Suite struct DatasetParsingTests {
    @Test func readsDatasetDefinition() throws {
        let dataset = try DatasetParser.parse(
            """
            description: Refund answers that were wrong in production
            owners: [prompts/refund.md, guardrails/pii.yaml]
            tier: full
            assert:
              - {type: icontains, value: "{{expected_output}}"}
            input_fields: [question, plan]
            version: 3
            """, name: "refund_policy_regressions", folder: "evals/regression/refund_policy_regressions")
        #expect(dataset.owners == ["prompts/refund.md", "guardrails/pii.yaml"])
        #expect(dataset.tier == .full)
        #expect(dataset.version == 3)
        #expect(
            dataset.assertions == [.object(["type": .string("icontains"), "value": .string("{{expected_output}}")])])
        #expect(dataset.inputFields == ["question", "plan"])
    }

    @Test func unknownKeyInDatasetNamesFileAndLine() {
        let error = #expect(throws: InputError.self) {
            try DatasetParser.parse("owners: [p.md]\ntiers: smoke\n", name: "d", folder: "evals/regression/d")
        }
        #expect(error?.file == "evals/regression/d/dataset.yml")
        #expect(error?.line == 2)
        #expect(error?.hint == "did you mean `tier`?")
    }

    @Test func ownersAreRequired() {
        let error = #expect(throws: InputError.self) {
            try DatasetParser.parse("tier: smoke\n", name: "d", folder: "evals/regression/d")
        }
        #expect(error?.message.contains("no `owners`") == true)
    }

    @Test func casesKeepUnknownKeysAndReadKnownOnes() throws {
        let line =
            #"{"id":"reg-1","input":{"q":"hi"},"expected_output":"pro-rata","category":"prod-bug","bug_link":"BUG-1","#
            + #""tier":"full","tags":{"feature":"refunds"},"extra":{"kept":true}}"#
        let cases = try CaseParser.parse(Array((line + "\n\n").utf8), path: "c.jsonl")
        #expect(cases.count == 1)
        #expect(cases[0].tier == .full)
        #expect(cases[0].bugLink == "BUG-1")
        #expect(cases[0].fields["extra"] == .object(["kept": .bool(true)]))
        #expect(cases[0].line == 1)
    }

    @Test func malformedLineGivesFileLineAndColumn() {
        let text =
            #"{"id":"a","input":{},"expected_output":"x"}"# + "\n" + #"{"id":"b","input":{,"expected_output":"x"}"#
            + "\n"
        let error = #expect(throws: InputError.self) {
            try CaseParser.parse(Array(text.utf8), path: "evals/regression/d/cases.jsonl")
        }
        #expect(error?.file == "evals/regression/d/cases.jsonl")
        #expect(error?.line == 2)
        #expect(error?.column != nil)
        #expect(error?.message.hasPrefix("is not valid JSON") == true)
    }

    @Test func wrongTypesAndMissingFieldsAreRefused() {
        func error(_ line: String) -> InputError? {
            #expect(throws: InputError.self) { try CaseParser.parse(Array(line.utf8), path: "c.jsonl") }
        }
        #expect(error(#"{"input":{},"expected_output":"x"}"#)?.message == "the case has no `id`")
        #expect(
            error(#"{"id":7,"input":{},"expected_output":"x"}"#)?.message.contains("`id` must be a non-empty string")
                == true)
        #expect(error(#"{"id":"a","expected_output":"x"}"#)?.message == "case `a` has no `input`")
        #expect(error(#"{"id":"a","input":{}}"#)?.message.contains("neither `expected_output` nor `assert`") == true)
        #expect(error(#"{"id":"a","input":{},"assert":"contains"}"#)?.message.contains("must be an array") == true)
        #expect(error(#"{"id":"a","input":{},"expected_output":"x","tier":"smok"}"#)?.hint == "did you mean `smoke`?")
        #expect(
            error(#"{"id":"a","input":{},"expected_output":"x","category":"bug"}"#)?.message.contains(
                "unknown category") == true)
        #expect(error(#"["not","an","object"]"#)?.message.contains("must be a JSON object") == true)
    }

    @Test func crlfLinesAndMissingFinalNewlineAreFine() throws {
        let text =
            "{\"id\":\"a\",\"input\":{},\"expected_output\":\"x\"}\r\n"
            + "{\"id\":\"b\",\"input\":{},\"expected_output\":\"y\"}"
        let cases = try CaseParser.parse(Array(text.utf8), path: "c.jsonl")
        #expect(cases.map(\.id) == ["a", "b"])
        #expect(cases.map(\.line) == [1, 2])
    }
}

@Suite struct JSONStrictnessTests {
    @Test func trailingCommasAreRefusedWithTheirColumn() {
        let error = #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(#"{"a":[1,2,],"b":1}"#) }
        #expect(error?.column == 10)
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(#"{"a":1 , }"#) }
        #expect((try? JSONValue.parse(#"{"a":"x,]","b":[1,2]}"#)) != nil)
        #expect((try? JSONValue.parse(#"{"a":"q\",]"}"#)) != nil)
    }
}
