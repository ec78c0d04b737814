/// OTLP exports read in two passes, so that memory is bounded by one export request and the
/// traces wanted, not by the file: the first pass notes which spans carry a call's messages and
/// which traces the filters take, the second keeps the spans and log records of those traces only.
enum OTLPStream {
    /// A span (or the log records of one) by its ids.
    struct SpanRef: Hashable {
        var traceID: String
        var spanID: String
    }

    /// What the first pass learns.
    struct Sketch {
        var spanCount = 0
        /// Spans, or span ids of log records, that carry a call's input, in file order.
        var candidates: [SpanRef] = []
        var candidateSet: Set<SpanRef> = []
        /// The first few spans that are model calls, with messages or not (for the hint).
        var modelCalls: [SpanRef] = []
        /// The trace of the span `--span` names, once seen.
        var requestedTrace: String?
        /// Per trace, the filters some span of it satisfies; and the traces all of them hold, in order.
        var matched: [String: UInt64] = [:]
        var matchedOrder: [String] = []
        /// Tag names seen, for telling a misspelt filter key.
        var tagsSeen: Set<String> = []
        /// Every trace id seen.
        var traces: Set<String> = []
        /// The file each candidate or matched trace was first seen in.
        var paths: [String: String] = [:]

        /// Traces with a candidate or a model call, in the order of their first.
        var callTraces: [String] = []
        var callTraceSet: Set<String> = []
    }

    /// Pass one. `other` gets every document that is not OTLP.
    static func sketch(
        _ sources: [any TraceSource], spanID: String?, filters: [TraceFilter],
        other: (TraceDocuments.Document) throws(InputError) -> Void
    ) throws(InputError) -> Sketch {
        var sketch = Sketch()
        let all: UInt64 = filters.isEmpty ? 0 : (1 << UInt64(filters.count)) - 1
        func note(
            _ ref: SpanRef, attributes: [String: JSONValue], resource: [String: JSONValue], input: Bool, path: String
        ) {
            sketch.traces.insert(ref.traceID)
            if input, sketch.callTraceSet.insert(ref.traceID).inserted { sketch.callTraces.append(ref.traceID) }
            if input, sketch.candidateSet.insert(ref).inserted {
                sketch.candidates.append(ref)
                if sketch.paths[ref.traceID] == nil { sketch.paths[ref.traceID] = path }
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
        for source in sources {
            try TraceDocuments.forEach(source) { document throws(InputError) in
                guard OTLPTrace.matches(document.value) else { return try other(document) }
                for span in OTLPTrace.collect(document.value) {
                    sketch.spanCount += 1
                    let ref = SpanRef(traceID: span.traceID ?? "", spanID: span.spanID ?? "")
                    let content = CallContent.of(span.attributes)
                    if content.isModelCall {
                        if sketch.modelCalls.count < 3 { sketch.modelCalls.append(ref) }
                        if sketch.callTraceSet.insert(ref.traceID).inserted { sketch.callTraces.append(ref.traceID) }
                        if sketch.paths[ref.traceID] == nil { sketch.paths[ref.traceID] = document.path }
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

    /// Pass two: the spans and log records of `traces`, grouped by trace.
    static func load(_ sources: [any TraceSource], traces: Set<String>) throws(InputError)
        -> [String: (spans: [OTLPTrace.Span], logs: [OTLPLogs.Record])]
    {
        var loaded: [String: (spans: [OTLPTrace.Span], logs: [OTLPLogs.Record])] = [:]
        for source in sources {
            try TraceDocuments.forEach(source) { document throws(InputError) in
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

    /// One call out of `sources`, as ``OTLPTrace/read(spans:logs:path:spanID:)`` reads it from the
    /// whole file, holding only the traces it needs.
    static func read(_ sources: [any TraceSource], sketch: Sketch, spanID: String?) throws(InputError) -> TraceRecord {
        let path = sources.first?.path ?? "trace"
        if spanID != nil || sketch.candidates.count == 1 {
            guard let trace = spanID != nil ? sketch.requestedTrace : sketch.candidates.first?.traceID else {
                // Let the reader say that no span has this id, listing the candidates it can see.
                let some = try load(sources, traces: Set(sketch.candidates.prefix(10).map(\.traceID)))
                return try OTLPTrace.read(
                    spans: some.values.flatMap(\.spans), logs: some.values.flatMap(\.logs), path: path,
                    spanID: spanID)
            }
            let one = try load(sources, traces: [trace])[trace] ?? ([], [])
            return try OTLPTrace.read(
                spans: one.spans, logs: one.logs, path: path, spanID: spanID ?? sketch.candidates.first?.spanID)
        }
        if sketch.candidates.isEmpty {
            let some = try load(sources, traces: Set(sketch.modelCalls.map(\.traceID)))
            let spans = OTLPTrace.joined(some.values.flatMap(\.spans), logs: some.values.flatMap(\.logs))
            var error = OTLPTrace.noCandidate(spans, path: path, logsGiven: !some.values.allSatisfy(\.logs.isEmpty))
            if spans.isEmpty {
                error = InputError(
                    file: path, "holds \(Plural.count(sketch.spanCount, "span")) but no call to a model",
                    hint: error.hint ?? "")
            }
            throw error
        }
        // Several calls: list the first ten, with their labels, and how many more there are.
        let shown = Array(sketch.candidates.prefix(10))
        let some = try load(sources, traces: Set(shown.map(\.traceID)))
        var spans = OTLPTrace.joined(some.values.flatMap(\.spans), logs: some.values.flatMap(\.logs))
        spans = shown.compactMap { ref in
            spans.first { ($0.traceID ?? "") == ref.traceID && ($0.spanID ?? "") == ref.spanID }
        }
        var listing = spans.map { "\($0.spanID ?? "(no id)") (\(OTLPTrace.label($0)))" }.joined(separator: ", ")
        if sketch.candidates.count > shown.count { listing += " and \(sketch.candidates.count - shown.count) more" }
        throw InputError(
            file: path, "holds \(sketch.candidates.count) model calls: \(listing)",
            hint: "deadbolt captures one call at a time; pass --span ID to pick one, or --where key=value "
                + "(or --all) to capture each trace of the export")
    }
}
