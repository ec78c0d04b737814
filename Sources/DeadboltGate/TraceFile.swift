import DeadboltCore
import Foundation

/// A trace file on disk, read a chunk at a time so a JSON Lines export of any size streams:
/// memory holds one line (one export request) and one chunk, not the file.
public struct TraceFile: TraceSource {
    public let path: String
    /// How much is read at once.
    let chunkSize: Int

    /// The longest line read (one export request); past it the file is refused, not swallowed.
    let lineLimit: Int
    /// The largest file read as one whole document.
    static let wholeLimit = 512 << 20
    /// The bytes `forEachLine` reads (all of the file when nil), and the number of their first line.
    let part: Range<Int>?
    let firstLine: Int

    /// The file at `path`, after checking it is one.
    public init(path: String, chunkSize: Int = 1 << 20, lineLimit: Int = 256 << 20) throws(InputError) {
        self.path = path
        self.lineLimit = lineLimit
        self.chunkSize = max(1, chunkSize)
        part = nil
        firstLine = 1
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw InputError(
                file: path, "cannot be read: \(String(cString: strerror(errno)))",
                hint: "pass the path of an exported trace with --trace FILE")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw InputError(file: path, "is not a file", hint: "pass an exported trace file, or a folder of them")
        }
    }

    /// The regular files of `folder` whose names end in one of `extensions` (sorted, hidden ones left
    /// out); `what` names them in the error for a folder that holds none.
    public static func files(
        in folder: String, extensions: [String] = [".json", ".jsonl", ".ndjson"], what: String = "trace files"
    ) throws(InputError) -> [TraceFile] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw InputError(file: folder, "cannot be listed", hint: "pass a folder of exported trace files")
        }
        let kept = names.filter { name in
            !name.hasPrefix(".") && extensions.contains { name.lowercased().hasSuffix($0) }
        }.sorted()
        var files: [TraceFile] = []
        for name in kept {
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            var status = stat()
            guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { continue }
            files.append(try TraceFile(path: path))
        }
        guard !files.isEmpty else {
            let names = extensions.dropLast().joined(separator: ", ") + (extensions.count > 1 ? " or " : "")
            throw InputError(
                file: folder, "holds no \(what)",
                hint: "a folder of \(what) holds \(names)\(extensions.last ?? "") files")
        }
        return files
    }

    /// Whether `path` is a folder.
    public static func isFolder(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }

    private init(_ file: TraceFile, part: Range<Int>, firstLine: Int) {
        path = file.path
        chunkSize = file.chunkSize
        lineLimit = file.lineLimit
        self.part = part
        self.firstLine = firstLine
    }

    /// The file cut at line ends into at most `count` parts of about the same size, each knowing the
    /// number of its first line, so that they can be read at once on several cores; the whole file
    /// when it is smaller than `minimum` bytes. One pass over the file finds the line ends.
    public func lineParts(_ count: Int, minimum: Int = 16 << 20) throws(InputError) -> [TraceFile] {
        let fd = try opened()
        defer { close(fd) }
        var status = stat()
        guard count > 1, fstat(fd, &status) == 0, Int(status.st_size) >= minimum else { return [self] }
        let size = Int(status.st_size)
        let targets = (1..<count).map { size / count * $0 }
        var cuts: [(offset: Int, line: Int)] = [(0, 1)]
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        var offset = 0
        var lines = 0
        while cuts.count < count {
            let read = try readChunk(fd, into: &buffer)
            if read == 0 { break }
            buffer.withUnsafeBufferPointer { bytes in
                for index in 0..<read where bytes[index] == 0x0A {
                    lines += 1
                    if cuts.count < count, offset + index >= targets[cuts.count - 1] {
                        cuts.append((offset + index + 1, lines + 1))
                    }
                }
            }
            offset += read
        }
        let ends = cuts.dropFirst().map(\.offset) + [Int.max]
        return zip(cuts, ends).filter { $0.0.offset < min($0.1, size) }.map { cut, end in
            TraceFile(self, part: cut.offset..<end, firstLine: cut.line)
        }
    }

    public func forEachLine(_ body: (ArraySlice<UInt8>, Int) throws(InputError) -> Bool) throws(InputError) {
        let fd = try opened()
        defer { close(fd) }
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        var number = firstLine - 1
        var left = Int.max
        if let part {
            guard lseek(fd, off_t(part.lowerBound), SEEK_SET) == off_t(part.lowerBound) else {
                throw InputError(file: path, "cannot be read: \(String(cString: strerror(errno)))")
            }
            left = part.count
        }
        while left > 0 {
            var count = try readChunk(fd, into: &buffer)
            count = min(count, left)
            left -= count
            if count == 0 { break }
            var start = 0
            while let newline = buffer[start..<count].firstIndex(of: 0x0A) {
                number += 1
                let going: Bool
                if pending.isEmpty {
                    going = try body(buffer[start..<newline], number)
                } else {
                    pending.append(contentsOf: buffer[start..<newline])
                    going = try body(pending[...], number)
                    pending.removeAll(keepingCapacity: true)
                }
                guard going else { return }
                start = newline + 1
            }
            pending.append(contentsOf: buffer[start..<count])
            guard pending.count <= lineLimit else {
                throw InputError(
                    file: path, line: number + 1, "line \(number + 1) is longer than \(Self.size(lineLimit))",
                    hint: "deadbolt reads exports as JSON Lines, one export request a line; export in smaller batches")
            }
        }
        if !pending.isEmpty { _ = try body(pending[...], number + 1) }
    }

    public func wholeBytes() throws(InputError) -> [UInt8] {
        let fd = try opened()
        defer { close(fd) }
        var status = stat()
        if fstat(fd, &status) == 0, Int(status.st_size) > Self.wholeLimit {
            throw InputError(
                file: path, "is one JSON document of \(Int(status.st_size) >> 20) MB, more than deadbolt holds at once",
                hint: "export it as JSON Lines (one export request a line, as the Collector's file exporter writes), "
                    + "which deadbolt reads a line at a time")
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let count = try readChunk(fd, into: &buffer)
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
            guard bytes.count <= Self.wholeLimit else {
                throw InputError(file: path, "grew past \(Self.wholeLimit >> 20) MB while it was read")
            }
        }
        return bytes
    }

    /// `256 MB`, or bytes below a megabyte.
    static func size(_ bytes: Int) -> String { bytes >= 1 << 20 ? "\(bytes >> 20) MB" : "\(bytes) bytes" }

    private func opened() throws(InputError) -> Int32 {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw InputError(
                file: path, "cannot be read: \(String(cString: strerror(errno)))",
                hint: "pass the path of an exported trace with --trace FILE")
        }
        return fd
    }

    private func readChunk(_ fd: Int32, into buffer: inout [UInt8]) throws(InputError) -> Int {
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count >= 0 { return count }
            guard errno == EINTR else {
                throw InputError(file: path, "cannot be read: \(String(cString: strerror(errno)))")
            }
        }
    }
}
