import Foundation

/// A real git repository in a temporary folder, with a fixed identity and fixed dates, so that
/// every commit id a test sees is the same on every run.
public final class GitFixture: @unchecked Sendable {
    /// The work tree's absolute path.
    public let root: String
    private var tick = 0
    /// Variables added to every git command's environment (DEADBOLT_BIN for hooks, say).
    public var extraEnvironment: [String: String] = [:]
    /// Fixtures that must live as long as this one (its remote, say).
    public var companions: [GitFixture] = []

    public init(bare: Bool = false, initialBranch: String = "main") throws {
        root = try TemporaryFolder.make(prefix: "deadbolt-fixture")
        try git(bare ? ["init", "-q", "--bare", "-b", initialBranch] : ["init", "-q", "-b", initialBranch])
        // The identity in the repository's own config too: libgit2 reads config, not git's
        // GIT_AUTHOR_* variables.
        try git(["config", "user.name", "Ana Tester"])
        try git(["config", "user.email", "ana@example.com"])
    }

    /// Wraps an existing folder (a clone made by another fixture's `git`).
    public init(existing path: String) {
        root = path
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// The environment every git command runs with: no user or system configuration, fixed
    /// identity, and a date that advances one minute per commit.
    public func environment() -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        for key in env.keys where key.hasPrefix("GIT_") { env.removeValue(forKey: key) }
        let date = "2026-11-21T10:\(String(format: "%02d", tick % 60)):00Z"
        env["GIT_CONFIG_GLOBAL"] = "/dev/null"
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["GIT_AUTHOR_NAME"] = "Ana Tester"
        env["GIT_AUTHOR_EMAIL"] = "ana@example.com"
        env["GIT_COMMITTER_NAME"] = "Ana Tester"
        env["GIT_COMMITTER_EMAIL"] = "ana@example.com"
        env["GIT_AUTHOR_DATE"] = date
        env["GIT_COMMITTER_DATE"] = date
        env["NO_COLOR"] = "1"
        for (key, value) in extraEnvironment { env[key] = value }
        return env
    }

    /// Runs git in the fixture and returns its trimmed standard output; throws on failure.
    @discardableResult
    public func git(_ arguments: [String], in folder: String? = nil) throws -> String {
        let result = try gitResult(arguments, in: folder)
        guard result.status == 0 else {
            throw FixtureError("git \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.stderr)")
        }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs git and returns how it ended, failure included (a push a hook refused).
    public func gitResult(_ arguments: [String], in folder: String? = nil) throws -> ProcessResult {
        try ProcessResult.run(["git"] + arguments, in: folder ?? root, environment: environment())
    }

    /// Writes `content` at `path`, creating folders.
    public func write(_ path: String, _ content: String) throws {
        try write(path, bytes: Array(content.utf8))
    }

    public func write(_ path: String, bytes: [UInt8]) throws {
        let url = URL(fileURLWithPath: root).appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    public func remove(_ path: String) throws {
        try FileManager.default.removeItem(atPath: root + "/" + path)
    }

    public func read(_ path: String) throws -> String {
        try String(contentsOfFile: root + "/" + path, encoding: .utf8)
    }

    /// Stages everything and commits; returns the new commit's id.
    @discardableResult
    public func commit(_ message: String, all: Bool = true) throws -> String {
        tick += 1
        if all { try git(["add", "-A"]) }
        try git(["commit", "-q", "--allow-empty", "-m", message])
        return try git(["rev-parse", "HEAD"])
    }

    /// The commit `revision` names.
    public func sha(_ revision: String) throws -> String {
        try git(["rev-parse", revision])
    }
}

/// A failure while building a fixture (not a failure of the code under test).
public struct FixtureError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Temporary folders that tests clean up.
public enum TemporaryFolder {
    public static func make(prefix: String) throws -> String {
        let base = FileManager.default.temporaryDirectory.path
        let path = base + "/\(prefix)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        // Resolve symlinks (/tmp may be one) so paths compare equal to what git reports.
        return URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }
}
