import DeadboltCore
import Foundation
import Testing

/// Traces as the real libraries export them: the files `scripts/trace-fixtures/generate.sh` made
/// with each library posting to a local receiver (versions in its README). Ids change with every
/// regeneration, so the tests read them from the files.
private let realFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
    "Fixtures/Traces/Real")

private func file(_ name: String) throws -> (bytes: [UInt8], path: String) {
    (Array(try Data(contentsOf: realFolder.appendingPathComponent(name))), "traces/\(name)")
}

private func read(_ names: String..., span: String? = nil) throws -> TraceRecord {
    try TraceReader.read(names.map(file), spanID: span)
}

/// `(trace id, span id)` of every span of `name` whose name starts with `prefix`, in file order.
private func spans(_ name: String, named prefix: String) throws -> [(trace: String, span: String)] {
    var found: [(String, String)] = []
    let text = String(decoding: try file(name).bytes, as: UTF8.self)
    let documents = name.hasSuffix(".jsonl") ? text.split(separator: "\n").map(String.init) : [text]
    for document in documents {
        let value = try JSONValue.parse(document)
        for resource in value["resourceSpans"]?.arrayValue ?? [] {
            for scope in resource["scopeSpans"]?.arrayValue ?? [] {
                for span in scope["spans"]?.arrayValue ?? [] where span["name"]?.stringValue?.hasPrefix(prefix) == true
                {
                    found.append((span["traceId"]?.stringValue ?? "", span["spanId"]?.stringValue ?? ""))
                }
            }
        }
    }
    return found
}

private let question = "Can I get a refund on my annual plan after 45 days?"
private let shipped = "Yes, annual plans can be refunded at any time."

/// The support-bot call every fixture records: one case shape whatever the library.
private func expectTheRefundCall(_ record: TraceRecord, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(record.input["question"]?.stringValue == question, sourceLocation: sourceLocation)
    #expect(record.output == shipped, sourceLocation: sourceLocation)
    #expect(record.model == "gpt-4o-mini-2024-07-18", "the snapshot that answered", sourceLocation: sourceLocation)
    #expect(
        record.systemInstructions == "You are the support assistant for Acme. Answer refund questions from the policy.",
        sourceLocation: sourceLocation)
    #expect(record.metadata["session_id"] == "s_77", sourceLocation: sourceLocation)
    #expect(record.metadata["user_id"] == "u_8812", sourceLocation: sourceLocation)
    #expect(record.metadata["customer_tier"] == "enterprise", sourceLocation: sourceLocation)
    #expect(record.metadata["feature"] == "refunds", sourceLocation: sourceLocation)
    #expect(record.metadata["intent"] == "refund_request", sourceLocation: sourceLocation)
}

@Suite struct RealOpenTelemetryTraceTests {
    @Test func spanOnlyCurrentReleaseHasEverythingOnTheSpan() throws {
        let record = try read("otel-openai-v2-span-only.json")
        expectTheRefundCall(record)
        #expect(record.requestModel == "gpt-4o-mini")
        let chat = try #require(try spans("otel-openai-v2-span-only.json", named: "chat").first)
        #expect(record.traceID == chat.trace)
        #expect(record.spanID == chat.span)
        #expect(record.metadata["service.name"] == "support-api")
    }

    @Test func eventOnlyNeedsTheLogsAndSaysSo() throws {
        let alone = try #require(throws: InputError.self) { try read("otel-openai-v2-event-only.traces.json") }
        #expect(alone.message.contains("holds 1 model call"))
        #expect(alone.message.hasSuffix("but none recorded its messages, so there is nothing to replay"))
        let hint = try #require(alone.hint)
        #expect(hint.contains("opentelemetry.util.genai.handler 1.1b0"), "names the library that wrote it")
        #expect(hint.contains("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=SPAN_ONLY"))
        #expect(hint.contains("`true` turns capture off"))
        #expect(hint.contains("second --trace"))
        let joined = try read("otel-openai-v2-event-only.traces.json", "otel-openai-v2-event-only.logs.json")
        expectTheRefundCall(joined)
        #expect(joined.requestModel == "gpt-4o-mini")
        #expect(joined.spanID == (try spans("otel-openai-v2-event-only.traces.json", named: "chat").first?.span))
    }

    @Test func theLogsExportAloneIsACall() throws {
        let record = try read("otel-openai-v2-event-only.logs.json")
        #expect(record.input["question"]?.stringValue == question)
        #expect(record.model == "gpt-4o-mini-2024-07-18")
    }

    @Test func theDefaultRecordsNoContentAndTheHintSaysWhatToSet() throws {
        let error = try #require(throws: InputError.self) { try read("otel-openai-v2-default.traces.json") }
        #expect(error.hint?.contains("CAPTURE_MESSAGE_CONTENT=SPAN_ONLY") == true)
    }

