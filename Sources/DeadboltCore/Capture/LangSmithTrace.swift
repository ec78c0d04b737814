/// LangSmith run exports: a run with its `child_runs` (as the SDK's `read_run(load_child_runs=True)`
/// returns it), a list of runs linked by `parent_run_id`, or what the SDK posts to `/runs/batch`
/// (`{"post": [runs], "patch": [updates]}`, each update merged into the run of its id).
///
/// A run is `{"id", "trace_id", "parent_run_id", "name", "run_type", "inputs", "outputs",
/// "extra": {"metadata": {...}, "invocation_params": {...}}, "child_runs": [...]}`. Runs of type
/// `llm` are the candidate calls; without any, the root run is read.
enum LangSmithTrace {
    struct Run {
        var fields: [String: JSONValue]
        var parent: Int?
    }

    static func matches(_ document: JSONValue) -> Bool {
        switch document {
        case .object(let fields):
            if let posted = fields["post"]?.arrayValue { return posted.first?["run_type"]?.stringValue != nil }
            return fields["run_type"]?.stringValue != nil
        case .array(let items):
            return items.first?["run_type"]?.stringValue != nil
        default:
            return false
        }
    }

    static func read(_ document: JSONValue, path: String, spanID: String?, counting: Bool = false)
        throws(InputError) -> TraceRecord
    {
        let runs = collect(batch(document))
        let units = runs.map { run in
            TraceUnit(
                id: TraceValues.scalarText(run.fields["id"]),
                label: [run.fields["run_type"]?.stringValue, run.fields["name"]?.stringValue].compactMap { $0 }.joined(
                    separator: " "))
        }
        let candidates = runs.indices.filter { runs[$0].fields["run_type"]?.stringValue == "llm" }
        let index =
            try TraceCallChoice.choose(
                units, candidates: candidates, spanID: spanID, path: path, unitName: "run", callName: "LLM run",
                counting: counting)
            ?? runs.firstIndex { $0.parent == nil } ?? 0
        let run = runs[index].fields

        var lineage: [Int] = [index]
        while let parent = runs[lineage[lineage.count - 1]].parent, !lineage.contains(parent) { lineage.append(parent) }
        var tags: [String: String] = [:]
        var lineageMetadata: [String: JSONValue] = [:]
        for ancestor in lineage.reversed() {
            let metadata = runs[ancestor].fields["extra"]?["metadata"]?.objectValue
            TraceTags.merge(metadata, into: &tags)
            lineageMetadata.merge(metadata ?? [:]) { _, nearer in nearer }
        }
        // In `prompt | llm`, the prompt template runs just before the model, as its sibling, and
        // a LangChain hub prompt carries its origin in that run's metadata.
        if let prompt = runs.indices.last(where: {
            $0 < index && runs[$0].parent == runs[index].parent
                && runs[$0].fields["run_type"]?.stringValue == "prompt"
        }),
            let metadata = runs[prompt].fields["extra"]?["metadata"]?.objectValue
        {
            lineageMetadata.merge(metadata) { own, _ in own }
        }
        let rootID = lineage.last.flatMap { TraceValues.scalarText(runs[$0].fields["id"]) }

        guard let input = TraceInput.normalized(inputs(run["inputs"])) ?? (counting ? .object([:]) : nil) else {
            throw TraceReader.noInput(
                path: path, what: "run \(units[index].id ?? "") (\(units[index].label))",
                hint:
                    "LangSmith recorded no inputs for it; "
                    + "check that inputs are not hidden (LANGSMITH_HIDE_INPUTS) and export again"
            )
        }
        let metadata = run["extra"]?["metadata"]
        let invocation = run["extra"]?["invocation_params"]
        let asked =
            TraceValues.string(metadata?["ls_model_name"])
            ?? TraceValues.string(invocation?["model"]) ?? TraceValues.string(invocation?["model_name"])
            ?? TraceValues.string(run["inputs"]?["model"])
        // The response names the snapshot that answered (`outputs.model` of an OpenAI response,
        // LangChain's `response_metadata.model_name`).
        let answered =
            TraceValues.string(run["outputs"]?["model"])
            ?? TraceValues.string(
                run["outputs"]?["generations"].map(ChatMessages.flattened)?.first?["message"]?[
                    "kwargs"]?["response_metadata"]?["model_name"])
        var record = TraceRecord(
            format: "langsmith",
            traceID: TraceValues.scalarText(run["trace_id"]) ?? rootID,
            spanID: units[index].id,
            input: input,
            output: TraceOutput.text(run["outputs"]),
            model: answered ?? asked,
            requestModel: asked,
            // LangChain hub prompts record where they came from as `lc_hub_repo` and `lc_hub_commit_hash`.
            promptName: TraceValues.scalarText(lineageMetadata["prompt_name"])
                ?? TraceValues.scalarText(lineageMetadata["lc_hub_repo"]),
            promptVersion: TraceValues.scalarText(lineageMetadata["prompt_version"])
                ?? TraceValues.scalarText(lineageMetadata["lc_hub_commit_hash"]),
            systemInstructions: ChatMessages.systemText(TraceInput.messages(input)),
            time: TraceValues.string(run["start_time"]),
            metadata: tags)
        record.failed = lineage.contains { TraceValues.scalarText(runs[$0].fields["error"]) != nil }
        return record
    }

