import DeadboltCore
import Foundation

/// `provider: {command: [...], protocol: jsonl}`: one long-lived worker process per job, started
/// on the job's first case. Each request is one line on its standard input (the request of
/// `protocol: once` with an `"id"` added); each answer is one line on its standard output,
/// `{"id", "output", "model", "latency_ms", "cost", "usage"}`.
///
/// A worker that times out, crashes, or prints a line that is not the answer to the request in
/// flight fails that case only: it is stopped with everything it started, and a new one starts
/// for the job's next case. A worker that ends `startAttempts` times in a row without answering
/// once is not started again; the job's remaining cases fail at once with the reason.
public struct WorkerProvider: Provider {
    public let settings: RunSettings
    public let identity: JSONValue
    private let slots: [WorkerSlot]

    /// How long `shutDown` waits for workers to exit once their input is closed.
    static let shutdownGrace: Duration = .seconds(2)

    /// - Parameters:
    ///   - configured: the command as `deadbolt.yml` writes it (settings hold it resolved, which
    ///     differs between a work tree and a materialised one); nil means `settings.command`.
    ///   - fileIDs: the blob ids of the provider's own files, by argument.
    public init(settings: RunSettings, configured: [String]? = nil, fileIDs: [String: String] = [:]) {
        self.settings = settings
        identity = .object([
            "type": .string("command"), "protocol": .string("jsonl"),
            "command": .array((configured ?? settings.command).map { .string($0) }),
            "files": .object(fileIDs.mapValues { .string($0) }),
        ])
        slots = (0..<settings.jobs).map { WorkerSlot(number: $0, settings: settings) }
    }

    public func answer(_ planned: PlannedCase, slot: Int, repetition: Int) -> ProviderReply {
        guard slots.indices.contains(slot) else {
            return .failed(ProviderFailure(reason: "deadbolt has no worker for job \(slot) of \(slots.count)"))
        }
        return slots[slot].answer(planned)
    }

    /// Closes every worker's input, gives them `shutdownGrace` to exit, then kills what is left of
    /// them and of anything they started.
    public func shutDown() {
        let workers = slots.compactMap { $0.close() }
        for worker in workers { worker.closeInput() }
        let deadline = ContinuousClock.now + Self.shutdownGrace
        for worker in workers { worker.waitForExit(until: deadline) }
        Leftovers.kill(marks: workers.map(\.child.mark))
        for worker in workers { _ = worker.stop(redaction: settings.redaction, leftovers: false) }
    }
}

/// One job's worker, and what the job has seen of its workers so far.
final class WorkerSlot: @unchecked Sendable {
    /// Workers in a row that may end without answering once before the job stops starting them.
    static let startAttempts = 3

    private let lock = NSLock()
    let number: Int
    let settings: RunSettings
    private var worker: WorkerProcess?
    private var sequence = 0
    /// Workers in a row that ended (or could not start) without answering once.
    private var failedStarts = 0
    /// Why the job stopped starting workers, once it has.
    private var givenUp: ProviderFailure?
    private var closed = false

    init(number: Int, settings: RunSettings) {
        self.number = number
        self.settings = settings
    }

