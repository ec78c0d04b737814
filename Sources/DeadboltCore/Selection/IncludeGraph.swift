/// Which prompt files pull in which others, read lazily from one tree.
///
/// A prompt includes a file when one of the `includes:` patterns matches its text; group 1 is
/// the included path, read from the repository root, else from the including file's folder.
public final class IncludeGraph {
    let tree: any FileTree
    let patterns: [Pattern]
    let globs: [Glob]
    let facts: (any DerivedFacts)?
    /// The leading literal of every pattern, when each has one: text holding none of them
    /// includes nothing, without running a regex.
    let literals: [[UInt8]]?
    let patternsKey: String
    private var listed: [String]?
    private var ids: [String: String] = [:]
    private var folderIDs: [String: [String: String]?] = [:]
    private var contents: [String: [UInt8]] = [:]
    private var resolved: [String: [String]] = [:]
    private var byName: [String: [(file: String, written: String)]]?

    /// How much work reading one file's includes may take.
    let limits: Pattern.ScanLimits

    public init(
        tree: any FileTree, config: Config, facts: (any DerivedFacts)? = nil, limits: Pattern.ScanLimits = .standard
    ) {
        self.tree = tree
        self.limits = limits
        self.facts = facts
        patterns = config.includes.compactMap { Pattern($0) }
        globs = config.prompts + config.guardrails
        patternsKey = Fingerprint.of(config.includes)
        let leading = patterns.map(\.leadingLiteral)
        literals = leading.allSatisfy { !$0.isEmpty } ? leading.map { Array($0.utf8) } : nil
    }

    /// Every prompt and guardrail file of the tree: the files that may include others.
    public func files() throws(InputError) -> [String] {
        if let listed { return listed }
        var files = Set<String>()
        for glob in globs {
            let found: [(path: String, id: String?)]
            do { found = try tree.fileIDs(under: glob.literalPrefix) } catch {
                throw InputError(file: glob.literalPrefix, "cannot be listed: \(error)")
            }
            let everything = glob.coversEverythingBelowPrefix
            for (path, id) in found where everything || glob.matches(path) {
                files.insert(path)
                if let id { ids[path] = id }
            }
        }
        let sorted = files.sorted()
        listed = sorted
        return sorted
    }

    /// `path` and every file it includes, directly or not, each once (cycles end the walk).
    public func closure(of path: String) throws(InputError) -> [String] {
        var seen: [String] = [path]
        var index = 0
        while index < seen.count {
            for included in try includes(of: seen[index]) where !seen.contains(included) { seen.append(included) }
            index += 1
        }
        return seen
    }

    func content(_ path: String) -> [UInt8] {
        if let cached = contents[path] { return cached }
        let bytes = (try? tree.read(path)) ?? nil
        let result = bytes ?? []
        contents[path] = result
        return result
    }

    /// The files `path` includes, resolved to repository paths.
    public func includes(of path: String) throws(InputError) -> [String] {
        if let cached = resolved[path] { return cached }
        var result: [String] = []
        for written in try writtenIncludes(of: path) {
            if let target = resolve(written, from: path), !result.contains(target) { result.append(target) }
        }
        resolved[path] = result
        return result
    }

    /// The include paths as written in `path`, from the remembered facts when its content id
    /// is known there, else from its text (and then remembered).
    func writtenIncludes(of path: String) throws(InputError) -> [String] {
        let id = contentID(path)
        let key = id.map { "inc:\(patternsKey):\($0)" }
        if let key, let known = facts?.facts(for: key) { return known }
        let bytes = content(path)
        var written: [String] = []
        // A binary file includes nothing; nor does text holding no pattern's leading literal.
        if !bytes.contains(0), literals.map({ $0.contains { ByteSearch.contains($0, in: bytes) } }) ?? true {
            for pattern in patterns {
                let groups: [String]
                do { groups = try pattern.firstGroups(in: bytes, limits: limits) } catch {
                    throw InputError(
                        file: path, "is too costly to scan for includes with `\(pattern.source)`: it \(error.reason)",
                        hint: error.hint)
                }
                for found in groups where !written.contains(found) { written.append(found) }
            }
        }
        if let key { facts?.remember(written, for: key) }
        return written
    }

