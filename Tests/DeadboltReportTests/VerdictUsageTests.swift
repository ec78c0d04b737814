import DeadboltCore
import DeadboltReport
import Testing

/// A result's model, token usage, cost and latency survive the verdict's JSON, read back with
/// their bounds.
@Suite struct VerdictUsageTests {
    func verdict(usage: TokenUsage?) -> Verdict {
        var result = CaseResult(
            dataset: "d", caseID: "c", status: .passed, file: "evals/d/cases.jsonl", line: 1, tier: .smoke,
            model: "gpt-4o-mini-2024-07-18", latencyMs: 412, cost: 0.00031)
        result.usage = usage
        return Verdict(gate: "pull-request", base: "a", head: "b", results: [result])
    }

    @Test func usageIsWrittenAndReadBack() throws {
        let json = VerdictJSON.render(verdict(usage: TokenUsage(prompt: 120, completion: 14)))
        let item = try #require(json["results"]?.arrayValue?.first)
        #expect(item["usage"] == .object(["prompt_tokens": .number(120), "completion_tokens": .number(14)]))
        #expect(item["model"] == .string("gpt-4o-mini-2024-07-18"))
        #expect(item["latency_ms"] == .number(412) && item["cost"] == .number(0.00031))
        let read = try #require(try VerdictJSONReader.read(json).results.first)
        #expect(read.usage == TokenUsage(prompt: 120, completion: 14))
        #expect(read.model == "gpt-4o-mini-2024-07-18" && read.latencyMs == 412 && read.cost == 0.00031)
        #expect(VerdictJSON.render(verdict(usage: nil))["results"]?.arrayValue?.first?["usage"] == nil)
    }

    @Test func usageOutOfRangeIsRefusedByName() {
        guard case .object(var json) = VerdictJSON.render(verdict(usage: TokenUsage(prompt: 1, completion: 1))),
            case .object(var item)? = json["results"]?.arrayValue?.first
        else { return }
        item["usage"] = .object(["prompt_tokens": .number(-1), "completion_tokens": .number(2)])
        json["results"] = .array([.object(item)])
        let error = #expect(throws: VerdictJSONReader.NotAVerdict.self) {
            try VerdictJSONReader.read(.object(json))
        }
        #expect(error?.message.contains("usage.prompt_tokens") == true, "\(String(describing: error))")
    }
}
