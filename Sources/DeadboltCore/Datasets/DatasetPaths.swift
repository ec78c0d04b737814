/// Where datasets live, the one place that knows `datasets:` may be the repository root.
extension Config {
    /// The folder of dataset `name` (`evals/regression/NAME`, or `NAME` for `datasets: .`).
    public func datasetFolder(_ name: String) -> String {
        datasets.isEmpty ? name : datasets + "/" + name
    }

    /// The `cases.jsonl` of dataset `name`.
    public func casesPath(_ name: String) -> String {
        datasetFolder(name) + "/cases.jsonl"
    }

    /// The name of the dataset folder that holds `path` (`evals/regression/NAME/...`), if any.
    public func datasetName(containing path: String) -> String? {
        let root = datasets.isEmpty ? "" : datasets + "/"
        guard path.hasPrefix(root) else { return nil }
        let rest = path.dropFirst(root.count)
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        return String(rest[..<slash])
    }

    /// The datasets whose files `changes` touch, each with the path that touched it (both sides
    /// of a rename count), in the order of the changes.
    public func touchedDatasets(_ changes: [PathChange]) -> [(dataset: String, path: String)] {
        changes.filter { $0.kinds.contains(.dataset) }
            .flatMap { [$0.path, $0.oldPath].compactMap { $0 } }
            .compactMap { path in datasetName(containing: path).map { ($0, path) } }
    }
}
