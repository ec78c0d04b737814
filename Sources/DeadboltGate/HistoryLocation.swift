import DeadboltCore
import DeadboltHistory
import Foundation

extension Workspace {
    /// The SQLite file a location names: the default, `deadbolt/history.sqlite` in the common git
    /// directory (every worktree shares it); `.git/...` there too; a relative path from the work
    /// tree's root. Nil for other stores.
    public func historyFile(_ location: HistoryConfig.Location) -> String? {
        guard case .sqlite(let path) = location else { return nil }
        let common = repository.commonDirectory
        guard let path else { return common + "/deadbolt/history.sqlite" }
        if path.hasPrefix("/") { return path }
        if path.hasPrefix(".git/") { return common + "/" + path.dropFirst(".git/".count) }
        return (repository.workTree ?? common) + "/" + path
    }

    /// The store `deadbolt history` and `deadbolt tiers` read, with its name for messages; nil
    /// (and the name) when nothing was recorded yet. `history: off` is an input error: there is
    /// nothing to read.
    public func openHistory(_ config: Config, environment: [String: String]) async throws -> (
        store: (any HistoryStore)?, name: String
    ) {
        let location = try config.history.resolved(environment: environment)
        switch location {
        case .off:
            throw InputError(
                file: config.source, line: config.history.line,
                "history is off, so there is nothing to read",
                hint: "set history: {url: ...} in deadbolt.yml or \(HistoryConfig.environmentVariable)")
        case .sqlite:
            let file = historyFile(location) ?? ""
            guard FileManager.default.fileExists(atPath: file) else { return (nil, "sqlite:\(file)") }
            return (
                try await HistoryStores.open(location, sqlitePath: file, environment: environment), "sqlite:\(file)"
            )
        case .postgres(let url):
            return (
                try await HistoryStores.open(location, sqlitePath: nil, environment: environment),
                SecretText.withoutPassword(url)
            )
        }
    }
}
