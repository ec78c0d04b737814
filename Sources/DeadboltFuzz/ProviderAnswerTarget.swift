import DeadboltHTTP
import DeadboltModels
import DeadboltRunner

/// What a provider answers: an `exec` command's standard output, and an OpenAI-compatible body.
enum ProviderAnswerTarget {
    static let exec = FuzzTarget("provider-answer", "an exec provider's output, through AnswerJSON") { bytes in
        _ = AnswerJSON.parse(bytes[...])
        _ = try? AnswerJSON.read(bytes[...])
    }

    static let openAI = FuzzTarget("openai-answer", "a chat completions body, through ChatCompletion.read") {
        bytes in
        let response = APIResponse(
            status: 200, headers: [("content-type", "application/json"), ("x-litellm-response-cost", "0.002")],
            body: bytes)
        _ = ChatCompletion.read(bytes, latencyMs: 12, headers: response)
        _ = ChatCompletion.serverMessage(bytes)
    }
}
