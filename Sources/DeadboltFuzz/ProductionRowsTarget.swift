import DeadboltCore

/// `deadbolt coverage --traces`: a warehouse export, as CSV and as JSON Lines, through the readers the
/// command calls, each row counted by the tally.
enum ProductionRowsTarget {
    static let target = FuzzTarget(
        "production-rows", "coverage's CSV and JSON Lines rows, through ProductionRows and CoverageTally"
    ) { bytes in
        var config = CoverageConfig()
        config.keys = [
            CoverageConfig.Key(name: "feature", fields: ["feature"]),
            CoverageConfig.Key(name: "customer_tier", fields: ["plan_tier", "customer_tier"]),
        ]
        let mapping = RowMapping(config: config)
        var tally = CoverageTally(config: config, sinceMs: 1_000)
        try? ProductionRows.csv(TraceBytes(bytes, path: "fuzz.csv"), mapping: mapping) { row throws(InputError) in
            try tally.add(row)
        }
        try? ProductionRows.jsonLines(TraceBytes(bytes, path: "fuzz.jsonl"), mapping: mapping) {
            row throws(InputError) in try tally.add(row)
        }
        _ = ProductionRows.kind(path: "fuzz.jsonl", firstLine: bytes.split(separator: 0x0A).first)
        _ = CoverageJoin.slices(
            tally: tally, keys: mapping.keys.map(\.name),
            cases: [CoverageCase(dataset: "d", caseID: "c", tags: ["feature": "refunds", "customer_tier": "pro"])],
            records: [], revisions: [:])
    }
}