    @Test func release23WritesEachMessageAsALogEvent() throws {
        let alone = try #require(throws: InputError.self) { try read("otel-openai-v2-2.3.traces.json") }
        let hint = try #require(alone.hint)
        #expect(hint.contains("opentelemetry.instrumentation.openai_v2"))
        #expect(hint.contains("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true"))
        #expect(hint.contains("pass the logs export as a second --trace"))
        // Logs first or spans first: joined on trace and span ids either way.
        let joined = try read("otel-openai-v2-2.3.logs.json", "otel-openai-v2-2.3.traces.json")
        expectTheRefundCall(joined)
        #expect(joined.requestModel == "gpt-4o-mini")
        #expect(joined.input["messages"]?.arrayValue?.count == 2)
    }

    @Test func anAgentTraceWithOneModelCallNeedsNoSpan() throws {
        let record = try read("otel-agent.json")
        #expect(record.input["question"]?.stringValue == question)
        #expect(record.model == "gpt-4o-mini-2024-07-18")
        #expect(record.spanID == (try spans("otel-agent.json", named: "chat").first?.span))
    }

    @Test func twoCallsWithMessagesAreListedAndSpanPicksOne() throws {
        let error = try #require(throws: InputError.self) { try read("otel-two-calls.json") }
        #expect(error.message.hasPrefix("holds 2 model calls: "))
        #expect(
            error.message.contains("\u{201C}Can I get a refund on my annual…\u{201D}"), "first words of the question")
        #expect(error.hint?.contains("--span ID") == true)
        let calls = try spans("otel-two-calls.json", named: "chat")
        #expect(calls.count == 2)
        let answer = try read("otel-two-calls.json", span: calls[1].span)
        expectTheRefundCall(answer)
    }

    @Test func aThousandSpansHoldOneCall() throws {
        let record = try read("otel-thousand-spans.json")
        expectTheRefundCall(record)
    }

    @Test func aCollectorFileExportIsJSONLinesOfRequests() throws {
        let error = try #require(throws: InputError.self) { try read("collector-file-export.jsonl") }
        #expect(error.message.hasPrefix("holds 4 model calls: "))
        let first = try #require(try spans("collector-file-export.jsonl", named: "chat").first)
        let record = try read("collector-file-export.jsonl", span: first.span)
        expectTheRefundCall(record)
        #expect(record.traceID == first.trace)
    }
}

@Suite struct RealOpenInferenceAndLangfuseTraceTests {
    @Test func openInferenceFlattenedMessages() throws {
        let record = try read("openinference-openai.json")
        expectTheRefundCall(record)
        #expect(record.requestModel == "gpt-4o-mini", "from llm.invocation_parameters")
        #expect(record.input["messages"]?.arrayValue?.first?["role"]?.stringValue == "system")
    }

    @Test func langfuseGenerationOverOTLP() throws {
        let record = try read("langfuse-otel.json")
        expectTheRefundCall(record)
        #expect(record.spanID == (try spans("langfuse-otel.json", named: "refund-answer").first?.span))
    }
}

@Suite struct TraceFileShapeTests {
    @Test func aBadLineOfJSONLinesIsNamed() throws {
        let good = #"{"resourceSpans": []}"#
        let error = try #require(throws: InputError.self) {
            try TraceReader.read([(Array((good + "\n" + good + "\n{oops\n").utf8), "export.jsonl")])
        }
        #expect(error.file == "export.jsonl")
        #expect(error.line == 3)
        #expect(error.message.hasPrefix("line 3 is not valid JSON"))
    }

    @Test func onlyOTLPExportsAreReadSeveralAtATime() throws {
        let plain = #"{"input": "hi", "output": "hello"}"#
        let error = try #require(throws: InputError.self) {
            try TraceReader.read([(Array(plain.utf8), "a.json"), (Array(plain.utf8), "b.json")])
        }
        #expect(error.message == "is not an OTLP export, and only OTLP exports are read several at a time")
    }

    @Test func noFileAtAll() throws {
        let error = try #require(throws: InputError.self) { try TraceReader.read([], spanID: nil) }
        #expect(error.message == "no trace file given")
    }
}

@Suite struct RealLangSmithTraceTests {
    @Test func theBatchTheSDKPostsIsRunsWithTheirPatches() throws {
        let record = try read("langsmith-run.json")
        #expect(record.format == "langsmith")
        expectTheRefundCall(record)
        #expect(record.requestModel == "gpt-4o-mini")
        #expect(record.metadata["provider"] == "openai")
        #expect(record.metadata["LANGSMITH_ENDPOINT"] == nil, "the SDK's settings are not tags")
    }
}
