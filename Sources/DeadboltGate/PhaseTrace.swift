import Foundation

/// Phase timings on stderr when `DEADBOLT_TRACE=1`, for finding where a slow hook spends its time.
public enum PhaseTrace {
    public static let enabled = getenv("DEADBOLT_TRACE") != nil
    nonisolated(unsafe) static var last = ContinuousClock.now

    public static func mark(_ label: @autoclosure () -> String) {
        guard enabled else { return }
        let now = ContinuousClock.now
        let elapsed = now - last
        last = now
        let micros = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
        FileHandle.standardError.write(Data("trace: \(label()) +\(micros) µs\n".utf8))
    }
}