    /// Asks this job's worker, starting one first when there is none.
    func answer(_ planned: PlannedCase) -> ProviderReply {
        lock.lock()
        defer { lock.unlock() }
        let started = ContinuousClock.now
        if let givenUp { return .failed(givenUp) }
        if closed { return .failed(ProviderFailure(reason: "the provider was already shut down")) }
        var notes: [String] = []
        if let current = worker, let problem = current.idleProblem() {
            let stopped = current.stop(redaction: settings.redaction)
            worker = nil
            switch problem {
            case .exited:
                notes.append(
                    "the worker had ended since its previous answer (\(WorkerText.ending(stopped.ending))); "
                        + "a new one answered this case")
            case .strayOutput(let bytes):
                notes.append(
                    "after its previous answer the worker printed \(WorkerText.preview(bytes)), which no request "
                        + "asked for, so it was replaced before this case (one line per request on stdout; logs "
                        + "go to stderr)")
            }
        }
        let current: WorkerProcess
        if let worker {
            current = worker
        } else {
            do {
                current = try WorkerProcess.start(settings)
            } catch {
                return failed(ProviderFailure(reason: "the worker cannot start: \(error.description)"), since: started)
            }
            worker = current
        }
        sequence += 1
        let id = "\(number)-\(sequence)"
        let deadline = ProcessRunner.deadline(after: settings.timeoutSeconds, from: started)
        let line = WorkerRequest.line(planned.request, id: id)
        switch current.exchange(line, until: deadline, limit: settings.outputLimit) {
        case .line(let bytes):
            switch WorkerAnswer.read(settings.redaction.redact(bytes), id: id) {
            case .answer(var answer):
                current.answered += 1
                failedStarts = 0
                answer.notes = notes + answer.notes
                let duration = ProcessRunner.elapsedMs(since: started)
                if let problem = answer.problem {
                    return .failed(ProviderFailure(reason: problem), durationMs: duration, output: answer)
                }
                return .answered(answer, durationMs: duration)
            case .error(let message):
                // The worker said why it has no answer and goes on: its stream is still in step.
                current.answered += 1
                failedStarts = 0
                current.stderr.settle()
                let tail = settings.redaction.redact(current.stderr.snapshot()).suffix(ProcessRunner.stderrTailLimit)
                return .failed(
                    ProviderFailure(
                        reason: "the worker could not answer: \(message)", stderrTail: ProviderText.tail(Array(tail))),
                    durationMs: ProcessRunner.elapsedMs(since: started))
            case .unusable(let why):
                return retire(current, since: started) { _ in
                    ProviderFailure(reason: why + ", so it was stopped (its output can no longer be trusted)")
                }
            }
        case .timedOut:
            return retire(current, since: started, counts: false) { _ in
                ProviderFailure(
                    reason: "the worker timed out after \(TimeText.seconds(settings.timeoutSeconds)) and was stopped",
                    timedOut: true)
            }
        case .overflowed:
            return retire(current, since: started) { _ in
                ProviderFailure(
                    reason: "the worker's answer line was longer than \(WorkerText.size(settings.outputLimit)) (the "
                        + "output limit), so it was stopped")
            }
        case .ended:
            return retire(current, since: started) { ending in
                switch ending {
                case .exited(let code)?:
                    return ProviderFailure(
                        reason: "the worker exited with code \(code) before answering", exitCode: code)
                case .signaled(let signal)?:
                    return ProviderFailure(
                        reason: "the worker was ended by signal \(signal)\(ProviderText.signalName(signal)) before "
                            + "answering", signal: signal)
                default:
                    return ProviderFailure(
                        reason: "the worker closed its standard output without answering and was stopped")
                }
            }
        }
    }

    /// The case in flight failed: the worker is stopped with everything it started, and `failure`
    /// (told how it ended, nil when deadbolt killed it) gets its stderr tail.
    private func retire(
        _ current: WorkerProcess, since started: ContinuousClock.Instant, counts: Bool = true,
        failure: (ProcessOutcome.Ending?) -> ProviderFailure
    ) -> ProviderReply {
        let stopped = current.stop(redaction: settings.redaction)
        worker = nil
        var made = failure(stopped.ending)
        made.stderrTail = ProviderText.tail(stopped.stderrTail)
        guard counts && current.answered == 0 else {
            made.reason += "; a new one starts for the next case"
            return .failed(made, durationMs: ProcessRunner.elapsedMs(since: started))
        }
        return failed(made, since: started)
    }

    /// A worker that ended without answering once: counted, and after `startAttempts` in a row
    /// the job gives up on its worker.
    private func failed(_ failure: ProviderFailure, since started: ContinuousClock.Instant) -> ProviderReply {
        var made = failure
        failedStarts += 1
        if failedStarts >= Self.startAttempts {
            made.reason +=
                "; that is \(failedStarts) workers in a row that did not answer once, so no new one starts for "
                + "this job's remaining cases"
            givenUp = ProviderFailure(
                reason: "the worker did not start properly: \(failedStarts) in a row failed before answering once "
                    + "(the last: \(failure.reason))", stderrTail: failure.stderrTail)
        } else {
            made.reason += "; a new one starts for the next case"
        }
        return .failed(made, durationMs: ProcessRunner.elapsedMs(since: started))
    }

