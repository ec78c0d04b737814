import DeadboltCore
import DeadboltHTTP

/// Reads a chat-completions answer: `choices[0].message.content`, the `model` that answered,
/// `usage`, and the cost when the server gives one. Every number is checked against its range;
/// a server that sends something else is named, not believed.
package enum ChatCompletion {
    /// Why an answer cannot be used.
    package struct Problem: Error, Equatable {
        var message: String
    }

    /// The longest `model` kept: a snapshot name, not a novel.
    static let modelLimit = 200
    /// The longest server message quoted in a reason.
    static let messageLimit = 300
    /// The longest excerpt of a body kept beside the reason.
    static let excerptLimit = 2_000
    /// LiteLLM's proxy says what a call cost in this header.
    static let costHeader = "x-litellm-response-cost"

    /// The answer in `body` (a 2xx), with the measured `latencyMs`; `headers` may carry the cost.
    package static func read(_ body: [UInt8], latencyMs: Int, headers: APIResponse) -> Result<ProviderAnswer, Problem> {
        guard let json = try? JSONValue.parse(body) else {
            return .failure(Problem(message: "the API's answer is not JSON: \(excerpt(body, limit: 120))"))
        }
        guard case .object(let object) = json else {
            return .failure(Problem(message: "the API's answer is a JSON \(json.typeName), not an object"))
        }
        guard let choices = object["choices"]?.arrayValue, let first = choices.first else {
            let said = serverMessage(body).map { ": \($0)" } ?? ""
            return .failure(Problem(message: "the API's answer has no choices\(said)"))
        }
        guard case .object(let message)? = first["message"] else {
            return .failure(Problem(message: "the API's first choice has no `message` object"))
        }
        var notes: [String] = []
        let output: String
        switch message["content"] {
        case .string(let text)?:
            output = text
        case .array(let parts)?:
            // Content parts, as some servers send them: the text parts, in order.
            output = parts.compactMap { $0["text"]?.stringValue ?? $0.stringValue }.joined()
        case .null?, nil:
            if let refusal = message["refusal"]?.stringValue {
                output = refusal
                notes.append("the model refused; its refusal is the output")
            } else if message["tool_calls"] != nil {
                return .failure(Problem(message: "the model answered with tool calls, not text"))
            } else {
                return .failure(Problem(message: "the API's first choice has no content"))
            }
        case let other?:
            return .failure(Problem(message: "the API's `message.content` is a \(other.typeName), not text"))
        }
        if first["finish_reason"]?.stringValue == "length" {
            notes.append("the answer was cut short at the token limit (finish_reason: length)")
        }
        var answer = ProviderAnswer(output: output, latencyMs: min(latencyMs, ProviderAnswer.latencyRange.upperBound))
        answer.notes = notes
        if let model = object["model"], model != .null {
            guard let name = model.stringValue, !name.isEmpty, name.count <= modelLimit else {
                return .failure(
                    Problem(message: "the API's `model` is not a name: \(MessageTextLocal.json(model, limit: 60))"))
            }
            answer.model = name
        }
        switch usage(object["usage"]) {
        case .success(let counts): answer.usage = counts
        case .failure(let problem): return .failure(problem)
        }
        switch cost(object, header: headers.header(costHeader)) {
        case .success(let value): answer.cost = value
        case .failure(let problem): return .failure(problem)
        }
        return .success(answer)
    }

    /// `usage.prompt_tokens` and `usage.completion_tokens`, each a whole number in
    /// ``TokenUsage/range``; nil when the server sends no usage.
    static func usage(_ value: JSONValue?) -> Result<TokenUsage?, Problem> {
        guard let value, value != .null else { return .success(nil) }
        guard case .object(let counts) = value else {
            return .failure(Problem(message: "the API's `usage` is a \(value.typeName), not an object"))
        }
        var read: [Int?] = []
        for field in ["prompt_tokens", "completion_tokens"] {
            guard let count = counts[field], count != .null else {
                read.append(nil)
                continue
            }
            guard let number = count.numberValue.flatMap({ BoundedNumber.whole($0, in: TokenUsage.range) }) else {
                return .failure(
                    Problem(
                        message:
                            "the API's `usage.\(field)` must be a whole number from 0 to "
                            + "\(TokenUsage.range.upperBound), not \(MessageTextLocal.json(count, limit: 40))"))
            }
            read.append(number)
        }
        guard let prompt = read[0], let completion = read[1] else { return .success(nil) }
        return .success(TokenUsage(prompt: prompt, completion: completion))
    }

    /// The cost the server reports: `cost` (top level), `usage.cost` (OpenRouter) or LiteLLM's
    /// header, each a number in ``ProviderAnswer/costRange``; nil when it reports none.
    static func cost(_ object: [String: JSONValue], header: String?) -> Result<Double?, Problem> {
        let candidates: [(String, JSONValue?)] = [
            ("cost", object["cost"]), ("usage.cost", object["usage"]?["cost"]),
            (
                costHeader,
                header.map { text in
                    Double(text.trimmingCharacters(in: .whitespaces)).map(JSONValue.number) ?? .string(text)
                }
            ),
        ]
        for (name, value) in candidates {
            guard let value, value != .null else { continue }
            guard let cost = value.numberValue.flatMap({ BoundedNumber.real($0, in: ProviderAnswer.costRange) }) else {
                return .failure(
                    Problem(
                        message:
                            "the API's `\(name)` must be a number from 0 to 1000000, not "
                            + MessageTextLocal.json(value, limit: 40)))
            }
            return .success(cost)
        }
        return .success(nil)
    }

    /// The server's own words in an error body: OpenAI's `error.message`, or a gateway's
    /// `error` string, `message` or `detail`; bounded.
    package static func serverMessage(_ body: [UInt8]) -> String? {
        guard let json = try? JSONValue.parse(body) else {
            let text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? nil : MessageTextLocal.truncated(oneLine(text), limit: messageLimit)
        }
        let said =
            json["error"]?["message"]?.stringValue ?? json["error"]?.stringValue ?? json["message"]?.stringValue
            ?? json["detail"]?.stringValue
        return said.map { MessageTextLocal.truncated(oneLine($0), limit: messageLimit) }
    }

    /// The start of `body` as one line of text, for a reason or the failure's excerpt.
    static func excerpt(_ body: [UInt8], limit: Int = excerptLimit) -> String {
        let text = String(decoding: body.prefix(limit * 4), as: UTF8.self)
        return MessageTextLocal.truncated(text.trimmingCharacters(in: .whitespacesAndNewlines), limit: limit)
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

/// Bounded, quoted values in messages (DeadboltCore's own helper is internal to it).
enum MessageTextLocal {
    static func truncated(_ text: String, limit: Int) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit)) + "…"
    }

    static func json(_ value: JSONValue, limit: Int) -> String {
        truncated(value.compactText(), limit: limit)
    }
}
