/// The datasets of one tree: every folder under `datasets:` that holds a `dataset.yml`.
///
/// Finding them reads each `dataset.yml` but no `cases.jsonl`: cases are read only for the
/// datasets a gate selects.
public struct DatasetCatalog {
    public let tree: any FileTree
    public let config: Config
    /// The datasets, sorted by name.
    public let datasets: [Dataset]

    public init(tree: any FileTree, config: Config) throws(InputError) {
        self.tree = tree
        self.config = config
        let root = config.datasets
        let names: [String]
        do { names = try tree.folders(in: root) ?? [] } catch {
            throw InputError(file: root, "cannot be listed: \(error)")
        }
        var found: [Dataset] = []
        for name in names.sorted() {
            let folder = root.isEmpty ? name : root + "/" + name
            let bytes: [UInt8]?
            do { bytes = try tree.read(folder + "/dataset.yml") } catch {
                throw InputError(file: folder + "/dataset.yml", "cannot be read: \(error)")
            }
            guard let bytes else { continue }
            found.append(try DatasetParser.parse(String(decoding: bytes, as: UTF8.self), name: name, folder: folder))
        }
        datasets = found
    }

    /// The dataset named `name`.
    public func dataset(named name: String) -> Dataset? {
        datasets.first { $0.name == name }
    }

    /// The dataset whose folder holds `path`, if any.
    public func dataset(containing path: String) -> Dataset? {
        datasets.first { RepoPath.isInside(path, folder: $0.folder) }
    }

    /// The cases of `dataset`; a dataset folder without `cases.jsonl` is an error.
    public func cases(of dataset: Dataset) throws(InputError) -> [RegressionCase] {
        let bytes: [UInt8]?
        do { bytes = try tree.read(dataset.casesPath) } catch {
            throw InputError(file: dataset.casesPath, "cannot be read: \(error)")
        }
        guard let bytes else {
            throw InputError(file: dataset.casesPath, "does not exist; dataset `\(dataset.name)` has a dataset.yml but no cases",
                             hint: "add cases.jsonl with one case a line, or remove the folder")
        }
        return try CaseParser.parse(bytes, path: dataset.casesPath)
    }
}
