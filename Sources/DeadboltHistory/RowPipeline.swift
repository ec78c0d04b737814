import DeadboltCore
import Foundation

/// A batch's rows made on another thread, a chunk at a time, while the writer inserts the chunks
/// already made: making 2,000 records and their rows took as long as SQLite took to insert them,
/// one after the other on one core while the other waited (bench/history.sh, BENCHMARKS.md).
/// The tally's counts are added up on the same thread.
final class RowPipeline: @unchecked Sendable {
    /// Results a chunk: small enough that the writer starts soon, large enough that handing
    /// chunks over costs nothing.
    static let chunkSize = 200

    let chunks: Int
    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var made: [[[Cell]]?]
    private var counts: [(key: String, outcomes: Outcomes)]?

    /// Starts making the rows of `batch`.
    init(_ batch: RecordBatch, chunkSize: Int = RowPipeline.chunkSize) {
        let size = max(1, chunkSize)
        chunks = (batch.parts + size - 1) / size
        made = Array(repeating: nil, count: chunks)
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            var tally: [String: Outcomes] = [:]
            for index in 0..<chunks {
                let records = batch.records(index * size..<min((index + 1) * size, batch.parts))
                RecordColumns.count(records, into: &tally)
                let rows = records.map(RecordColumns.row)
                condition.lock()
                made[index] = rows
                condition.broadcast()
                condition.unlock()
            }
            let sorted = RecordColumns.sorted(tally)
            condition.lock()
            counts = sorted
            condition.broadcast()
            condition.unlock()
        }
    }

    /// The rows of chunk `index` (each chunk is handed over once), waiting for them to be made.
    func rows(_ index: Int) -> [[Cell]] {
        condition.lock()
        defer { condition.unlock() }
        while made[index] == nil { condition.wait() }
        let rows = made[index] ?? []
        made[index] = []
        return rows
    }

    /// How often the batch's records passed and failed by inputs key, in key order, once every
    /// chunk is made.
    func outcomeCounts() -> [(key: String, outcomes: Outcomes)] {
        condition.lock()
        defer { condition.unlock() }
        while counts == nil { condition.wait() }
        return counts ?? []
    }
}
