import DeadboltCore
import DeadboltHTTP
import DeadboltModels
import DeadboltRunner
import Foundation

/// The provider `deadbolt.yml` configures, ready to answer cases in a folder: its program found,
/// or its API key read, before any case runs.
enum ProviderSetup {
    /// Refuses, naming the `deadbolt.yml` line, when nothing is configured or it cannot start.
    static func provider(
        for config: Config, directory: String, settings: RunSettings, caseCount: Int
    ) throws(InputError) -> any Provider {
        let file = config.source ?? Config.fileName
        switch config.provider.kind {
        case .command:
            guard let command = config.provider.command else {
                throw InputError(
                    file: file, line: config.providerLine,
                    "no provider is configured, so the \(Plural.count(caseCount, "selected case")) cannot run",
                    hint:
                        "add `provider: {command: [\"bin/answer\"]}` to deadbolt.yml (the program that answers each "
                        + "case), or `provider: {type: openai, model: gpt-4o-mini}`")
            }
            // Resolved once, so that no case searches PATH again.
            var resolved = settings
            do {
                resolved.command = command
                resolved.command[0] = try ExecutableLookup.resolve(command[0], in: directory)
            } catch {
                throw InputError(
                    file: file, line: config.providerLine,
                    "the provider cannot start: \(error.description)",
                    hint:
                        "provider.command is argv: its first element is the program, relative to the repository "
                        + "root or on PATH")
            }
            switch config.provider.workerProtocol {
            case .once:
                return CommandProvider(settings: resolved)
            case .jsonl:
                throw InputError(
                    file: file, line: config.providerLine, "`protocol: jsonl` is not built yet",
                    hint: "use `protocol: once`")
            }
        case .openai:
            guard let openAI = config.provider.openAI else {
                throw InputError(
                    file: file, line: config.providerLine, "`type: openai` needs a `model`",
                    hint: "for example model: gpt-4o-mini")
            }
            return try openAIProvider(openAI, file: file, line: config.providerLine, settings: settings)
        }
    }

    /// The chat-completions provider, its key and headers read now: a variable that is unset or
    /// empty stops the run before any case, naming it and its line.
    static func openAIProvider(
        _ openAI: OpenAIConfig, file: String, line: Int?, settings: RunSettings
    ) throws(InputError) -> OpenAIProvider {
        let environment = ProcessRunner.inheritedEnvironment.merging(settings.environment) { $1 }
        let credentials: OpenAICredentials
        do {
            credentials = try OpenAICredentials.resolve(openAI, environment: environment)
        } catch {
            let state = error.empty ? "is empty" : "is not set"
            if let header = error.header {
                throw InputError(
                    file: file, line: openAI.headerLines[header] ?? line,
                    "`provider.headers.\(header)` reads ${\(error.variable)}, which \(state)",
                    hint: "export \(error.variable) before running deadbolt (in CI, from a secret)")
            }
            throw InputError(
                file: file, line: openAI.apiKeyLine ?? line,
                "`type: openai` reads its API key from \(error.variable), which \(state)",
                hint:
                    "export \(error.variable) (in CI, from a secret), or set provider.api_key_env to the variable "
                    + "that holds the key; `api_key_env: null` sends none, for a local server")
        }
        var http: HTTPSettings
        do {
            http = try HTTPSettings.from(environment: environment)
        } catch {
            throw InputError(error.message, hint: error.hint)
        }
        // provider.timeout bounds each request; one connection per job, so no job waits for another's.
        http.timeoutSeconds = settings.timeoutSeconds
        http.connectionsPerHost = settings.jobs
        return OpenAIProvider(
            config: openAI, credentials: credentials, settings: http, environment: environment,
            log: { line in
                if PhaseTrace.enabled { FileHandle.standardError.write(Data("trace: openai: \(line)\n".utf8)) }
            })
    }
}
