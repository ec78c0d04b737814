extension DatasetCatalog {
    /// The dataset called `name`, or an error naming the nearest one (or listing them all).
    public func requireDataset(named name: String) throws(InputError) -> Dataset {
        if let dataset = try dataset(named: name) { return dataset }
        let known = try all().map(\.name)
        throw InputError(
            file: config.datasets.isEmpty ? "." : config.datasets, "no dataset named `\(name)`",
            hint: EditDistance.didYouMean(name, in: known) ?? "datasets: \(known.joined(separator: ", "))")
    }
}
