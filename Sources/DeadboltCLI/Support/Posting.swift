import ArgumentParser
import DeadboltCore
import DeadboltGate
import Foundation

extension PostDestination: ExpressibleByArgument {}

extension VerdictPosting {
    /// Posting from a command: notes on stderr; workflow commands where the verdict text goes,
    /// but never into JSON on stdout (the runner reads them from both streams).
    init(to destination: PostDestination, format: OutputFormat) {
        self.init(
            to: destination, environment: ProcessInfo.processInfo.environment, say: Diagnostics.note,
            emit: format == .json ? { Diagnostics.note($0) } : { print($0) })
    }
}
