/// Where a trace file's bytes come from, a line at a time or whole.
///
/// The core reads no file itself: the gate hands it files that stream from disk, tests hand it
/// bytes. A JSON Lines export is read line by line, so memory is bounded by one export request
/// (one line), not by the file.
public protocol TraceSource: Sendable {
    /// The file's name, for messages.
    var path: String { get }
    /// Calls `body` with each line (without its newline) and its number, from 1, in order, until
    /// `body` returns false or the lines end.
    func forEachLine(_ body: (ArraySlice<UInt8>, Int) throws(InputError) -> Bool) throws(InputError)
    /// The whole file, for a document that spans several lines.
    func wholeBytes() throws(InputError) -> [UInt8]
}

/// A trace file already in memory.
public struct TraceBytes: TraceSource {
    public let path: String
    public let bytes: [UInt8]

    public init(_ bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
    }

    public func forEachLine(_ body: (ArraySlice<UInt8>, Int) throws(InputError) -> Bool) throws(InputError) {
        var number = 0
        var start = bytes.startIndex
        while start <= bytes.endIndex {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            number += 1
            guard try body(bytes[start..<end], number) else { return }
            start = end + 1
        }
    }

    public func wholeBytes() throws(InputError) -> [UInt8] { bytes }
}
