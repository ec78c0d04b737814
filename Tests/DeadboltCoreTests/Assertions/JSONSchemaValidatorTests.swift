import DeadboltCore
import Testing

/// The violations of `instance` against `schema`, both JSON text, as `path: message` lines.
private func violations(_ instance: String, _ schema: String) throws -> [String] {
    try JSONSchemaValidator.validate(JSONValue.parse(instance), against: JSONValue.parse(schema)).map(\.description)
}

@Suite struct JSONSchemaTypeTests {
    @Test func typeMismatchNamesPathAndTypes() throws {
        let schema = #"{"properties":{"refund":{"properties":{"amount":{"type":"number"}}}}}"#
        #expect(
            try violations(#"{"refund":{"amount":"12"}}"#, schema) == ["$.refund.amount: expected number, got string"])
        #expect(try violations(#"{"refund":{"amount":12}}"#, schema) == [])
    }

    @Test func typeListAcceptsAnyListedType() throws {
        let schema = #"{"type":["string","null"]}"#
        #expect(try violations("null", schema) == [])
        #expect(try violations(#""x""#, schema) == [])
        #expect(try violations("1", schema) == ["$: expected string or null, got number"])
    }

    @Test func integerMeansNoFraction() throws {
        #expect(try violations("2", #"{"type":"integer"}"#) == [])
        #expect(try violations("2.0", #"{"type":"integer"}"#) == [])
        #expect(try violations("2.5", #"{"type":"integer"}"#) == ["$: expected integer, got 2.5"])
        #expect(try violations(#""2""#, #"{"type":"integer"}"#) == ["$: expected integer, got string"])
    }

    @Test func everyTypeNameIsRecognised() throws {
        let cases: [(String, String)] = [
            ("null", "null"), ("true", "boolean"), ("{}", "object"), ("[]", "array"), ("1.5", "number"),
            (#""s""#, "string"),
        ]
        for (instance, type) in cases {
            #expect(try violations(instance, #"{"type":"\#(type)"}"#) == [], "\(instance) is \(type)")
        }
    }

    @Test func booleanSchemas() throws {
        #expect(try violations("1", "true") == [])
        #expect(try violations("1", "false") == ["$: no value is allowed here (the schema is false)"])
    }

    @Test func unknownKeywordsAreIgnored() throws {
        #expect(try violations(#""not an email""#, #"{"type":"string","format":"email","x-note":1}"#) == [])
    }
}

@Suite struct JSONSchemaValueTests {
    @Test func enumListsTheAllowedValues() throws {
        #expect(try violations(#""c""#, #"{"enum":["a","b",1]}"#) == [#"$: expected one of "a", "b", 1, got "c""#])
        #expect(try violations("1", #"{"enum":["a","b",1]}"#) == [])
    }

    @Test func constComparesStructurally() throws {
        #expect(try violations(#"{"b":2,"a":1}"#, #"{"const":{"a":1,"b":2}}"#) == [])
        #expect(try violations(#"{"a":1}"#, #"{"const":{"a":2}}"#) == [#"$: expected {"a":2}, got {"a":1}"#])
    }

    @Test func stringLengthCountsCharacters() throws {
        let schema = #"{"minLength":2,"maxLength":3}"#
        #expect(try violations(#""👍🏽é""#, schema) == [])
        #expect(try violations(#""a""#, schema) == ["$: expected at least 2 characters, got 1"])
        #expect(try violations(#""abcd""#, schema) == ["$: expected at most 3 characters, got 4"])
    }

    @Test func patternIsSearchedNotAnchored() throws {
        #expect(try violations(#""order BUG-12""#, #"{"pattern":"BUG-\\d+"}"#) == [])
        #expect(
            try violations(#""order""#, #"{"pattern":"^BUG-\\d+$"}"#) == [
                #"$: "order" does not match the pattern /^BUG-\d+$/"#
            ])
    }

    @Test func numericBounds() throws {
        let schema = #"{"minimum":0,"maximum":10}"#
        #expect(try violations("0", schema) == [])
        #expect(try violations("10", schema) == [])
        #expect(try violations("-1", schema) == ["$: expected a number >= 0, got -1"])
        #expect(try violations("10.5", schema) == ["$: expected a number <= 10, got 10.5"])
    }

    @Test func exclusiveBoundsInNumericForm() throws {
        let schema = #"{"exclusiveMinimum":0,"exclusiveMaximum":1}"#
        #expect(try violations("0.5", schema) == [])
        #expect(try violations("0", schema) == ["$: expected a number > 0, got 0"])
        #expect(try violations("1", schema) == ["$: expected a number < 1, got 1"])
    }

    @Test func exclusiveBoundsInDraft4BooleanForm() throws {
        let schema = #"{"minimum":0,"exclusiveMinimum":true}"#
        #expect(try violations("0", schema) == ["$: expected a number > 0, got 0"])
        #expect(try violations("0.1", schema) == [])
    }

    @Test func multipleOfToleratesBinaryFractions() throws {
        #expect(try violations("0.3", #"{"multipleOf":0.1}"#) == [])
        #expect(try violations("12", #"{"multipleOf":4}"#) == [])
        #expect(try violations("7", #"{"multipleOf":2}"#) == ["$: expected a multiple of 2, got 7"])
    }
}

@Suite struct JSONSchemaObjectAndArrayTests {
    @Test func requiredNamesEachMissingProperty() throws {
        let schema = #"{"type":"object","required":["id","name"]}"#
        #expect(
            try violations(#"{}"#, schema) == [
                #"$: missing required property "id""#, #"$: missing required property "name""#,
            ])
    }

