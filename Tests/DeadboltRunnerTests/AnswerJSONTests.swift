import DeadboltCore
import DeadboltRunner
import Foundation
import Testing

/// The answer-line reader reads what JSONValue.parse reads, and reads nothing JSON forbids.
@Suite struct AnswerJSONTests {
    static let valid: [String] = [
        #"{"id":"0-1","output":"pro-rata"}"#,
        #" { "id" : "0-1" , "output" : "a \"quoted\" \\ back\/slash \b\f\n\r\t end" } "#,
        #"{"output":"\u00e9\u4e2d\ud83d\ude00 and é中😀 raw","n":null,"t":true,"f":false}"#,
        #"{"latency_ms":12,"cost":0.0004,"neg":-3.5e-2,"big":1E+300,"zero":0,"exp":2e10}"#,
        #"{"usage":{"prompt_tokens":3,"completion_tokens":4},"list":[1,[2,[]],{},"x"]}"#,
        #"{"dup":1,"dup":2}"#,
        #"[]"#, #""just a string""#, "42", "-0", #"{"nul":"\u0000"}"#,
    ]

    static let invalid: [String] = [
        #"{"a":1,}"#, "[1,]", "[1 2]", #"{"a"}"#, #"{"a":}"#, "{a:1}", "01", "1.", "-", ".5", "1e", "tru",
        "nul", #"{"a":1}x"#, #""unterminated"#, "\"tab\there\"", #""\x""#, #""\u12""#, #""\ud83d""#,
        #""\ude00""#, "", "   ", "{", "[", #"{"a":1"#, "'single'", "NaN", "Infinity",
    ]

    @Test(arguments: valid) func readsWhatJSONValueReads(_ text: String) throws {
        let bytes = Array(text.utf8)[...]
        #expect(AnswerJSON.parse(bytes) == (try JSONValue.parse(bytes)))
    }

    @Test(arguments: invalid) func refusesWhatJSONForbids(_ text: String) {
        #expect(AnswerJSON.parse(Array(text.utf8)[...]) == nil)
    }

    @Test func refusesInvalidUTF8AndTellsWhyThroughJSONValue() {
        let bytes: [UInt8] = Array(#"{"output":""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8)
        #expect(AnswerJSON.parse(bytes[...]) == nil)
        #expect(throws: JSONSyntaxError.self) { try AnswerJSON.read(bytes[...]) }
    }

    @Test func deepNestingIsLeftToJSONValue() throws {
        let text = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect(AnswerJSON.parse(Array(text.utf8)[...]) == nil)
        #expect(try AnswerJSON.read(Array(text.utf8)[...]) == (try JSONValue.parse(text)))
    }
}
