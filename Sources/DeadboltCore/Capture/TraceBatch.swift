/// Many traces at once: each trace of a folder or JSON Lines export that the filters take becomes
/// one record, or a reason it cannot.
public enum TraceBatch {
    /// One trace's outcome.
    public enum Item: Sendable, Equatable {
        case record(TraceRecord, path: String)
        /// A trace the filters took that holds no single readable call.
        case unreadable(traceID: String?, path: String, reason: String)
    }

    /// How many traces were read and taken.
    public struct Summary: Sendable, Equatable {
        public var traces = 0
        public var taken = 0
        /// The tag names the traces carry, for a filter whose key none has.
        public var tagsSeen: Set<String> = []

        public init() {}
    }

    /// How many traces pass two holds at once.
    public static let wave = 500

    /// Reads every trace of `sources` that all `filters` match (every trace with a model call when
    /// there are none; traces of only HTTP, tool or agent spans are passed over) and hands each to
    /// `body`, in file order, OTLP traces after the others. When `counting` (`deadbolt coverage`),
    /// a trace whose call recorded no content, or that holds several calls, is still one record.
    public static func read(
        _ sources: [any TraceSource], filters: [TraceFilter], wave: Int = TraceBatch.wave, counting: Bool = false,
        _ body: (Item) throws(InputError) -> Void
    ) throws(InputError) -> Summary {
        var summary = Summary()
        let sketch = try OTLPStream.sketch(sources, spanID: nil, filters: filters, collectCallTraces: filters.isEmpty) {
            document throws(InputError) in
            summary.traces += 1
            let record: TraceRecord
            do throws(InputError) {
                record = try TraceReader.readOne(document.value, path: document.path, spanID: nil, counting: counting)
            } catch {
                // Whether it matches cannot be told: say why it was not read.
                summary.taken += 1
                return try body(.unreadable(traceID: nil, path: document.path, reason: reason(error)))
            }
            for key in record.metadata.keys where summary.tagsSeen.count < 500 { summary.tagsSeen.insert(key) }
            guard TraceFilter.all(filters, match: record) else { return }
            summary.taken += 1
            try body(.record(record, path: document.path))
        }
        summary.tagsSeen.formUnion(sketch.tagsSeen)
        summary.traces += sketch.traceHashes.count
        // Without filters, every trace with a model call: one whose calls recorded no messages is
        // reported with what to set, not passed over.
        let taken = filters.isEmpty ? sketch.callTraces : sketch.matchedOrder
        summary.taken += taken.count
        var start = 0
        while start < taken.count {
            let wave = Array(taken[start..<min(taken.count, start + max(1, wave))])
            start += wave.count
            let loaded = try OTLPStream.load(sources, traces: Set(wave))
            for trace in wave {
                let one = loaded[trace] ?? ([], [])
                let path = sketch.paths[trace] ?? sources.first?.path ?? "trace"
                let item: Item
                do throws(InputError) {
                    let record = try OTLPTrace.read(
                        spans: one.spans, logs: one.logs, path: path, spanID: nil, counting: counting)
                    item = .record(record, path: path)
                } catch {
                    item = .unreadable(traceID: trace.isEmpty ? nil : trace, path: path, reason: reason(error))
                }
                try body(item)
            }
        }
        return summary
    }

    /// An error as one line of a batch report.
    static func reason(_ error: InputError) -> String {
        error.message + (error.hint.map { " (\($0))" } ?? "")
    }
}
