/// One regression set: `dataset.yml` read, its cases not yet read.
public struct Dataset: Sendable, Equatable {
    /// The folder name, which is the dataset's name.
    public var name: String
    /// The folder from the repository root.
    public var folder: String
    public var description: String?
    /// The prompts and guardrails whose behaviour this dataset protects.
    public var owners: [String]
    /// The line of each owner in `dataset.yml`, parallel to `owners`.
    public var ownerLines: [Int?]
    /// The default tier of its cases.
    public var tier: Tier
    /// The default assertions of its cases, as written.
    public var assertions: [JSONValue]
    /// The line of each assertion in `dataset.yml`, parallel to `assertions`.
    public var assertionLines: [Int?] = []
    /// What `capture` keeps of a trace's input.
    public var inputFields: [String]
    public var version: Int

    public init(
        name: String, folder: String, description: String? = nil, owners: [String], ownerLines: [Int?] = [],
        tier: Tier = .smoke, assertions: [JSONValue] = [], inputFields: [String] = [], version: Int = 1
    ) {
        self.name = name
        self.folder = folder
        self.description = description
        self.owners = owners
        self.ownerLines = ownerLines.count == owners.count ? ownerLines : owners.map { _ in nil }
        self.tier = tier
        self.assertions = assertions
        self.inputFields = inputFields
        self.version = version
    }

    /// `folder/dataset.yml`.
    public var definitionPath: String { folder + "/dataset.yml" }
    /// `folder/cases.jsonl`.
    public var casesPath: String { folder + "/cases.jsonl" }
}

/// Reads `dataset.yml`.
public enum DatasetParser {
    static let keys = ["description", "owners", "tier", "assert", "input_fields", "version"]

    public static func parse(_ text: String, name: String, folder: String) throws(InputError) -> Dataset {
        let path = folder + "/dataset.yml"
        let file = try YAMLFile(path: path, text: text)
        guard let root = file.root, !file.isNull(root) else {
            throw InputError(
                file: path, line: 1, "is empty; a dataset needs at least `owners:`",
                hint: "list the prompts this dataset protects, e.g. owners: [prompts/refund.md]")
        }
        var dataset = Dataset(name: name, folder: folder, owners: [])
        var sawOwners = false
        for (key, _, value) in try file.mapping(root, known: keys, what: path) {
            switch key {
            case "description": dataset.description = try file.string(value, key)
            case "owners":
                // `prompts/refund/` and `./prompts/refund` name the folder prompts/refund.
                dataset.owners = try file.strings(value, key).map { RepoPath.normalize($0) ?? $0 }
                let items = value.array()
                dataset.ownerLines =
                    items.count == dataset.owners.count
                    ? items.map { $0.mark?.line } : dataset.owners.map { _ in value.mark?.line }
                sawOwners = true
            case "tier":
                dataset.tier = try Tier.parse(
                    try file.string(value, key), file: path, line: value.mark?.line, column: value.mark?.column)
            case "assert":
                guard case .sequence(let items) = value else {
                    throw file.error(
                        "`assert` must be a list of assertions "
                            + "such as {type: icontains, value: \"{{expected_output}}\"}",
                        at: value)
                }
                dataset.assertions = items.map { file.json($0) }
                dataset.assertionLines = items.map { $0.mark?.line }
            case "input_fields": dataset.inputFields = try file.strings(value, key)
            case "version": dataset.version = try file.int(value, key)
            default: break
            }
        }
        guard sawOwners, !dataset.owners.isEmpty else {
            throw InputError(
                file: path, line: root.mark?.line,
                "has no `owners`; every dataset names the prompts or guardrails it protects",
                hint: "add owners: [prompts/NAME.md]")
        }
        return dataset
    }
}
