import DeadboltCore

/// Patterns from `deadbolt.yml` against what they are matched with: a glob and a path, an include
/// pattern and a prompt.
enum PatternTargets {
    static let glob = FuzzTarget("glob", "a glob (first line) against a path (the rest)") { bytes in
        let (pattern, path) = FuzzInput.firstLine(bytes)
        let glob = Glob(pattern)
        _ = glob.matches(path)
        _ = glob.literalPrefix
        _ = glob.coversEverythingBelowPrefix
    }

    static let include = FuzzTarget("include", "an include pattern (first line) over a prompt (the rest)") { bytes in
        let (pattern, prompt) = FuzzInput.firstLine(bytes)
        // The pattern as `deadbolt.yml` would hold it: the config refuses what the scan must never see.
        let yaml = "version: 1\nincludes: ['\(pattern.replacingOccurrences(of: "'", with: "''"))']\n"
        guard let config = try? ConfigParser.parse(yaml) else { return }
        let tree = OneFileTree(path: "prompts/fuzz.md", bytes: Array(prompt.utf8))
        let graph = IncludeGraph(tree: tree, config: config)
        _ = try? graph.includes(of: "prompts/fuzz.md")
        _ = try? graph.allCycles()
    }
}