    /// Takes the worker away for shutting down; no other starts after this.
    func close() -> WorkerProcess? {
        lock.lock()
        defer { lock.unlock() }
        closed = true
        let current = worker
        worker = nil
        return current
    }
}

/// The request line a worker reads: the request of `protocol: once` with `"id"` first.
enum WorkerRequest {
    /// `id` is written as it is: deadbolt's ids are digits and dashes, which JSON never escapes.
    static func line(_ request: [UInt8], id: String) -> [UInt8] {
        let field = Array("{\"id\":\"\(id)\"".utf8)
        guard let open = request.firstIndex(of: UInt8(ascii: "{")) else { return field + Array("}\n".utf8) }
        var line = field
        line.reserveCapacity(request.count + field.count + 2)
        let rest = request[(open + 1)...]
        let next = rest.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x09 && $0 != 0x0D }
        if next != UInt8(ascii: "}") { line.append(UInt8(ascii: ",")) }
        line.append(contentsOf: rest)
        if line.last != 0x0A { line.append(0x0A) }
        return line
    }
}

/// Reads one answer line of a worker.
enum WorkerAnswer {
    enum Reading {
        case answer(ProviderAnswer)
        /// `{"id", "error"}`: the worker could not answer this case, and says why.
        case error(String)
        /// Why the line is not an answer to the request in flight.
        case unusable(String)
    }

    static func read(_ bytes: [UInt8], id: String) -> Reading {
        var line = bytes[...]
        if line.last == 0x0D { line = line.dropLast() }
        let value: JSONValue
        do {
            value = try AnswerJSON.read(line)
        } catch {
            return .unusable(
                "the worker's answer line is not JSON (\(error.message)): \(WorkerText.preview(Array(line))); a "
                    + "jsonl worker prints exactly one JSON object per request on stdout, and logs to stderr")
        }
        guard case .object(let object) = value else {
            return .unusable(
                "the worker's answer line is a JSON \(value.typeName), not an object {\"id\", \"output\"}: "
                    + WorkerText.preview(Array(line)))
        }
        guard let answered = object["id"] else {
            return .unusable(
                "the worker's answer has no `id` (the request's was \(JSONValue.string(id).compactText()))")
        }
        guard answered == .string(id) else {
            return .unusable(
                "the worker answered request \(WorkerText.json(answered)), but the "
                    + "request in flight was \(JSONValue.string(id).compactText()); a jsonl worker answers each "
                    + "request, in order, with its `id`")
        }
        guard object["output"] != nil else {
            if let error = object["error"], error != .null {
                return .error(WorkerText.oneLine(error.stringValue ?? error.compactText()))
            }
            return .unusable("the worker's answer has no `output`: \(WorkerText.preview(Array(line)))")
        }
        return .answer(ProviderAnswer(fields: object))
    }
}

/// How worker failures read.
enum WorkerText {
    /// Bytes a worker printed, quoted and cut short.
    static func preview(_ bytes: [UInt8], limit: Int = 120) -> String {
        let text = String(decoding: bytes.prefix(limit * 4), as: UTF8.self)
        let cut = text.count > limit
        return JSONValue.string(String(text.prefix(limit))).compactText() + (cut ? "…" : "")
    }

    /// A JSON value a worker sent, as compact JSON cut short.
    static func json(_ value: JSONValue, limit: Int = 120) -> String {
        let text = value.compactText()
        return text.count > limit ? String(text.prefix(limit)) + "…" : text
    }

    /// A worker's error message on one line, cut short.
    static func oneLine(_ text: String, limit: Int = 500) -> String {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        let joined = lines.filter { !$0.isEmpty }.joined(separator: " / ")
        return joined.count > limit ? String(joined.prefix(limit)) + "…" : joined
    }

    static func ending(_ ending: ProcessOutcome.Ending?) -> String {
        switch ending {
        case .exited(let code)?: return "it exited with code \(code)"
        case .signaled(let signal)?: return "signal \(signal)\(ProviderText.signalName(signal))"
        default: return "it closed its standard output"
        }
    }

    static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10 && bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
