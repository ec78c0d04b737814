/// One case ready to run: its dataset, its assertions parsed, its provider request encoded.
public struct PlannedCase: Sendable {
    public var dataset: Dataset
    public var regressionCase: RegressionCase
    public var assertions: [Assertion]
    /// The bytes written to the provider's standard input.
    public var request: [UInt8]
    /// The chat messages the case sends, as rendered from its dataset's prompt (never empty for a
    /// planned case: without a prompt, the case's input is the one user message).
    public var messages: [ChatMessage]
    /// The blob id of each prompt the case depends on, by path.
    public var prompts: [String: String]

    public init(
        dataset: Dataset, regressionCase: RegressionCase, assertions: [Assertion], request: [UInt8],
        messages: [ChatMessage] = [], prompts: [String: String] = [:]
    ) {
        self.dataset = dataset
        self.regressionCase = regressionCase
        self.assertions = assertions
        self.request = request
        self.messages = messages
        self.prompts = prompts
    }
}

/// Turns selected cases into planned ones, refusing any assertion that cannot be read before
/// anything runs.
public enum RunPlanner {
    /// What a case asserts when neither it nor its dataset says: its expected output appears.
    public static let defaultAssertion: JSONValue = .object([
        "type": .string("icontains"), "value": .string("{{expected_output}}"),
    ])

    /// The planned cases of `datasets`, in order, their messages rendered from `tree` (the
    /// revision or work tree the run is about) and their prompt versions read there.
    public static func plan(
        _ datasets: [(dataset: Dataset, cases: [RegressionCase])], tree: any FileTree, config: Config,
        revision: String?
    ) throws(InputError) -> [PlannedCase] {
        var versions = PromptVersions(tree: tree, config: config)
        return try plan(
            datasets, prompts: { versions.of($0) }, renderer: PromptRenderer(tree: tree, config: config),
            revision: revision)
    }

    /// The planned cases of `datasets`, in order.
    ///
    /// - Parameters:
    ///   - prompts: the blob ids of the prompts each dataset owns, for the provider request.
    ///   - renderer: renders each case's messages; the default has no files, so it renders only
    ///     datasets without `prompt:` or `messages:`.
    ///   - revision: the commit the run is about, nil outside git.
    public static func plan(
        _ datasets: [(dataset: Dataset, cases: [RegressionCase])],
        prompts: (Dataset) -> [String: String],
        renderer: PromptRenderer = PromptRenderer(),
        revision: String?
    ) throws(InputError) -> [PlannedCase] {
        var planned: [PlannedCase] = []
        for (dataset, cases) in datasets {
            let datasetAssertions = try parse(
                dataset.assertions, file: dataset.definitionPath, lines: dataset.assertionLines,
                owner: "dataset `\(dataset.name)`")
            let promptIDs = prompts(dataset)
            for regressionCase in cases {
                let assertions: [Assertion]
                if let own = regressionCase.assertions {
                    assertions = try parse(
                        own, file: regressionCase.source(in: dataset), line: regressionCase.line,
                        owner: "case `\(regressionCase.id)`")
                } else if !datasetAssertions.isEmpty {
                    assertions = datasetAssertions
                } else {
                    assertions = try parse(
                        [defaultAssertion], file: regressionCase.source(in: dataset), line: regressionCase.line,
                        owner: "case `\(regressionCase.id)`")
                }
                if assertions.isEmpty {
                    throw InputError(
                        file: dataset.casesPath, line: regressionCase.line,
                        "case `\(regressionCase.id)` has an empty `assert` list, so it could never fail",
                        hint: "add at least one assertion, or remove `assert` to use the dataset's")
                }
                let rendered = try renderer.render(dataset, regressionCase)
                let casePrompts = promptIDs.merging(rendered.files) { owned, _ in owned }
                let request = ProviderRequest.encode(
                    case: regressionCase, dataset: dataset, prompts: casePrompts, messages: rendered.messages,
                    revision: revision)
                planned.append(
                    PlannedCase(
                        dataset: dataset, regressionCase: regressionCase, assertions: assertions, request: request,
                        messages: rendered.messages, prompts: casePrompts))
            }
        }
        return planned
    }

    static func parse(_ specs: [JSONValue], file: String, line: Int?, owner: String) throws(InputError) -> [Assertion] {
        try parse(specs, file: file, lines: specs.map { _ in line }, owner: owner)
    }

    /// Parses `specs`, an error naming the line of the spec at fault (`lines` parallel to `specs`).
    static func parse(_ specs: [JSONValue], file: String, lines: [Int?], owner: String) throws(InputError)
        -> [Assertion]
    {
        var result: [Assertion] = []
        for (index, spec) in specs.enumerated() {
            do {
                result.append(try Assertion.parse(spec))
            } catch {
                throw InputError(
                    file: file, line: lines.indices.contains(index) ? lines[index] : nil,
                    "\(owner): assertion \(index + 1): \(error.message)",
                    hint:
                        "assertions are promptfoo's: equals, contains, icontains, contains-all, contains-any, "
                        + "starts-with, regex, is-json, contains-json, json-schema, levenshtein, latency, exec, "
                        + "and not- before any"
                )
            }
        }
        return result
    }
}
