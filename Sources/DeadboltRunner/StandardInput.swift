import CSpawn
import Foundation

/// A provider's standard input, written in full before the provider starts.
///
/// Writing while the program runs would need a writer racing a program that may exit without
/// reading. Written beforehand, the request sits in a pipe (small requests) or an unlinked
/// temporary file (large ones), and the program reads it or not as it likes.
enum StandardInput {
    /// Requests up to this size go through a pipe, well under Linux's 64 KiB pipe capacity.
    static let pipeLimit = 16 * 1024

    /// A descriptor to read `bytes` from; the caller hands it to the child and closes it.
    static func descriptor(holding bytes: [UInt8]) throws -> Descriptor {
        bytes.count <= pipeLimit ? try pipe(holding: bytes) : try temporaryFile(holding: bytes)
    }

    /// A file descriptor the caller closes.
    struct Descriptor {
        var rawValue: Int32
    }

    private static func pipe(holding bytes: [UInt8]) throws -> Descriptor {
        var ends: [Int32] = [0, 0]
        let rc = deadbolt_pipe(&ends)
        guard rc == 0 else { throw POSIXError(.init(rawValue: rc) ?? .EIO) }
        defer { close(ends[1]) }
        do {
            try writeAll(bytes, to: ends[1])
        } catch {
            close(ends[0])
            throw error
        }
        return Descriptor(rawValue: ends[0])
    }

    private static func temporaryFile(holding bytes: [UInt8]) throws -> Descriptor {
        var template = Array((NSTemporaryDirectory() + "/deadbolt-request-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        do {
            try writeAll(bytes, to: fd)
        } catch {
            close(fd)
            throw error
        }
        lseek(fd, 0, SEEK_SET)
        return Descriptor(rawValue: fd)
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw POSIXError(.init(rawValue: errno) ?? .EIO)
            }
            offset += written
        }
    }
}
