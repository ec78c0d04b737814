import DeadboltCore

/// Trace files, as `deadbolt capture` reads them: one trace, and a batch through the streaming reader.
enum TraceTargets {
    static let trace = FuzzTarget("trace", "a trace file, through TraceReader.read") { bytes in
        for path in ["trace.json", "trace.jsonl"] {
            guard let record = try? TraceReader.read(bytes, path: path) else { continue }
            _ = record
        }
    }

    static let batch = FuzzTarget("trace-batch", "an export of many traces, through TraceBatch.read") { bytes in
        let filters = [TraceFilter(key: "feature", value: "refunds")]
        for wanted in [[], filters] {
            _ = try? TraceBatch.read([TraceBytes(bytes, path: "export.jsonl")], filters: wanted, wave: 4) { item in
                _ = item
            }
        }
    }
}
