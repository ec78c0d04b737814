import DeadboltCore
import DeadboltGit
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
            let fileIDs = ownFiles(command, resolved: resolved.command, in: directory)
                .merging(appFiles(config, in: directory), uniquingKeysWith: { first, _ in first })
            switch config.provider.workerProtocol {
            case .once:
                return CommandProvider(settings: resolved, configured: command, fileIDs: fileIDs)
            case .jsonl:
                return WorkerProvider(settings: resolved, configured: command, fileIDs: fileIDs)
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

    /// The git blob id of each argument that names a file in `directory` (the program, or a
    /// script handed to an interpreter), by argument as configured: part of the provider's identity, so that
    /// editing the provider invalidates its cached answers, committed or not.
    static func ownFiles(_ argv: [String], resolved: [String], in directory: String) -> [String: String] {
        var ids: [String: String] = [:]
        let root = directory.hasSuffix("/") ? directory : directory + "/"
        for (index, argument) in argv.enumerated() where !argument.isEmpty && !argument.hasPrefix("-") {
            // Files of the repository only: an interpreter on PATH is not the provider's own.
            let path = index == 0 ? resolved[0] : argument.hasPrefix("/") ? argument : root + argument
            guard path.hasPrefix(root) else { continue }
            var status = stat()
            guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_size < 64 << 20,
                let bytes = FileManager.default.contents(atPath: path)
            else { continue }
            ids[argument] = ObjectID.blob(hashing: Array(bytes)).hex
        }
        return ids
    }

    /// The blob ids of the files `run_all_on` names (the application code every answer depends
    /// on), but deadbolt.yml, whose provider settings are in the identity already: editing them
    /// invalidates cached answers as it selects every dataset.
    static func appFiles(_ config: Config, in directory: String) -> [String: String] {
        let globs = config.runAllOn.filter { $0.pattern != Config.fileName }
        guard !globs.isEmpty else { return [:] }
        let tree = DirectoryTree(root: directory) { ObjectID.blob(hashing: $0).hex }
        var ids: [String: String] = [:]
        for folder in Set(globs.map(\.literalPrefix)) {
            guard let listed = try? tree.files(under: folder) else { continue }
            for path in listed where globs.contains(where: { $0.matches(path) }) {
                if let id = try? tree.contentID(path) { ids[path] = id }
            }
        }
        return ids
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
