/// OTLP exports read in two passes, so that memory is bounded by one export request and the
/// traces wanted, not by the file: the first pass notes which spans carry a call's messages and
/// which traces the filters take, the second keeps the spans and log records of those traces only.
enum OTLPStream {
    /// A span (or the log records of one) by its ids.
    struct SpanRef: Hashable {
        var traceID: String
        var spanID: String
    }

    /// What the first pass learns: counts, a few examples, and the traces wanted, never every id.
    struct Sketch {
        var spanCount = 0
        /// Spans, or span ids of log records, that carry a call's input: how many, and the first ten.
        var candidateCount = 0
        var firstCandidates: [SpanRef] = []
        var candidateHashes: Set<UInt64> = []
        /// The first few spans that are model calls, with messages or not (for the hint).
        var modelCalls: [SpanRef] = []
        /// The trace of the span `--span` names, once seen.
        var requestedTrace: String?
        /// Per trace, the filters some span of it satisfies; and the traces all of them hold, in order.
        var matched: [String: UInt64] = [:]
        var matchedOrder: [String] = []
        /// Tag names seen, for telling a misspelt filter key.
        var tagsSeen: Set<String> = []
        /// Hashes of every trace id seen, for counting them.
        var traceHashes: Set<UInt64> = []
        /// With `collectCallTraces`: traces with a candidate or a model call, in the order of their first.
        var callTraces: [String] = []
        var callTraceSet: Set<String> = []
        /// The file each matched or call trace was first seen in.
        var paths: [String: String] = [:]
    }

    /// How many lines are parsed whole before the filters' values are looked for first.
    static let sampledLines = 20

    /// Pass one. `other` gets every document that is not OTLP. With filters and nothing else to
    /// learn (no `spanID`, no `collectCallTraces`), a JSON Lines line that holds none of the
    /// filters' values is not parsed: its trace ids are counted from its bytes.
    static func sketch(
        _ sources: [any TraceSource], spanID: String?, filters: [TraceFilter], collectCallTraces: Bool = false,
        other: (TraceDocuments.Document) throws(InputError) -> Void
    ) throws(InputError) -> Sketch {
        var sketch = Sketch()
        let all: UInt64 = filters.isEmpty ? 0 : (1 << UInt64(filters.count)) - 1
        func note(
            _ ref: SpanRef, attributes: [String: JSONValue], resource: [String: JSONValue], input: Bool, path: String
        ) {
            sketch.traceHashes.insert(TraceLineScan.hash(ref.traceID.utf8))
            if input, sketch.candidateHashes.insert(TraceLineScan.hash((ref.traceID + "/" + ref.spanID).utf8)).inserted
            {
                sketch.candidateCount += 1
                if sketch.firstCandidates.count < 10 { sketch.firstCandidates.append(ref) }
                if collectCallTraces { callTrace(ref.traceID, path: path) }
            }
            if let spanID, ref.spanID == spanID, sketch.requestedTrace == nil { sketch.requestedTrace = ref.traceID }
            guard !filters.isEmpty else { return }
            let bits =
                TraceFilter.bits(filters, attributes, seen: &sketch.tagsSeen)
                | TraceFilter.bits(filters, resource, seen: &sketch.tagsSeen)
            guard bits != 0 else { return }
            let before = sketch.matched[ref.traceID] ?? 0
            sketch.matched[ref.traceID] = before | bits
            if before != all, before | bits == all {
                sketch.matchedOrder.append(ref.traceID)
                if sketch.paths[ref.traceID] == nil { sketch.paths[ref.traceID] = path }
            }
        }
        func callTrace(_ trace: String, path: String) {
            guard sketch.callTraceSet.insert(trace).inserted else { return }
            sketch.callTraces.append(trace)
            if sketch.paths[trace] == nil { sketch.paths[trace] = path }
        }
        let needles = filters.map { TraceLineScan.needle($0.value) }
        let keys = filters.map { Array($0.key.utf8) }
        let prefilter = !filters.isEmpty && spanID == nil && !collectCallTraces && needles.allSatisfy { $0 != nil }
        var parsed = 0
        let skip: (ArraySlice<UInt8>) -> Bool = { line in
            guard prefilter, parsed >= Self.sampledLines else { return false }
            if needles.contains(where: { TraceLineScan.contains($0!, in: line) }) { return false }
            TraceLineScan.traceIDs(in: line) { sketch.traceHashes.insert(TraceLineScan.hash($0)) }
            for (index, key) in keys.enumerated() where !sketch.tagsSeen.contains(filters[index].key) {
                if TraceLineScan.contains(key, in: line) { sketch.tagsSeen.insert(filters[index].key) }
            }
            return true
        }
        for source in sources {
            try TraceDocuments.forEach(source, skip: skip) { document throws(InputError) in
                parsed += 1
                guard OTLPTrace.matches(document.value) else { return try other(document) }
                for span in OTLPTrace.collect(document.value) {
                    sketch.spanCount += 1
                    let ref = SpanRef(traceID: span.traceID ?? "", spanID: span.spanID ?? "")
                    let content = CallContent.of(span.attributes)
                    if content.isModelCall {
                        if sketch.modelCalls.count < 3 { sketch.modelCalls.append(ref) }
                        if collectCallTraces { callTrace(ref.traceID, path: document.path) }
                    }
                    note(
                        ref, attributes: span.ownAttributes, resource: span.resource, input: content.input != nil,
                        path: document.path)
                }
                for record in OTLPLogs.collect(document.value) {
                    let ref = SpanRef(traceID: record.traceID ?? "", spanID: record.spanID ?? "")
                    let input = CallContent.of(OTLPLogs.attributes(of: [record])).input != nil
                    note(
                        ref, attributes: record.attributes, resource: record.resource, input: input,
                        path: document.path)
                }
            }
        }
        return sketch
    }

