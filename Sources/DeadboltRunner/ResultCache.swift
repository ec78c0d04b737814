import DeadboltCore
import Foundation

/// Provider answers kept on disk by content address: one small JSON file per answer, written
/// whole under a temporary name and renamed into place, so processes sharing the folder (CI
/// shards, a developer's parallel runs) never read half an entry. Only answers are kept: an
/// error is never cached. An entry older than `ttlSeconds`, unreadable, or of another recipe
/// is a miss.
public final class ResultCache: Sendable {
    public let folder: String
    public let ttlSeconds: Double
    /// How far in the future an entry's time may be, for clocks of machines sharing a folder.
    static let clockSkew: Double = 300

    /// Creates `folder` if needed; throws when it cannot be made or written.
    public init(folder: String, ttlSeconds: Double) throws {
        self.folder = folder
        self.ttlSeconds = ttlSeconds
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        guard access(folder, W_OK) == 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: folder])
        }
    }

    /// The file of `key`: `ab/abcdef....json`.
    func path(_ key: String) -> String {
        "\(folder)/\(key.prefix(2))/\(key).json"
    }

    /// The answer stored under `key`, with the duration of the call that produced it.
    public func lookup(_ key: String, now: Date = Date()) -> (answer: ProviderAnswer, durationMs: Int)? {
        guard let bytes = FileManager.default.contents(atPath: path(key)),
            case .object(let entry)? = try? JSONValue.parse(Array(bytes)),
            entry["recipe"]?.numberValue == Double(ResultCacheKey.recipe),
            let storedAt = entry["stored_at"]?.numberValue, storedAt.isFinite,
            // An entry from the future (a clock set wrong, a hostile file) is not fresh.
            (-Self.clockSkew...ttlSeconds).contains(now.timeIntervalSince1970 - storedAt),
            case .object(let fields)? = entry["answer"]
        else { return nil }
        var notes: [String] = []
        if case .array(let saved)? = fields["notes"] { notes = saved.compactMap(\.stringValue) }
        let answer = ProviderAnswer(fields: fields, notes: notes)
        guard answer.problem == nil else { return nil }
        let duration = entry["duration_ms"]?.numberValue.flatMap {
            BoundedNumber.whole($0, in: ProviderAnswer.latencyRange)
        }
        return (answer, duration ?? 0)
    }

    /// Keeps `answer` under `key`; false when it could not be written (the run goes on).
    @discardableResult
    public func store(_ answer: ProviderAnswer, durationMs: Int, under key: String, now: Date = Date()) -> Bool {
        var fields: [String: JSONValue] = ["output": .string(answer.output)]
        if let model = answer.model { fields["model"] = .string(model) }
        if let latency = answer.latencyMs { fields["latency_ms"] = .number(Double(latency)) }
        if let cost = answer.cost { fields["cost"] = .number(cost) }
        if let usage = answer.usage {
            fields["usage"] = .object([
                "prompt_tokens": .number(Double(usage.prompt)),
                "completion_tokens": .number(Double(usage.completion)),
            ])
        }
        if !answer.notes.isEmpty { fields["notes"] = .array(answer.notes.map { .string($0) }) }
        let entry: JSONValue = .object([
            "recipe": .number(Double(ResultCacheKey.recipe)),
            "stored_at": .number(now.timeIntervalSince1970.rounded()),
            "duration_ms": .number(Double(durationMs)),
            "answer": .object(fields),
        ])
        let final = path(key)
        let shelf = (final as NSString).deletingLastPathComponent
        let temporary = "\(final).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        do {
            try FileManager.default.createDirectory(atPath: shelf, withIntermediateDirectories: true)
            try Data(entry.compactText().utf8).write(to: URL(fileURLWithPath: temporary))
        } catch {
            unlink(temporary)
            return false
        }
        guard rename(temporary, final) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }
}
