import Yams

/// Reads `provider:` in `deadbolt.yml`: its type, the command or the API settings, and the
/// limits every provider shares, each number range-checked with the line that holds it.
enum ProviderConfigParser {
    static let sharedKeys = ["type", "timeout", "jobs", "env"]
    static let commandKeys = ["command", "protocol"]
    static let openAIKeys = [
        "base_url", "model", "api_key_env", "temperature", "max_tokens", "seed", "response_format", "headers",
    ]

    static func parse(_ node: Node, _ file: YAMLFile) throws(InputError) -> ProviderConfig {
        var provider = ProviderConfig()
        let entries = try file.mapping(node, known: sharedKeys + commandKeys + openAIKeys, what: "provider")
        if let typeNode = entries.first(where: { $0.key == "type" })?.value {
            let text = try file.string(typeNode, "provider.type")
            guard let kind = ProviderConfig.Kind(rawValue: text) else {
                throw file.error(
                    "`provider.type` must be command or openai, not `\(text)`", at: typeNode,
                    hint: "command runs your program for each case; openai calls a chat-completions API")
            }
            provider.kind = kind
        }
        let foreign = provider.kind == .openai ? commandKeys : openAIKeys
        if let misplaced = entries.first(where: { foreign.contains($0.key) }) {
            let other: ProviderConfig.Kind = provider.kind == .openai ? .command : .openai
            throw file.error(
                "`provider.\(misplaced.key)` belongs to `type: \(other.rawValue)`, but this provider is "
                    + "`type: \(provider.kind.rawValue)`", at: misplaced.keyNode,
                hint: provider.kind == .command
                    ? "add `type: openai` to call a chat-completions API" : "remove it, or use `type: command`")
        }
        var openAI = OpenAIConfig(model: "")
        var sawModel = false
        for (key, _, value) in entries {
            switch key {
            case "command":
                if case .scalar = value {
                    throw file.error(
                        "`provider.command` must be a list of arguments, not a shell string",
                        at: value, hint: "write it as [\"bin/answer\", \"--json\"]; deadbolt never runs a shell")
                }
                let argv = try file.strings(value, "provider.command")
                guard let first = argv.first, !first.isEmpty else {
                    throw file.error(
                        "`provider.command` is empty", at: value, hint: "name the program to run, e.g. [\"bin/answer\"]"
                    )
                }
                provider.command = argv
            case "protocol":
                let text = try file.string(value, "provider.protocol")
                guard let kind = ProviderConfig.WorkerProtocol(rawValue: text) else {
                    throw file.error(
                        "`provider.protocol` must be once or jsonl, not `\(text)`", at: value,
                        hint: "once starts the program for each case; jsonl keeps one worker per job running")
                }
                provider.workerProtocol = kind
            case "timeout":
                let text = try file.string(value, "provider.timeout")
                guard let seconds = DurationText.seconds(text) else {
                    throw file.error(
                        "`provider.timeout` must be a duration such as 30s, 500ms or 2m, not `\(text)`", at: value)
                }
                guard BoundedNumber.real(seconds, in: ProviderConfig.timeoutRange) != nil else {
                    throw file.error("`provider.timeout` must be between 1ms and 24h, not `\(text)`", at: value)
                }
                provider.timeoutSeconds = seconds
            case "jobs":
                provider.jobs = try bounded(value, "provider.jobs", ProviderConfig.jobsRange, file)
            case "env":
                guard case .mapping(let mapping) = value else {
                    throw file.error("`provider.env` must be a mapping of names to values", at: value)
                }
                for (name, setting) in mapping {
                    provider.environment[name.string ?? ""] = try file.string(setting, "provider.env")
                }
            case "base_url":
                let text = try file.string(value, "provider.base_url")
                guard text.hasPrefix("http://") || text.hasPrefix("https://"), text.count > 8 else {
                    throw file.error(
                        "`provider.base_url` must be an http:// or https:// address, not `\(text)`", at: value,
                        hint: "for example https://api.openai.com/v1 or http://127.0.0.1:11434/v1")
                }
                openAI.baseURL = text.hasSuffix("/") ? String(text.dropLast()) : text
            case "model":
                openAI.model = try file.string(value, "provider.model")
                sawModel = !openAI.model.isEmpty
            case "api_key_env":
                openAI.apiKeyLine = value.mark?.line
                if file.isNull(value) {
                    openAI.apiKeyVariable = nil
                } else {
                    let name = try file.string(value, "provider.api_key_env")
                    guard SecretRedaction.isVariableName(name) else {
                        throw file.error(
                            "`provider.api_key_env` names the environment variable holding the key, not `\(name)`",
                            at: value, hint: "for example api_key_env: OPENAI_API_KEY; never put the key itself here")
                    }
                    openAI.apiKeyVariable = name
                }
            case "temperature":
                guard case .scalar = value, let number = value.float,
                    let temperature = BoundedNumber.real(number, in: OpenAIConfig.temperatureRange)
                else {
                    throw file.error("`provider.temperature` must be a number from 0 to 2", at: value)
                }
                openAI.temperature = temperature
            case "max_tokens":
                openAI.maxTokens = try bounded(value, "provider.max_tokens", OpenAIConfig.maxTokensRange, file)
            case "seed":
                openAI.seed = try bounded(value, "provider.seed", OpenAIConfig.seedRange, file)
            case "response_format":
                switch value {
                case .mapping:
                    openAI.responseFormat = file.json(value)
                case .scalar where !file.isNull(value):
                    openAI.responseFormat = .object(["type": .string(try file.string(value, key))])
                default:
                    throw file.error(
                        "`provider.response_format` must be json_object, text, or a mapping such as "
                            + "{type: json_schema, json_schema: {...}}", at: value)
                }
            case "headers":
                guard case .mapping(let mapping) = value else {
                    throw file.error("`provider.headers` must be a mapping of header names to values", at: value)
                }
                for (name, setting) in mapping {
                    openAI.headers[name.string ?? ""] = try file.string(setting, "provider.headers")
                    openAI.headerLines[name.string ?? ""] = name.mark?.line
                }
            default: break
            }
        }
        if provider.kind == .openai {
            guard sawModel else {
                throw file.error(
                    "`type: openai` needs a `model`", at: node, hint: "for example model: gpt-4o-mini")
            }
            provider.openAI = openAI
        }
        return provider
    }

    static func bounded(_ value: Node, _ key: String, _ range: ClosedRange<Int>, _ file: YAMLFile) throws(InputError)
        -> Int
    {
        let number = try file.int(value, key)
        guard range.contains(number) else {
            throw file.error(
                "`\(key)` must be between \(range.lowerBound) and \(range.upperBound), not \(number)", at: value)
        }
        return number
    }
}