    @Test func additionalPropertiesFalseRejectsUnknownKeys() throws {
        let schema = #"{"properties":{"id":{}},"additionalProperties":false}"#
        #expect(try violations(#"{"id":1,"debug":true}"#, schema) == [#"$: property "debug" is not allowed"#])
    }

    @Test func additionalPropertiesSchemaChecksUnknownKeys() throws {
        let schema = #"{"properties":{"id":{}},"additionalProperties":{"type":"string"}}"#
        #expect(try violations(#"{"id":1,"note":"x","count":2}"#, schema) == ["$.count: expected string, got number"])
    }

    @Test func patternPropertiesCountAsKnown() throws {
        let schema = #"{"patternProperties":{"^x-":{"type":"string"}},"additionalProperties":false}"#
        #expect(try violations(#"{"x-a":"1"}"#, schema) == [])
        #expect(
            try violations(#"{"x-a":1,"b":1}"#, schema) == [
                #"$: property "b" is not allowed"#, #"$["x-a"]: expected string, got number"#,
            ])
    }

    @Test func propertyCounts() throws {
        #expect(try violations("{}", #"{"minProperties":1}"#) == ["$: expected at least 1 property, got 0"])
        #expect(try violations(#"{"a":1,"b":2}"#, #"{"maxProperties":1}"#) == ["$: expected at most 1 property, got 2"])
    }

    @Test func pathsQuoteKeysThatAreNotIdentifiers() throws {
        let schema = #"{"properties":{"first name":{"type":"string"}}}"#
        #expect(try violations(#"{"first name":3}"#, schema) == [#"$["first name"]: expected string, got number"#])
    }

    @Test func itemsChecksEveryElementWithItsIndexInThePath() throws {
        let schema = #"{"properties":{"items":{"items":{"properties":{"name":{"type":"string"}}}}}}"#
        let instance = #"{"items":[{"name":"a"},{"name":"b"},{"name":7}]}"#
        #expect(try violations(instance, schema) == ["$.items[2].name: expected string, got number"])
    }

    @Test func prefixItemsWithItemsFalseFixesTheLength() throws {
        let schema = #"{"prefixItems":[{"type":"string"},{"type":"number"}],"items":false}"#
        #expect(try violations(#"["a",1]"#, schema) == [])
        #expect(try violations(#"[1,1]"#, schema) == ["$[0]: expected string, got number"])
        #expect(try violations(#"["a",1,true]"#, schema) == ["$: expected at most 2 items, got 3"])
    }

    @Test func draft7TupleItemsWithAdditionalItems() throws {
        let schema = #"{"items":[{"type":"string"}],"additionalItems":{"type":"boolean"}}"#
        #expect(try violations(#"["a",true,false]"#, schema) == [])
        #expect(try violations(#"["a",1]"#, schema) == ["$[1]: expected boolean, got number"])
    }

    @Test func itemCountsAndUniqueness() throws {
        #expect(try violations("[]", #"{"minItems":1}"#) == ["$: expected at least 1 item, got 0"])
        #expect(try violations("[1,2,3]", #"{"maxItems":2}"#) == ["$: expected at most 2 items, got 3"])
        #expect(
            try violations(#"[1,{"a":1},2,{"a":1}]"#, #"{"uniqueItems":true}"#) == [
                "$: items [1] and [3] are equal; items must be unique"
            ])
        #expect(try violations("[1,2]", #"{"uniqueItems":true}"#) == [])
    }

    @Test func containsNeedsOneMatchingItem() throws {
        #expect(try violations(#"[1,"a"]"#, #"{"contains":{"type":"string"}}"#) == [])
        #expect(
            try violations("[1,2]", #"{"contains":{"type":"string"}}"#) == ["$: no item matches the `contains` schema"])
    }
}

