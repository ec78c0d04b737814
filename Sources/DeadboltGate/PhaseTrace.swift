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

    /// CPU time (user and system) in microseconds: deadbolt's own, all threads, and that of the
    /// children it has reaped.
    public static func cpuMicroseconds() -> (own: Int, children: Int) {
        func total(_ who: Int32) -> Int {
            var usage = rusage()
            getrusage(__rusage_who_t(who), &usage)
            return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1_000_000 + usage.ru_utime.tv_usec
                + usage.ru_stime.tv_usec
        }
        return (total(RUSAGE_SELF.rawValue), total(RUSAGE_CHILDREN.rawValue))
    }
}
