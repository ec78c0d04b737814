import DeadboltCore
import DeadboltGate
import Foundation
import TestSupport
import Testing

/// Trace files read a chunk at a time: lines come out whole whatever the chunk size, and a line
/// past the limit is refused with its number.
@Suite struct TraceFileTests {
    static func lines(_ text: String, chunk: Int, limit: Int = 1 << 20) throws -> [String] {
        let folder = try TemporaryFolder.make(prefix: "trace-file")
        let path = folder + "/t.jsonl"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        var lines: [String] = []
        try TraceFile(path: path, chunkSize: chunk, lineLimit: limit).forEachLine { line, number throws(InputError) in
            lines.append("\(number):" + String(decoding: line, as: UTF8.self))
            return true
        }
        return lines
    }

    @Test func linesComeOutWholeWhateverTheChunk() throws {
        let text = "{\"a\":1}\n\n{\"bb\":22}\r\n{\"ccc\":333}"
        for chunk in [1, 2, 3, 7, 64, 1 << 20] {
            #expect(
                try Self.lines(text, chunk: chunk) == ["1:{\"a\":1}", "2:", "3:{\"bb\":22}\r", "4:{\"ccc\":333}"],
                "chunk \(chunk)")
        }
        #expect(try Self.lines("x\n", chunk: 4) == ["1:x"])
        #expect(try Self.lines("", chunk: 4).isEmpty)
    }

    @Test func aLinePastTheLimitIsRefusedWithItsNumber() throws {
        let long = String(repeating: "x", count: 300)
        let error = try #require(throws: InputError.self) { try Self.lines("{}\n\(long)\n", chunk: 64, limit: 100) }
        #expect(error.line == 2)
        #expect(error.message == "line 2 is longer than 100 bytes")
        #expect(error.hint?.contains("JSON Lines") == true)
    }

    @Test func aFolderIsItsTraceFilesByName() throws {
        let folder = try TemporaryFolder.make(prefix: "trace-folder")
        for name in ["b.jsonl", "a.json", ".hidden.json", "notes.txt", "c.NDJSON"] {
            try Data("{}".utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
        }
        try FileManager.default.createDirectory(atPath: folder + "/d.json", withIntermediateDirectories: false)
        #expect(TraceFile.isFolder(folder))
        #expect(
            try TraceFile.files(in: folder).map(\.path) == ["a.json", "b.jsonl", "c.NDJSON"].map { folder + "/" + $0 })
        let empty = try TemporaryFolder.make(prefix: "trace-empty")
        let error = try #require(throws: InputError.self) { try TraceFile.files(in: empty) }
        #expect(error.message == "holds no trace files")
        let missing = try #require(throws: InputError.self) { try TraceFile(path: folder + "/nope.json") }
        #expect(missing.message.hasPrefix("cannot be read: "))
    }
}