@Suite struct JSONSchemaCombinatorTests {
    @Test func allOfCollectsEveryViolation() throws {
        let schema = #"{"allOf":[{"type":"string"},{"minLength":3}]}"#
        #expect(try violations(#""ab""#, schema) == ["$: expected at least 3 characters, got 2"])
        #expect(try violations("1", schema) == ["$: expected string, got number"])
    }

    @Test func anyOfOfTypesReadsAsATypeList() throws {
        let schema = #"{"anyOf":[{"type":"string"},{"type":"null"}]}"#
        #expect(try violations("null", schema) == [])
        #expect(try violations("1", schema) == ["$: expected string or null, got number"])
    }

    @Test func anyOfNamesTheNearestAlternative() throws {
        let schema = #"{"anyOf":[{"required":["a","b"]},{"required":["c"]}]}"#
        #expect(try violations(#"{"c":1}"#, schema) == [])
        #expect(
            try violations(#"{"a":1}"#, schema)
                == [#"$: matches none of the 2 `anyOf` alternatives (nearest, #0: $: missing required property "b")"#])
    }

    @Test func oneOfRejectsTwoMatches() throws {
        let schema = #"{"oneOf":[{"type":"number"},{"type":"integer"}]}"#
        #expect(try violations("1.5", schema) == [])
        #expect(
            try violations("2", schema) == [
                "$: matches 2 of the `oneOf` alternatives (#0, #1); it must match exactly one"
            ])
    }

    @Test func notRejectsAMatch() throws {
        #expect(try violations(#""x""#, #"{"not":{"type":"string"}}"#) == ["$: must not match the `not` schema"])
        #expect(try violations("1", #"{"not":{"type":"string"}}"#) == [])
    }

    @Test func ifThenElse() throws {
        let schema =
            #"{"if":{"properties":{"kind":{"const":"refund"}}},"#
            + #""then":{"required":["amount"]},"else":{"required":["reason"]}}"#
        #expect(try violations(#"{"kind":"refund","amount":1}"#, schema) == [])
        #expect(try violations(#"{"kind":"refund"}"#, schema) == [#"$: missing required property "amount""#])
        #expect(try violations(#"{"kind":"other"}"#, schema) == [#"$: missing required property "reason""#])
    }
}

@Suite struct JSONSchemaReferenceTests {
    @Test func refToDefs() throws {
        let schema =
            ##"{"$defs":{"money":{"type":"number","minimum":0}},"properties":{"amount":{"$ref":"#/$defs/money"}}}"##
        #expect(try violations(#"{"amount":3}"#, schema) == [])
        #expect(try violations(#"{"amount":-3}"#, schema) == ["$.amount: expected a number >= 0, got -3"])
    }

    @Test func refToDefinitions() throws {
        let schema = ##"{"definitions":{"id":{"type":"string"}},"items":{"$ref":"#/definitions/id"}}"##
        #expect(try violations(#"["a",2]"#, schema) == ["$[1]: expected string, got number"])
    }