    /// Pass two: the spans and log records of `traces`, grouped by trace. A JSON Lines line that
    /// names none of them is not parsed.
    static func load(_ sources: [any TraceSource], traces: Set<String>) throws(InputError)
        -> [String: (spans: [OTLPTrace.Span], logs: [OTLPLogs.Record])]
    {
        var loaded: [String: (spans: [OTLPTrace.Span], logs: [OTLPLogs.Record])] = [:]
        let wanted = Set(traces.map { TraceLineScan.hash($0.utf8) })
        // Records without a trace id are wanted as the trace "": every line may hold one.
        let skip: ((ArraySlice<UInt8>) -> Bool)? =
            traces.contains("")
            ? nil
            : { line in
                var named = false
                TraceLineScan.traceIDs(in: line) { id in
                    if !named, wanted.contains(TraceLineScan.hash(id)) { named = true }
                }
                return !named
            }
        for source in sources {
            try TraceDocuments.forEach(source, skip: skip) { document throws(InputError) in
                guard OTLPTrace.matches(document.value) else { return }
                for span in OTLPTrace.collect(document.value) where traces.contains(span.traceID ?? "") {
                    loaded[span.traceID ?? "", default: ([], [])].spans.append(span)
                }
                for record in OTLPLogs.collect(document.value) where traces.contains(record.traceID ?? "") {
                    loaded[record.traceID ?? "", default: ([], [])].logs.append(record)
                }
            }
        }
        return loaded
    }

    /// The spans and log records of `traces`, in the order the traces are given (so that messages
    /// listing them read the same every run).
    static func loadInOrder(_ sources: [any TraceSource], traces: [String]) throws(InputError)
        -> (spans: [OTLPTrace.Span], logs: [OTLPLogs.Record])
    {
        let loaded = try load(sources, traces: Set(traces))
        var seen: Set<String> = []
        var result: (spans: [OTLPTrace.Span], logs: [OTLPLogs.Record]) = ([], [])
        for trace in traces where seen.insert(trace).inserted {
            result.spans += loaded[trace]?.spans ?? []
            result.logs += loaded[trace]?.logs ?? []
        }
        return result
    }

    /// One call out of `sources`, as ``OTLPTrace/read(spans:logs:path:spanID:)`` reads it from the
    /// whole file, holding only the traces it needs.
    static func read(_ sources: [any TraceSource], sketch: Sketch, spanID: String?) throws(InputError) -> TraceRecord {
        let path = sources.first?.path ?? "trace"
        if spanID != nil || sketch.candidateCount == 1 {
            guard let trace = spanID != nil ? sketch.requestedTrace : sketch.firstCandidates.first?.traceID else {
                // Let the reader say that no span has this id, listing the candidates it can see.
                let some = try loadInOrder(sources, traces: sketch.firstCandidates.map(\.traceID))
                return try OTLPTrace.read(spans: some.spans, logs: some.logs, path: path, spanID: spanID)
            }
            let one = try load(sources, traces: [trace])[trace] ?? ([], [])
            return try OTLPTrace.read(
                spans: one.spans, logs: one.logs, path: path, spanID: spanID ?? sketch.firstCandidates.first?.spanID)
        }
        if sketch.candidateCount == 0 {
            let some = try loadInOrder(sources, traces: sketch.modelCalls.map(\.traceID))
            let spans = OTLPTrace.joined(some.spans, logs: some.logs)
            var error = OTLPTrace.noCandidate(spans, path: path, logsGiven: !some.logs.isEmpty)
            if spans.isEmpty {
                error = InputError(
                    file: path, "holds \(Plural.count(sketch.spanCount, "span")) but no call to a model",
                    hint: error.hint ?? "")
            }
            throw error
        }
        // Several calls: list the first ten, with their labels, and how many more there are.
        let shown = sketch.firstCandidates
        let some = try loadInOrder(sources, traces: shown.map(\.traceID))
        var spans = OTLPTrace.joined(some.spans, logs: some.logs)
        spans = shown.compactMap { ref in
            spans.first { ($0.traceID ?? "") == ref.traceID && ($0.spanID ?? "") == ref.spanID }
        }
        var listing = spans.map { "\($0.spanID ?? "(no id)") (\(OTLPTrace.label($0)))" }.joined(separator: ", ")
        if sketch.candidateCount > shown.count { listing += " and \(sketch.candidateCount - shown.count) more" }
        throw InputError(
            file: path, "holds \(sketch.candidateCount) model calls: \(listing)",
            hint: "deadbolt captures one call at a time; pass --span ID to pick one, or --where key=value "
                + "(or --all) to capture each trace of the export")
    }
}
