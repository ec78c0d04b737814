import ArgumentParser
import DeadboltGate

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
                ? try installer.uninstall(name) : try installer.install(name, script: HookScripts.script(name))
            print("\(name): \(said)")
        }
    }
}