    @Test func recursiveRefFollowsTheValue() throws {
        let schema =
            ##"{"type":"object","properties":{"name":{"type":"string"},"##
            + ##""children":{"type":"array","items":{"$ref":"#"}}}}"##
        let instance = #"{"name":"a","children":[{"name":"b","children":[{"name":3}]}]}"#
        #expect(try violations(instance, schema) == ["$.children[0].children[0].name: expected string, got number"])
    }

    @Test func refCycleIsASchemaErrorNotACrash() throws {
        let schema = try JSONValue.parse(
            ##"{"$defs":{"a":{"$ref":"#/$defs/b"},"b":{"$ref":"#/$defs/a"}},"$ref":"#/$defs/a"}"##)
        let found = JSONSchemaValidator.validate(.number(1), against: schema)
        #expect(found.count == 1)
        #expect(found.first?.isSchemaError == true)
        #expect(found.first?.message.contains("nests more than 64 deep") == true)
    }
}

@Suite struct InvalidJSONSchemaTests {
    /// The schema errors of `schema`, as `description` lines.
    private func problems(_ schema: String) throws -> [String] {
        try JSONSchemaValidator(schema: JSONValue.parse(schema)).schemaErrors().map(\.description)
    }

    @Test func typeThatIsANumber() throws {
        #expect(
            try problems(#"{"type":3}"#) == [
                "invalid schema at #/type: `type` must be a type name or an array of them, got 3"
            ])
    }

    @Test func unknownTypeNameSuggestsTheNearest() throws {
        #expect(
            try problems(#"{"properties":{"a":{"type":"integr"}}}"#)
                == [#"invalid schema at #/properties/a/type: unknown type "integr"; did you mean "integer"?"#])
    }

    @Test func schemaThatIsNotAnObject() throws {
        #expect(try problems("3") == ["invalid schema at #: a schema must be an object or a boolean, got number"])
        #expect(
            try problems(#"{"items":"string"}"#) == [
                "invalid schema at #/items: a schema must be an object or a boolean, got string"
            ])
    }

    @Test func badKeywordValues() throws {
        #expect(
            try problems(#"{"required":"id"}"#) == [
                #"invalid schema at #/required: `required` must be an array of property names, got "id""#
            ])
        #expect(
            try problems(#"{"minLength":-1}"#) == [
                "invalid schema at #/minLength: `minLength` must be a non-negative integer, got -1"
            ])
        #expect(
            try problems(#"{"multipleOf":0}"#) == [
                "invalid schema at #/multipleOf: `multipleOf` must be a number greater than 0, got 0"
            ])
        #expect(
            try problems(#"{"anyOf":[]}"#) == [
                "invalid schema at #/anyOf: `anyOf` must be a non-empty array of schemas, got array"
            ])
        #expect(
            try problems(#"{"properties":[]}"#) == [
                "invalid schema at #/properties: `properties` must be an object of schemas, got array"
            ])
    }

    @Test func invalidPattern() throws {
        #expect(
            try problems(#"{"pattern":"(a"}"#) == [
                "invalid schema at #/pattern: `pattern` is an invalid regular expression /(a/: expected ')'"
            ])
    }

    @Test func refThatPointsNowhere() throws {
        #expect(
            try problems(##"{"$ref":"#/$defs/missing"}"##)
                == [
                    ##"invalid schema at #/$ref: `$ref` "#/$defs/missing" points to nothing; "##
                        + ##"the schema has no "$defs" there"##
                ])
    }

    @Test func remoteRefIsNotSupported() throws {
        let found = try problems(#"{"$ref":"https://example.com/schema.json"}"#)
        #expect(found.count == 1)
        #expect(found.first?.contains("is not local") == true)
    }

    @Test func validatingAgainstAnInvalidSchemaReturnsTheSchemaErrors() throws {
        let found = JSONSchemaValidator.validate(.string("x"), against: try JSONValue.parse(#"{"type":"text"}"#))
        #expect(found.map(\.isSchemaError) == [true])
        #expect(found.first?.schemaPath == "#/type")
    }

    @Test func wellFormedSchemaHasNoErrors() throws {
        #expect(try problems(JSONSchemaAssertionTests.schema) == [])
    }
}
