import DeadboltCore
import DeadboltReport

/// A shard's verdict file, as `deadbolt merge` reads it.
enum PartialVerdictTarget {
    static let target = FuzzTarget("partial-verdict", "a partial verdict, through VerdictJSONReader.read") { bytes in
        guard let json = try? JSONValue.parse(bytes), let verdict = try? VerdictJSONReader.read(json) else { return }
        _ = verdict.results.count + verdict.warnings.count
    }
}
