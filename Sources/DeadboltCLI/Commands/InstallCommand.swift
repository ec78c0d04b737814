import ArgumentParser
import DeadboltCore
import DeadboltGit
import Foundation

/// `deadbolt install`: writes the pre-push and commit-msg hooks, keeping any hook already there.
struct InstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install the pre-push and commit-msg hooks (respects core.hooksPath and linked worktrees; keeps existing hooks running).")

    @Option(name: [.customShort("C"), .customLong("repo")], help: "Install into this repository instead of the current one.")
    var repo: String?

    @Flag(help: "Remove deadbolt's hooks and put back the ones they replaced.")
    var uninstall = false

    func run() async throws {
        let workspace = try Workspace(path: repo)
        let folder = try HookFolder.locate(workspace.repository)
        let installer = HookInstaller(folder: folder)
        for name in HookScripts.names {
            let said = uninstall ? try installer.uninstall(name) : try installer.install(name, script: HookScripts.script(name))
            print("\(name): \(said)")
        }
    }
}

/// Where git looks for hooks.
enum HookFolder {
    /// `core.hooksPath` when set (relative to the work tree's root), else the hooks folder of
    /// the common git directory, which every linked worktree shares.
    static func locate(_ repository: Repository) throws -> String {
        if let configured = repository.configValue("core.hooksPath"), !configured.isEmpty {
            var path = (configured as NSString).expandingTildeInPath
            if !path.hasPrefix("/") { path = (repository.workTree ?? repository.commonDirectory) + "/" + path }
            return path
        }
        return repository.commonDirectory + "/hooks"
    }
}

/// Writes, chains and removes hook scripts in one folder.
struct HookInstaller {
    let folder: String

    func chainedPath(_ name: String) -> String { folder + "/" + name + ".deadbolt-chained" }

    func isOurs(_ path: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path) else { return false }
        return String(decoding: data, as: UTF8.self).contains(HookScripts.marker)
    }

    /// Installs `script` as hook `name`; an existing foreign hook moves aside and runs first.
    func install(_ name: String, script: String) throws -> String {
        let path = folder + "/" + name
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            var said = "installed at \(path)"
            if manager.fileExists(atPath: path) && !isOurs(path) {
                guard !manager.fileExists(atPath: chainedPath(name)) else {
                    throw InputError(file: chainedPath(name), "already exists, and \(path) is not deadbolt's",
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
            throw InputError(file: path, "cannot be written: \(error.localizedDescription)", hint: "check the folder's permissions")
        }
    }

    /// Removes deadbolt's hook `name` and restores the one it replaced.
    func uninstall(_ name: String) throws -> String {
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
