import DeadboltCore
import DeadboltRunner

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
                return WorkerProvider(settings: resolved)
            }
        case .openai:
            throw InputError(
                file: file, line: config.providerLine, "`type: openai` is not built yet",
                hint: "use a command provider")
        }
    }
}
