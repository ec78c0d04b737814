import DeadboltCore
import Foundation
import MultipartKit

/// A `multipart/form-data` body saved to a file, as the LangSmith SDK posts runs to
/// `/runs/multipart`: its boundary is its first line, its parts are read with MultipartKit.
enum MultipartTraceFile {
    /// Whether `prefix` (the file's first bytes) opens a multipart body: `--boundary` and a line end.
    static func opens(_ prefix: [UInt8]) -> Bool {
        guard prefix.count > 4, prefix[0] == 0x2D, prefix[1] == 0x2D, let end = prefix.firstIndex(of: 0x0A) else {
            return false
        }
        return end > 2 && prefix[2..<end].allSatisfy { $0 > 0x20 || $0 == 0x0D }
    }

    /// The first bytes of the file at `path`.
    static func prefix(_ path: String, count: Int = 256) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        return Array((try? handle.read(upToCount: count)) ?? Data())
    }

    /// The parts of the body in `bytes`.
    static func parts(_ bytes: [UInt8], path: String) throws(InputError) -> [LangSmithMultipart.Part] {
        guard let end = bytes.firstIndex(of: 0x0A) else {
            throw InputError(file: path, "is not a multipart body", hint: "its first line is `--` and the boundary")
        }
        var boundaryBytes = bytes[2..<end]
        if boundaryBytes.last == 0x0D { boundaryBytes = boundaryBytes.dropLast() }
        let boundary = String(decoding: boundaryBytes, as: UTF8.self)
        guard !boundary.isEmpty, boundary.count <= 200 else {
            throw InputError(file: path, line: 1, "has no multipart boundary", hint: "its first line is `--BOUNDARY`")
        }
        let parser = MultipartParser(boundary: boundary)
        var parts: [LangSmithMultipart.Part] = []
        var name: String?
        var body: [UInt8] = []
        parser.onHeader = { field, value in
            guard field.lowercased() == "content-disposition" else { return }
            name = Self.formName(value)
        }
        parser.onBody = { buffer in body.append(contentsOf: buffer.readBytes(length: buffer.readableBytes) ?? []) }
        parser.onPartComplete = {
            parts.append(LangSmithMultipart.Part(name: name ?? "", body: body))
            name = nil
            body = []
        }
        do {
            try parser.execute(bytes)
        } catch {
            throw InputError(
                file: path, "is not a well-formed multipart body (part \(parts.count + 1) is broken)",
                hint: "pass the body as it was posted, its CRLF line ends kept")
        }
        return parts
    }

    /// `name` of `form-data; name="post.123"`.
    static func formName(_ disposition: String) -> String? {
        for piece in disposition.split(separator: ";") {
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("name=") else { continue }
            var value = trimmed.dropFirst(5)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
            return String(value)
        }
        return nil
    }
}
