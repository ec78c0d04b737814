import ArgumentParser
import DeadboltGate
import Foundation

/// `deadbolt install`: writes the pre-push and commit-msg hooks, keeping any hook already there.
struct InstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract:
            "Install the pre-push and commit-msg hooks "
            + "(respects core.hooksPath and linked worktrees; keeps existing hooks running)."
    )

    @Option(
        name: [.customShort("C"), .customLong("repo")], help: "Install into this repository instead of the current one."
    )
    var repo: String?

    @Flag(help: "Remove deadbolt's hooks and put back the ones they replaced.")
    var uninstall = false

    func run() async throws {
        let installer = HookInstaller(repository: try Workspace(path: repo).repository)
        for name in HookScripts.names {
            let said =
                uninstall
                ? try installer.uninstall(name)
                : try installer.install(name, script: HookScripts.script(name, binary: Self.ownPath()))
            print("\(name): \(said)")
        }
    }

    /// The absolute path of this deadbolt, for the hooks to remember: the kernel's own link to the
    /// running binary, else the path it was started by when that is absolute.
    static func ownPath() -> String? {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
            path.hasPrefix("/"), !path.hasSuffix(" (deleted)")
        {
            return path
        }
        let started = CommandLine.arguments.first ?? ""
        return started.hasPrefix("/") ? started : nil
    }
}
