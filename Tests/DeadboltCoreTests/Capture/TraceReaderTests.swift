import DeadboltCore
import Foundation
import Testing

/// The sample traces, read from disk next to this file (not bundled as resources).
private let tracesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
    "Fixtures/Traces")

private func fixture(_ name: String) throws -> [UInt8] {
    Array(try Data(contentsOf: tracesFolder.appendingPathComponent(name)))
}

private func read(_ name: String, span: String? = nil) throws -> TraceRecord {
    try TraceReader.read(fixture(name), path: "traces/\(name)", spanID: span)
}

private func readText(_ text: String, span: String? = nil) throws -> TraceRecord {
    try TraceReader.read(Array(text.utf8), path: "trace.json", spanID: span)
}

private func json(_ text: String) throws -> JSONValue {
    try JSONValue.parse(text)
}

@Suite struct OTLPTraceTests {
    @Test func genAISpanAmongOtherSpans() throws {
        let record = try read("otlp-genai.json")
        #expect(record.format == "otlp")
        #expect(record.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(record.spanID == "00f067aa0ba902b7")
        #expect(
            record.input
                == (try json(
                    #"""
                    {"messages": [
                      {"role": "user", "parts": [{"type": "text", \#
                    "content": "I upgraded to the annual plan last week."}]},
                      {"role": "assistant", "parts": [{"type": "text", \#
                    "content": "Thanks, how can I help with your annual plan?"}]},
                      {"role": "user", "parts": [{"type": "text", "content": "Can I get a refund on my annual plan?"}]}
                    ],
                     "question": "Can I get a refund on my annual plan?"}
                    """#)))
        // Text parts joined; the reasoning part is not what shipped.
        #expect(
            record.output == """
                Yes. Annual plans cancelled within 30 days are refunded pro-rata for the unused months.
                The refund reaches your card in 5 to 10 business days.
                """)
        // The snapshot that answered, and the alias the call asked for beside it.
        #expect(record.model == "gpt-4o-2024-08-06")
        #expect(record.requestModel == "gpt-4o")
        #expect(record.promptName == "refund_answer")
        #expect(record.promptVersion == nil)
        #expect(
            record.systemInstructions
                == "You answer refund questions for Acme. Quote the refund policy; "
                + "never promise a refund the policy does not allow."
        )
        #expect(
            record.metadata == [
                "service.name": "support-api",
                "service.version": "2026.11.3",
                "deployment.environment.name": "production",
                "feature": "refunds",
                "intent": "refund_request",
                "customer_tier": "enterprise",
                "user_id": "u_8812",
                "provider": "openai",
            ])
    }

    @Test func severalGenAISpansNeedSpan() throws {
        let error = try #require(throws: InputError.self) { try read("otlp-multi-genai.json") }
        #expect(error.file == "traces/otlp-multi-genai.json")
        #expect(
            error.message
                == "holds 2 model calls: 1f9b2c0e7d3a4b51 (chat gpt-4o-mini, \u{201C}Why was I charged twice in "
                + "March?\u{201D}), 7c2d5e8a9b1f3e60 (chat gpt-4o, \u{201C}Why was I charged twice in March?\u{201D})")
        #expect(error.hint?.contains("--span ID") == true)
    }

    @Test func spanPicksOneOfSeveral() throws {
        let record = try read("otlp-multi-genai.json", span: "7c2d5e8a9b1f3e60")
        #expect(record.format == "otlp")
        #expect(record.traceID == "0af7651916cd43dd8448eb211c80319c")
        #expect(record.spanID == "7c2d5e8a9b1f3e60")
        // Structured (kvlistValue) messages read like the JSON-text ones.
        #expect(
            record.input
                == (try json(
                    #"""
                    {"messages": [
                      {"role": "system", "parts": [{"type": "text", \#
                    "content": "You explain charges on an Acme invoice."}]},
                      {"role": "user", "parts": [{"type": "text", "content": "Why was I charged twice in March?"}]}
                    ],
                     "question": "Why was I charged twice in March?"}
                    """#)))
        #expect(record.output == "The second March charge is the prorated upgrade to Pro on March 14.")
        #expect(record.model == "gpt-4o")
        #expect(record.promptName == nil)
        #expect(record.promptVersion == nil)
        #expect(record.systemInstructions == "You explain charges on an Acme invoice.")
        #expect(
            record.metadata == [
                "service.name": "support-api",
                "feature": "billing",
                "customer_tier": "pro",
                "session_id": "sess_41d2",
                "intent": "duplicate_charge",
                "provider": "openai",
            ])

        let other = try read("otlp-multi-genai.json", span: "1f9b2c0e7d3a4b51")
        #expect(other.spanID == "1f9b2c0e7d3a4b51")
        #expect(other.model == "gpt-4o-mini")
        #expect(other.output == "duplicate_charge")
        #expect(other.systemInstructions == "Label the ticket with one intent.")
        #expect(other.metadata["intent"] == "classify")
    }

    @Test func unknownSpanIsNamedWithTheCandidates() throws {
        let error = try #require(throws: InputError.self) {
            try read("otlp-multi-genai.json", span: "deadbeefdeadbeef")
        }
        #expect(error.message == "has no span with id `deadbeefdeadbeef`")
        #expect(
            error.hint
                == "its model calls are: 1f9b2c0e7d3a4b51 (chat gpt-4o-mini, \u{201C}Why was I charged twice in "
                + "March?\u{201D}), 7c2d5e8a9b1f3e60 (chat gpt-4o, \u{201C}Why was I charged twice in March?\u{201D}); "
                + "pass one of those ids to --span"
        )
    }

    @Test func spanWithoutContentSaysHowToCaptureIt() throws {
        let error = try #require(throws: InputError.self) {
            try read("otlp-multi-genai.json", span: "b9c7c989f97918e1")
        }
        #expect(
            error.message
                == "span b9c7c989f97918e1 (answer_ticket) has no recorded input, so there is nothing to replay")
        // An application's own span: the hint names who wrote it.
        #expect(error.hint?.hasPrefix("it was written by support-api.handlers; turn on message content") == true)
    }

    @Test func olderPromptAndCompletionAttributesOnEvents() throws {
        let record = try read("otlp-legacy.json")
        #expect(record.format == "otlp")
        #expect(record.traceID == "5b8efff798038103d269b633813fc60c")
        #expect(record.spanID == "eee19b7ec3c1b174")
        #expect(
            record.input
                == (try json(
                    #"""
                    {"messages": [{"role": "system", "content": "Answer from the Acme docs only."},
                                  {"role": "user", "content": "How do I rotate an API key?"}],
                     "question": "How do I rotate an API key?"}
                    """#)))
        #expect(record.output == "Open Settings > API keys, choose Rotate, then update your clients within 24 hours.")
        #expect(record.model == "gpt-4-turbo-2024-04-09")
        #expect(record.requestModel == "gpt-4-turbo")
        #expect(record.promptName == nil)
        #expect(record.promptVersion == nil)
        #expect(record.systemInstructions == "Answer from the Acme docs only.")
        #expect(record.metadata == ["service.name": "docs-bot", "feature": "docs_search", "provider": "openai"])
    }

    @Test func indexedPromptAndCompletionAttributes() throws {
        let record = try read("otlp-indexed.json")
        #expect(record.format == "otlp")
        #expect(record.traceID == "9f3c2a1b0e8d4c7f6a5b4c3d2e1f0a9b")
        #expect(record.spanID == "3e4f5a6b7c8d9e0f")
        #expect(
            record.input
                == (try json(
                    #"""
                    {"messages": [{"role": "system", "content": "You draft replies for Acme sales."},
                                  {"role": "user", "content": "Do you offer a discount for nonprofits?"}],
                     "question": "Do you offer a discount for nonprofits?"}
                    """#)))
        #expect(record.output == "Yes: registered nonprofits get 30% off any annual plan.")
        #expect(record.model == "claude-3-5-sonnet-20241022")
        #expect(record.systemInstructions == "You draft replies for Acme sales.")
        #expect(
            record.metadata == ["service.name": "sales-assistant", "customer_tier": "free", "provider": "Anthropic"])
    }

    @Test func bareSpanListAndPlainTextPrompt() throws {
        let record = try readText(
            #"""
            {"spans": [{"traceId": "t1", "spanId": "s1", "name": "text_completion davinci",
              "attributes": [{"key": "gen_ai.request.model", "value": {"stringValue": "davinci-002"}},
                             {"key": "gen_ai.prompt", "value": {"stringValue": "Translate to French: good morning"}},
                             {"key": "gen_ai.completion", "value": {"stringValue": "bonjour"}}]}]}
            """#)
        #expect(record.traceID == "t1")
        #expect(record.spanID == "s1")
        #expect(record.input == .object(["question": .string("Translate to French: good morning")]))
        #expect(record.output == "bonjour")
        #expect(record.model == "davinci-002")
    }

    @Test func traceWithoutGenAISpans() throws {
        let error = try #require(throws: InputError.self) {
            try readText(
                #"{"resourceSpans": [{"resource": {}, "scopeSpans": [{"spans": "#
                    + #"[{"traceId": "t", "spanId": "s", "name": "GET /", "attributes": []}]}]}]}"#
            )
        }
        #expect(error.message == "holds 1 span but no call to a model")
    }
}

@Suite struct LangfuseTraceTests {
    @Test func traceWithOneGeneration() throws {
        let record = try read("langfuse-trace.json")
        #expect(record.format == "langfuse")
        #expect(record.traceID == "lf-trace-7d1e2c9a")
        #expect(record.spanID == "obs-gen-answer")
        #expect(
            record.input
                == (try json(
                    #"""
                    {"messages": [{"role": "system", \#
                    "content": "You answer refund questions for Acme. Quote the refund policy."},
                                  {"role": "user", "content": "Can I get a refund on my annual plan?"}],
                     "question": "Can I get a refund on my annual plan?"}
                    """#)))
        #expect(
            record.output == "Yes. Annual plans cancelled within 30 days are refunded pro-rata for the unused months.")
        #expect(record.model == "gpt-4o-2024-08-06")
        #expect(record.promptName == "refund_answer")
        #expect(record.promptVersion == "3")
        #expect(record.systemInstructions == "You answer refund questions for Acme. Quote the refund policy.")
        // Trace metadata, overridden by the generation's; nested values and ls_* keys left out.
        #expect(
            record.metadata == [
                "feature": "refunds",
                "intent": "refund_request_annual",
                "customer_tier": "enterprise",
                "channel": "chat",
                "provider": "openai",
                "user_id": "u_8812",
                "session_id": "sess_91ab",
                "release": "v2026.11.3",
                "environment": "production",
            ])
    }

    @Test func spanPicksAnyObservation() throws {
        let record = try read("langfuse-trace.json", span: "obs-span-retrieve")
        #expect(record.spanID == "obs-span-retrieve")
        #expect(record.input == .object(["query": .string("refund annual plan")]))
        #expect(record.output == #"{"documents":["refund-policy.md#annual"]}"#)
        #expect(record.model == nil)
        #expect(record.promptName == nil)
    }

    @Test func singleObservationExport() throws {
        let record = try read("langfuse-observation.json")
        #expect(record.format == "langfuse")
        #expect(record.traceID == "lf-trace-3b0f55e1")
        #expect(record.spanID == "obs-gen-summary")
        #expect(
            record.input
                == (try json(
                    #"""
                    {"messages": [{"role": "user", "content": [
                        {"type": "text", "text": "Summarise this ticket in one sentence."},
                        {"type": "text", \#
                    "text": "Customer reports the CSV export drops rows with emoji in the name."}]}],
                     "question": "Summarise this ticket in one sentence.\nCustomer reports the CSV export \#
                    drops rows with emoji in the name."}
                    """#)))
        #expect(record.output == "The CSV export silently drops rows whose name contains emoji.")
        #expect(record.model == "claude-3-5-haiku-20241022")
        #expect(record.promptName == "ticket_summary")
        #expect(record.promptVersion == "7")
        #expect(record.systemInstructions == nil)
        #expect(record.metadata == ["feature": "ticket_summary", "team": "support-tools", "environment": "production"])
    }

    @Test func severalGenerationsNeedSpan() throws {
        let error = try #require(throws: InputError.self) {
            try readText(
                #"""
                {"id": "t", "observations": [
                  {"id": "g1", "traceId": "t", "type": "GENERATION", "name": "plan", "input": "a"},
                  {"id": "g2", "traceId": "t", "type": "GENERATION", "name": "answer", "input": "b"}]}
                """#)
        }
        #expect(error.message == "holds 2 generations: g1 (GENERATION plan), g2 (GENERATION answer)")
        let record = try readText(
            #"""
            {"id": "t", "observations": [
              {"id": "g1", "traceId": "t", "type": "GENERATION", "name": "plan", "input": "a"},
              {"id": "g2", "traceId": "t", "type": "GENERATION", "name": "answer", "input": "b", "output": "B"}]}
            """#, span: "g2")
        #expect(record.input == .object(["question": .string("b")]))
        #expect(record.output == "B")
    }
}

@Suite struct LangSmithTraceTests {
    @Test func chainRunWithLLMChild() throws {
        let record = try read("langsmith-run.json")
        #expect(record.format == "langsmith")
        #expect(record.traceID == "1b64098b-4ab7-43f6-afee-992304f198d8")
        #expect(record.spanID == "c8d9f4c5-6c5a-4b2d-9b1c-3d9d7a7c5c7c")
        #expect(
            record.input
                == (try json(
                    #"""
                    {"messages": [[
                      {"lc": 1, "type": "constructor", "id": ["langchain", "schema", "messages", "SystemMessage"],
                       "kwargs": {"content": "You answer refund questions for Acme. \#
                    The customer is on the enterprise plan.", "type": "system"}},
                      {"lc": 1, "type": "constructor", "id": ["langchain", "schema", "messages", "HumanMessage"],
                       "kwargs": {"content": "Can I get a refund on my annual plan?", "type": "human"}}]],
                     "question": "Can I get a refund on my annual plan?"}
                    """#)))
        #expect(
            record.output == "Yes. Annual plans cancelled within 30 days are refunded pro-rata for the unused months.")
        #expect(record.model == "gpt-4o")
        #expect(record.promptName == "acme/refund-answer")
        #expect(record.promptVersion == "c9a1e3f0")
        #expect(
            record.systemInstructions == "You answer refund questions for Acme. The customer is on the enterprise plan."
        )
        #expect(
            record.metadata == [
                "feature": "refunds",
                "customer_tier": "enterprise",
                "user_id": "u_8812",
                "revision_id": "v2026.11.3",
                "intent": "refund_request",
                "provider": "openai",
            ])
    }

    @Test func spanPicksTheChainRun() throws {
        let record = try read("langsmith-run.json", span: "1b64098b-4ab7-43f6-afee-992304f198d8")
        #expect(record.spanID == "1b64098b-4ab7-43f6-afee-992304f198d8")
        #expect(
            record.input == (try json(#"{"question": "Can I get a refund on my annual plan?", "plan": "enterprise"}"#)))
        #expect(
            record.output == "Yes. Annual plans cancelled within 30 days are refunded pro-rata for the unused months.")
        #expect(record.model == nil)
        #expect(record.systemInstructions == nil)
        #expect(
            record.metadata == [
                "feature": "refunds", "customer_tier": "enterprise", "user_id": "u_8812", "revision_id": "v2026.11.3",
            ])
    }

    @Test func flatRunListLinkedByParent() throws {
        let record = try readText(
            #"""
            [{"id": "root", "run_type": "chain", "name": "Agent", "inputs": {"q": "hi"}, "outputs": {"output": "hello"},
              "extra": {"metadata": {"feature": "greeting"}}},
             {"id": "llm1", "parent_run_id": "root", "trace_id": "root", "run_type": "llm", "name": "ChatAnthropic",
              "inputs": {"messages": [{"role": "user", "content": "hi"}]},
              "outputs": {"generations": [[{"text": "", \#
            "message": {"type": "ai", "content": [{"type": "text", "text": "hello"}]}}]]},
              "extra": {"metadata": {"ls_model_name": "claude-3-5-haiku-latest"}}}]
            """#)
        #expect(record.spanID == "llm1")
        #expect(record.traceID == "root")
        #expect(record.input == (try json(#"{"messages": [{"role": "user", "content": "hi"}], "question": "hi"}"#)))
        #expect(record.output == "hello")
        #expect(record.model == "claude-3-5-haiku-latest")
        #expect(record.metadata == ["feature": "greeting"])
    }
}

@Suite struct PlainTraceTests {
    @Test func plainRecord() throws {
        let record = try read("plain.json")
        #expect(record.format == "plain")
        #expect(record.traceID == "req-2026-11-21-0042")
        #expect(record.spanID == nil)
        #expect(
            record.input == (try json(#"{"question": "Can I get a refund on my annual plan?", "plan": "enterprise"}"#)))
        #expect(record.output == "Refunds are not available on annual plans.")
        #expect(record.model == "gpt-4o-mini")
        #expect(record.promptName == "refund_answer")
        #expect(record.promptVersion == "4")
        #expect(record.systemInstructions == nil)
        #expect(
            record.metadata == [
                "feature": "refunds", "intent": "refund_request", "customer_tier": "enterprise", "latency_ms": "812",
            ])
    }

    @Test func stringInputAndOpenAIResponse() throws {
        let record = try readText(
            #"""
            {"input": "Where is my order?",
             "output": {"choices": [{"index": 0, \#
            "message": {"role": "assistant", "content": "It ships tomorrow."}, "finish_reason": "stop"}]}}
            """#)
        #expect(record.input == .object(["question": .string("Where is my order?")]))
        #expect(record.output == "It ships tomorrow.")
        #expect(record.traceID == nil)
        #expect(record.metadata == [:])
    }

    @Test func messageInputKeepsTheMessages() throws {
        let record = try readText(
            #"""
            {"input": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"},
                       {"role": "assistant", "content": "Hello"}, {"role": "user", "content": "Refund?"}],
             "output": {"role": "assistant", "content": "Within 30 days."}}
            """#)
        #expect(record.input["question"] == .string("Refund?"))
        #expect(record.input["messages"]?.arrayValue?.count == 4)
        #expect(record.output == "Within 30 days.")
        #expect(record.systemInstructions == "Be brief.")
    }

    @Test func structuredInputWithARoleFieldStaysStructured() throws {
        let record = try readText(#"{"input": {"role": "admin", "question": "Delete the account?"}, "output": "No."}"#)
        #expect(record.input == (try json(#"{"role": "admin", "question": "Delete the account?"}"#)))
    }

    @Test func spanOnAPlainTraceMustMatch() throws {
        let error = try #require(throws: InputError.self) { try readText(#"{"input": "x"}"#, span: "abc") }
        #expect(error.message == "has no span with id `abc`")
    }
}

@Suite struct TraceReaderErrorTests {
    @Test func unknownShape() throws {
        let error = try #require(throws: InputError.self) {
            try readText(#"{"events": [{"name": "request", "body": "hi"}]}"#)
        }
        #expect(error.file == "trace.json")
        #expect(error.line == nil)
        #expect(error.message == "is not a trace deadbolt reads")
        let hint = try #require(error.hint)
        for telltale in ["resourceSpans", "observations", "run_type", "`input`"] {
            #expect(hint.contains(telltale), "hint names \(telltale)")
        }
        #expect(error.description.hasPrefix("trace.json: is not a trace deadbolt reads"))
    }

    @Test func notAnObject() throws {
        let error = try #require(throws: InputError.self) { try readText("[1, 2, 3]") }
        #expect(error.message == "is not a trace deadbolt reads")
    }

    @Test func badJSONCarriesLineAndColumn() throws {
        let error = try #require(throws: InputError.self) {
            try readText("{\n  \"input\": \"x\",\n  \"output\": oops\n}")
        }
        #expect(error.file == "trace.json")
        #expect(error.line == 3)
        #expect(error.column == 13)
        #expect(error.message.hasPrefix("is not valid JSON"))
    }

    @Test func emptyFile() throws {
        let error = try #require(throws: InputError.self) { try readText("") }
        #expect(error.message.hasPrefix("is not valid JSON"))
    }
}
