import DeadboltCore
import DeadboltRunner
import Foundation

/// Whether the configured provider can start here, without running it: a command provider's
/// program is found (in the repository, or on PATH) and executable, and a script's interpreter
/// exists; the built-in provider's key variable is set.
enum ProviderStartCheck {
    static func findings(_ provider: ProviderConfig, root: String, environment: [String: String]) -> [LintFinding] {
        switch provider.kind {
        case .command:
            guard let argv = provider.command, let program = argv.first else { return [] }
            let path: String
            do { path = try ExecutableLookup.resolve(program, in: root) } catch {
                return [
                    LintFinding(
                        .error, "provider",
                        InputError(
                            file: Config.fileName, "the provider cannot start: \(error.description)",
                            hint: program.contains("/")
                                ? "commit the program at \(program), or fix provider.command"
                                : "install \(program), or name the program by its path in provider.command"))
                ]
            }
            guard let interpreter = interpreter(of: path) else { return [] }
            let (name, found) = interpreterFound(interpreter)
            guard !found else { return [] }
            return [
                LintFinding(
                    .error, "provider",
                    InputError(
                        file: Config.fileName,
                        "the provider cannot start: \(program) is a script for \(name), which is not installed here",
                        hint: "install \(name), or fix the first line of \(program)"))
            ]
        case .openai:
            guard let variable = provider.openAI?.apiKeyVariable, (environment[variable] ?? "").isEmpty else {
                return []
            }
            return [
                LintFinding(
                    .warning, "provider",
                    InputError(
                        file: Config.fileName, line: provider.openAI?.apiKeyLine,
                        "$\(variable) is not set here, so the built-in provider cannot answer",
                        hint: "export \(variable) (in CI, from a secret), or set api_key_env: null for a local server")
                )
            ]
        }
    }

    /// The `#!` line's program and first argument, when the file starts with one.
    static func interpreter(of path: String) -> [String]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 256)) ?? Data()
        guard head.starts(with: Array("#!".utf8)) else { return nil }
        let line = String(decoding: head.dropFirst(2).prefix { $0 != 0x0A }, as: UTF8.self)
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        return words.isEmpty ? nil : words
    }

    /// The interpreter's name, and whether it exists (`/usr/bin/env NAME` looks NAME up on PATH).
    static func interpreterFound(_ words: [String]) -> (String, Bool) {
        if RepoPath.name(of: words[0]) == "env" {
            guard let name = words.dropFirst().first(where: { !$0.hasPrefix("-") }) else { return (words[0], true) }
            return (name, (try? ExecutableLookup.resolve(name, in: "/")) != nil)
        }
        return (words[0], FileManager.default.isExecutableFile(atPath: words[0]))
    }
}
