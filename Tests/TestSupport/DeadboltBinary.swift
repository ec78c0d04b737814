import Foundation

/// The built `deadbolt` executable, run as a user runs it.
public enum DeadboltBinary {
    /// Its path: beside the test bundle, where `swift build` puts products.
    public static var path: String {
        var candidates: [String] = []
        if let override = ProcessInfo.processInfo.environment["DEADBOLT_BIN"] { candidates.append(override) }
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = testBinary.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(folder.appendingPathComponent("deadbolt").path)
            folder = folder.deletingLastPathComponent()
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent(".build/debug/deadbolt").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) && !$0.hasSuffix(".xctest") }
            ?? candidates.last!
    }

    /// Runs `deadbolt ARGUMENTS` in `folder` with a clean git environment and no colour.
    public static func run(
        _ arguments: [String], in folder: String, input: String = "", environment extra: [String: String] = [:]
    ) throws -> ProcessResult {
        var env = ProcessInfo.processInfo.environment
        let proxies: Set<String> = [
            "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy", "GITLAB_TOKEN",
            "GITLAB_CI", "SSL_CERT_FILE", "DEADBOLT_HISTORY_URL", "OTEL_EXPORTER_OTLP_HEADERS",
        ]
        for key in env.keys
        where key.hasPrefix("GIT_") || key.hasPrefix("GITHUB_") || key.hasPrefix("CI_")
            || key.hasPrefix("DEADBOLT_HTTP_") || proxies.contains(key)
        {
            env.removeValue(forKey: key)
        }
        env["GIT_CONFIG_GLOBAL"] = "/dev/null"
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["NO_COLOR"] = "1"
        for (key, value) in extra { env[key] = value }
        return try ProcessResult.run([path] + arguments, in: folder, environment: env, input: Array(input.utf8))
    }
}
