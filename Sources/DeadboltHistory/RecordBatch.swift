import DeadboltCore

/// A run's records, made on demand a part at a time: ``make`` gives the records of `parts`
/// consecutive parts (each of a run's results is one part, its repetitions its records), so that
/// a store can write the records already made while the next are being made.
public struct RecordBatch: Sendable {
    /// How many parts the batch has.
    public let parts: Int
    let make: @Sendable (Range<Int>) -> [EvalRecord]

    /// A batch of `parts` parts whose records `make` returns for any range of them, in order.
    public init(parts: Int, make: @escaping @Sendable (Range<Int>) -> [EvalRecord]) {
        self.parts = parts
        self.make = make
    }

    /// Records made already, one part each.
    public init(_ records: [EvalRecord]) {
        self.init(parts: records.count) { Array(records[$0]) }
    }

    /// Every record, in order.
    public var all: [EvalRecord] { parts == 0 ? [] : make(0..<parts) }

    /// The records of `range`.
    public func records(_ range: Range<Int>) -> [EvalRecord] { range.isEmpty ? [] : make(range) }
}
