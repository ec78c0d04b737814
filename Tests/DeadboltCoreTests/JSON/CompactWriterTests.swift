import DeadboltCore
import Testing

/// `compactText` is written by hand for speed; it must say exactly what `JSONEncoder` says, since
/// cache keys and content hashes are made from it.
@Suite struct CompactWriterTests {
    /// A small deterministic generator, so a failure names a seed that reproduces it.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        mutating func pick(_ count: Int) -> Int { Int(next() % UInt64(count)) }

        mutating func text() -> String {
            let pieces = [
                "a", "Z", "é", "😀", "\"", "\\", "/", "\n", "\t", "\u{0}", "\u{1f}", "\u{7f}", "\u{2028}", " ", "10",
            ]
            return (0..<pick(6)).map { _ in pieces[pick(pieces.count)] }.joined()
        }

        mutating func number() -> Double {
            let choices: [Double] = [
                0, -0.0, 1, -2, 3.5, 0.1, 1e15, 1e15 - 1, -1e15 + 1, 1e300, 1e-7, 123_456.789, 2e53,
            ]
            return pick(2) == 0 ? choices[pick(choices.count)] : Double(Int64(next() % 2_000_000) - 1_000_000)
        }

        mutating func value(depth: Int) -> JSONValue {
            switch pick(depth > 2 ? 4 : 6) {
            case 0: return .null
            case 1: return .bool(pick(2) == 0)
            case 2: return .number(number())
            case 3: return .string(text())
            case 4: return .array((0..<pick(4)).map { _ in value(depth: depth + 1) })
            default:
                var object: [String: JSONValue] = [:]
                for _ in 0..<pick(5) { object[text()] = value(depth: depth + 1) }
                return .object(object)
            }
        }
    }

    @Test func agreesWithJSONEncoderOnTwoThousandRandomValues() {
        for seed in 1...2_000 {
            var generator = Generator(state: UInt64(seed))
            let value = generator.value(depth: 0)
            #expect(value.compactText() == value.compactTextByEncoder(), "seed \(seed)")
        }
    }

    /// The string maps of eval records and their inputs key are written without a ``JSONValue``;
    /// both must say what the object says.
    @Test func stringMapsAndInputsKeysAgreeWithTheirObjects() {
        for seed in 1...2_000 {
            var generator = Generator(state: UInt64(seed))
            func map() -> [String: String] {
                var map: [String: String] = [:]
                for _ in 0..<generator.pick(4) { map[generator.text()] = generator.text() }
                return map
            }
            let (prompts, guardrails, evaluator) = (map(), map(), map())
            let (key, caseHash, provider) = (generator.text(), generator.text(), generator.text())
            let object = JSONValue.object(prompts.mapValues(JSONValue.string))
            #expect(JSONValue.compactText(strings: prompts) == object.compactTextByEncoder(), "seed \(seed)")
            let parts: [String: JSONValue] = [
                "key": .string(key), "case": .string(caseHash), "prompts": object,
                "guardrails": .object(guardrails.mapValues(JSONValue.string)),
                "evaluator": .object(evaluator.mapValues(JSONValue.string)), "provider": .string(provider),
            ]
            let inputsKey = EvalRecord.inputsKey(
                key: key, caseHash: caseHash, prompts: prompts, guardrails: guardrails, evaluator: evaluator,
                provider: provider)
            #expect(inputsKey == ContentHash.sha256(JSONValue.object(parts).compactTextByEncoder()), "seed \(seed)")
        }
    }

    @Test func escapesEveryControlCharacterAsTheEncoderDoes() {
        let all = String((0..<0x80).map { Character(Unicode.Scalar(UInt8($0))) })
        let value = JSONValue.object([all: .string(all), "b": .array([.number(-0.0), .number(0.25)])])
        #expect(value.compactText() == value.compactTextByEncoder())
    }
}