    /// The runs of a `/runs/batch` body, each `patch` (the end of a run: its outputs, end time,
    /// extra) merged into the `post` of the same id; any other document as it is.
    static func batch(_ document: JSONValue) -> JSONValue {
        guard case .array(let posted)? = document["post"] else { return document }
        var runs = posted.compactMap(\.objectValue)
        var indexByID: [String: Int] = [:]
        for (index, run) in runs.enumerated() {
            if let id = TraceValues.scalarText(run["id"]) { indexByID[id] = indexByID[id] ?? index }
        }
        for update in document["patch"]?.arrayValue?.compactMap(\.objectValue) ?? [] {
            guard let id = TraceValues.scalarText(update["id"]) else { continue }
            guard let index = indexByID[id] else {
                runs.append(update)
                continue
            }
            runs[index].merge(update) { _, patched in patched }
        }
        return .array(runs.map(JSONValue.object))
    }

    /// A run's inputs; a completion model's `{"prompts": ["..."]}` gains the prompt as `question`.
    static func inputs(_ value: JSONValue?) -> JSONValue? {
        guard case .object(var fields)? = value, fields["messages"] == nil, fields["question"] == nil,
            case .array(let prompts)? = fields["prompts"], let prompt = prompts.last?.stringValue
        else { return value }
        fields["question"] = .string(prompt)
        return .object(fields)
    }

    /// Every run, parents before children, each with the index of its parent.
    static func collect(_ document: JSONValue) -> [Run] {
        var runs: [Run] = []
        func visit(_ value: JSONValue, parent: Int?) {
            guard case .object(let fields) = value else { return }
            runs.append(Run(fields: fields, parent: parent))
            let index = runs.count - 1
            for child in fields["child_runs"]?.arrayValue ?? [] { visit(child, parent: index) }
        }
        switch document {
        case .array(let items):
            for item in items { visit(item, parent: nil) }
            // A flat list links runs by `parent_run_id`.
            let indexByID = Dictionary(
                runs.indices.compactMap { index in TraceValues.scalarText(runs[index].fields["id"]).map { ($0, index) }
                },
                uniquingKeysWith: { first, _ in first })
            for index in runs.indices where runs[index].parent == nil {
                if let parentID = TraceValues.scalarText(runs[index].fields["parent_run_id"]),
                    let parent = indexByID[parentID], parent != index
                {
                    runs[index].parent = parent
                }
            }
        default:
            visit(document, parent: nil)
        }
        return runs
    }
}
