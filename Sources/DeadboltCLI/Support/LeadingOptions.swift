import ArgumentParser

/// `deadbolt -C DIR lint` as well as `deadbolt lint -C DIR`: git's habit of naming the repository
/// before the subcommand. The leading `-C DIR` (or `--repo DIR`, `--repo=DIR`) moves to just after
/// the subcommand's name, where each subcommand declares it.
enum LeadingOptions {
    static func moved(_ arguments: [String]) -> [String] {
        var rest = arguments[...]
        var moved: [String] = []
        while let first = rest.first {
            if first == "-C" || first == "--repo", rest.count >= 2 {
                moved += ["-C", rest[rest.startIndex + 1]]
                rest = rest.dropFirst(2)
            } else if first.hasPrefix("--repo="), first.count > 7 {
                moved += ["-C", String(first.dropFirst(7))]
                rest = rest.dropFirst()
            } else {
                break
            }
        }
        guard !moved.isEmpty else { return arguments }
        // The subcommand path: each word that names a subcommand of the one before.
        var command: any ParsableCommand.Type = Deadbolt.self
        var path: [String] = []
        while let word = rest.first,
            let sub = command.configuration.subcommands.first(where: { $0.configuration.commandName == word })
        {
            path.append(word)
            command = sub
            rest = rest.dropFirst()
        }
        return path + moved + Array(rest)
    }
}