    /// The content id of `path`, read from its folder's entries (no file read).
    func contentID(_ path: String) -> String? {
        if let known = ids[path] { return known }
        let folder = RepoPath.folder(of: path)
        if folderIDs[folder] == nil { folderIDs[folder] = .some((try? tree.entryIDs(in: folder)) ?? nil) }
        return folderIDs[folder]??[RepoPath.name(of: path)]
    }

    private var resolutions: [String: String?] = [:]

    private func resolve(_ written: String, from path: String) -> String? {
        let key = RepoPath.folder(of: path) + "\u{0}" + written
        if let known = resolutions[key] { return known }
        let target = resolveUncached(written, from: path)
        resolutions[key] = .some(target)
        return target
    }

    private func resolveUncached(_ written: String, from path: String) -> String? {
        Self.existing(written, from: path, in: tree) ?? RepoPath.normalize(written)
    }

    /// What an include written as `written` in the file `path` names: the path from the
    /// repository root when something is there, else from the including file's folder when
    /// something is there; nil when neither exists.
    public static func existing(_ written: String, from path: String, in tree: any FileTree) -> String? {
        if let fromRoot = RepoPath.normalize(written), (try? tree.exists(fromRoot)) == true { return fromRoot }
        if let fromFolder = RepoPath.join(RepoPath.folder(of: path), written), (try? tree.exists(fromFolder)) == true {
            return fromFolder
        }
        return nil
    }

    /// Every include cycle among the prompt and guardrail files, each reported once.
    public func allCycles() throws(InputError) -> [Cycle] {
        var state: [String: Int] = [:] // 1: on the current path, 2: done
        var path: [String] = []
        var cycles: [Cycle] = []
        func visit(_ file: String) throws(InputError) {
            state[file] = 1
            path.append(file)
            for next in try includes(of: file) {
                switch state[next] {
                case 1:
                    let start = path.firstIndex(of: next)!
                    var members = Array(path[start...])
                    // Start each cycle at its smallest member so the same cycle reads the same way.
                    let smallest = members.indices.min { members[$0] < members[$1] }!
                    members = Array(members[smallest...] + members[..<smallest])
                    let cycle = Cycle(files: members)
                    if !cycles.contains(cycle) { cycles.append(cycle) }
                case nil:
                    try visit(next)
                default:
                    break
                }
            }
            path.removeLast()
            state[file] = 2
        }
        for file in try files() where state[file] == nil { try visit(file) }
        return cycles
    }

    /// A cycle of includes: each file includes the next, and the last includes the first.
    public struct Cycle: Sendable, Equatable {
        public var files: [String]
        public init(files: [String]) { self.files = files }
        public var description: String { (files + [files[0]]).joined(separator: " → ") }
    }

    /// Every file that includes one of `changed`, directly or through others, with the chain
    /// that reaches it (`[changed, includer, includer of includer, ...]`), and any cycles met.
    public func reach(from changed: [String]) throws(InputError) -> (chains: [String: [String]], cycles: [Cycle]) {
        var chains: [String: [String]] = [:]
        var queue: [String] = []
        for path in changed where chains[path] == nil {
            chains[path] = [path]
            queue.append(path)
        }
        var cycles: [Cycle] = []
        var head = 0
        while head < queue.count {
            let target = queue[head]
            head += 1
            let chain = chains[target]!
            for file in try includers(of: target) {
                if let at = chain.firstIndex(of: file) {
                    let cycle = Cycle(files: Array(chain[at...]))
                    if !cycles.contains(cycle) { cycles.append(cycle) }
                } else if chains[file] == nil {
                    chains[file] = chain + [file]
                    queue.append(file)
                }
            }
        }
        return (chains, cycles)
    }

    /// The files that include `target`.
    ///
    /// Only the includes whose written path ends in the target's file name are resolved, so a
    /// change to one partial resolves a handful of paths, not every include of the tree.
    func includers(of target: String) throws(InputError) -> [String] {
        let byName = try writtenByName()
        var result: [String] = []
        for (file, written) in byName[RepoPath.name(of: target)] ?? [] where !result.contains(file) {
            if resolve(written, from: file) == target { result.append(file) }
        }
        return result
    }

    /// Every written include of every file, grouped by the file name it ends in.
    func writtenByName() throws(InputError) -> [String: [(file: String, written: String)]] {
        if let byName { return byName }
        var result: [String: [(file: String, written: String)]] = [:]
        for file in try files() {
            for written in try writtenIncludes(of: file) {
                result[RepoPath.name(of: written), default: []].append((file, written))
            }
        }
        byName = result
        return result
    }
}
