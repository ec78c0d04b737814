import DeadboltCore
import DeadboltGit
import Foundation

/// Writes, chains and removes deadbolt's hook scripts in the folder git runs hooks from.
public struct HookInstaller {
    /// The hooks folder.
    public let folder: String

    public init(folder: String) { self.folder = folder }

    /// The folder git looks for hooks in: `core.hooksPath` when set (relative to the work tree's
    /// root), else the hooks folder of the common git directory, which every linked worktree shares.
    public init(repository: Repository) {
        if let configured = repository.configValue("core.hooksPath"), !configured.isEmpty {
            var path = (configured as NSString).expandingTildeInPath
            if !path.hasPrefix("/") { path = (repository.workTree ?? repository.commonDirectory) + "/" + path }
            folder = path
        } else {
            folder = repository.commonDirectory + "/hooks"
        }
    }

    /// Where a hook that was there before deadbolt's moves, to run first.
    public func chainedPath(_ name: String) -> String { folder + "/" + name + ".deadbolt-chained" }

    func isOurs(_ path: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path) else { return false }
        return String(decoding: data, as: UTF8.self).contains(HookScripts.marker)
    }

    /// Installs `script` as hook `name`; an existing foreign hook moves aside and runs first.
    /// Returns what it did, as a person reads it.
    public func install(_ name: String, script: String) throws -> String {
        let path = folder + "/" + name
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            var said = "installed at \(path)"
            if manager.fileExists(atPath: path) && !isOurs(path) {
                guard !manager.fileExists(atPath: chainedPath(name)) else {
                    throw InputError(
                        file: chainedPath(name), "already exists, and \(path) is not deadbolt's",
                        hint: "move one of them away, then run deadbolt install again")
                }
                try manager.moveItem(atPath: path, toPath: chainedPath(name))
                said += "; the existing hook runs first, from \(chainedPath(name))"
            } else if isOurs(path) {
                said = "already installed at \(path) (updated)"
            }
            try Data(script.utf8).write(to: URL(fileURLWithPath: path))
            try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
            return said
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(
                file: path, "cannot be written: \(error.localizedDescription)", hint: "check the folder's permissions")
        }
    }

    /// Removes deadbolt's hook `name` and restores the one it replaced.
    public func uninstall(_ name: String) throws -> String {
        let path = folder + "/" + name
        let manager = FileManager.default
        guard isOurs(path) else { return "not installed" }
        do {
            try manager.removeItem(atPath: path)
            if manager.fileExists(atPath: chainedPath(name)) {
                try manager.moveItem(atPath: chainedPath(name), toPath: path)
                return "removed; the previous hook is back at \(path)"
            }
            return "removed"
        } catch {
            throw InputError(file: path, "cannot be removed: \(error.localizedDescription)")
        }
    }
}
