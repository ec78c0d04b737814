/// Which prompt files pull in which others, read lazily from one tree.
///
/// A prompt includes a file when one of the `includes:` patterns matches its text; group 1 is
/// the included path, read from the repository root, else from the including file's folder.
public final class IncludeGraph {
    let tree: any FileTree
    let patterns: [Pattern]
    let globs: [Glob]
    private var listed: [String]?
    private var contents: [String: [UInt8]] = [:]
    private var resolved: [String: [String]] = [:]

    public init(tree: any FileTree, config: Config) {
        self.tree = tree
        patterns = config.includes.compactMap { Pattern($0) }
        globs = config.prompts + config.guardrails
    }

    /// Every prompt and guardrail file of the tree: the files that may include others.
    public func files() throws(InputError) -> [String] {
        if let listed { return listed }
        var files = Set<String>()
        for glob in globs {
            let found: [String]
            do { found = try tree.files(under: glob.literalPrefix) } catch {
                throw InputError(file: glob.literalPrefix, "cannot be listed: \(error)")
            }
            for path in found where glob.matches(path) { files.insert(path) }
        }
        let sorted = files.sorted()
        listed = sorted
        return sorted
    }

    /// `path` and every file it includes, directly or not, each once (cycles end the walk).
    public func closure(of path: String) -> [String] {
        var seen: [String] = [path]
        var index = 0
        while index < seen.count {
            for included in includes(of: seen[index]) where !seen.contains(included) { seen.append(included) }
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
    public func includes(of path: String) -> [String] {
        if let cached = resolved[path] { return cached }
        let bytes = content(path)
        // A binary file includes nothing.
        if bytes.contains(0) { resolved[path] = []; return [] }
        let text = String(decoding: bytes, as: UTF8.self)
        var result: [String] = []
        for pattern in patterns {
            for written in pattern.firstGroups(in: text) {
                if let target = resolve(written, from: path), !result.contains(target) { result.append(target) }
            }
        }
        resolved[path] = result
        return result
    }

    private func resolve(_ written: String, from path: String) -> String? {
        if let fromRoot = RepoPath.normalize(written), (try? tree.exists(fromRoot)) == true { return fromRoot }
        if let fromFolder = RepoPath.join(RepoPath.folder(of: path), written), (try? tree.exists(fromFolder)) == true {
            return fromFolder
        }
        return RepoPath.normalize(written)
    }

    /// Whether the text of `path` holds `needle` at all: a cheap test before the regex.
    func mentions(_ path: String, _ needle: [UInt8]) -> Bool {
        ByteSearch.contains(needle, in: content(path))
    }

    /// Every include cycle among the prompt and guardrail files, each reported once.
    public func allCycles() throws(InputError) -> [Cycle] {
        var state: [String: Int] = [:]  // 1: on the current path, 2: done
        var path: [String] = []
        var cycles: [Cycle] = []
        func visit(_ file: String) {
            state[file] = 1
            path.append(file)
            for next in includes(of: file) {
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
                    visit(next)
                default:
                    break
                }
            }
            path.removeLast()
            state[file] = 2
        }
        for file in try files() where state[file] == nil { visit(file) }
        return cycles
    }

    /// A cycle of includes: each file includes the next, and the last includes the first.
    public struct Cycle: Sendable, Equatable {
        public var files: [String]
        public var description: String { (files + [files[0]]).joined(separator: " → ") }
    }

    /// Every file that includes one of `changed`, directly or through others, with the chain
    /// that reaches it (`[changed, includer, includer of includer, ...]`), and any cycles met.
    public func reach(from changed: [String]) throws(InputError) -> (chains: [String: [String]], cycles: [Cycle]) {
        let files = try files()
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
            let needle = Array(RepoPath.name(of: target).utf8)
            let chain = chains[target]!
            for file in files {
                guard mentions(file, needle), includes(of: file).contains(target) else { continue }
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
}
