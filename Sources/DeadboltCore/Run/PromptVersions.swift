/// The prompt versions a provider is told about: each owner of a dataset and everything it
/// includes, with the id of its content (the git blob id).
public struct PromptVersions {
    let tree: any FileTree
    let graph: IncludeGraph
    private var cache: [String: String] = [:]

    public init(tree: any FileTree, config: Config) {
        self.tree = tree
        graph = IncludeGraph(tree: tree, config: config)
    }

    /// `{path: content id}` for the dataset's owners and their includes; an owner that is a
    /// folder stands for every file below it.
    public mutating func of(_ dataset: Dataset) -> [String: String] {
        var result: [String: String] = [:]
        var owners: [String] = []
        for owner in dataset.owners {
            let folder = owner.hasSuffix("/") ? String(owner.dropLast()) : owner
            if (try? tree.fileMode(folder)).flatMap({ $0 }).map({ $0 & FileMode.typeMask == FileMode.folder }) == true {
                owners += (try? tree.files(under: folder)) ?? []
            } else {
                owners.append(owner)
            }
        }
        for owner in owners {
            // A file too costly to scan was refused by selection already; its owner still counts.
            for path in (try? graph.closure(of: owner)) ?? [owner] {
                if let known = cache[path] {
                    result[path] = known
                } else if let id = (try? tree.contentID(path)) ?? nil {
                    cache[path] = id
                    result[path] = id
                }
            }
        }
        return result
    }
}
