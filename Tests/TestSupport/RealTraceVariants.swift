import Foundation

/// Exports of many traces, made from one trace a real instrumentation library wrote (the
/// `otel-openai-v2-span-only.json` fixture): each variant is the same export with its own trace
/// id, question, customer tier and, when given, an `app.outcome` attribute on the app's server
/// span, written as one JSON Lines line.
public enum RealTraceVariants {
    /// The folder of the generated fixtures.
    public static var folder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("DeadboltCoreTests/Capture/Fixtures/Traces/Real")
    }

    public static func fixture(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    /// The trace id of the span-only fixture.
    public static let originalTraceID = "afcf0c94f1a18c4f8e138b5991622062"
    public static let originalQuestion = "Can I get a refund on my annual plan after 45 days?"

    /// One variant as a compact line: trace `number` (its id is `number` in hex, padded to 32).
    public static func line(number: Int, question: String, tier: String, outcome: String?) throws -> String {
        var text = try fixture("otel-openai-v2-span-only.json")
        text = text.replacingOccurrences(of: originalTraceID, with: traceID(number))
        text = text.replacingOccurrences(of: originalQuestion, with: question)
        text = text.replacingOccurrences(of: "\"stringValue\": \"enterprise\"", with: "\"stringValue\": \"\(tier)\"")
        if let outcome {
            text = text.replacingOccurrences(
                of: "\"key\": \"app.feature\",",
                with: "\"key\": \"app.outcome\", \"value\": {\"stringValue\": \"\(outcome)\"}}, "
                    + "{\"key\": \"app.feature\",")
        }
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        let compact = try JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes])
        return String(decoding: compact, as: UTF8.self)
    }

    public static func traceID(_ number: Int) -> String {
        let hex = String(number, radix: 16)
        return String(repeating: "0", count: 32 - hex.count) + hex
    }
}
