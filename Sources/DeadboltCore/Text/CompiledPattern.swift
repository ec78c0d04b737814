import CPattern

extension Pattern {
    /// The PCRE2 program of a pattern, freed with the last copy of the ``Pattern`` that holds it.
    /// PCRE2 allows one compiled program to be matched from several threads at once.
    final class Compiled: @unchecked Sendable {
        let program: OpaquePointer

        private init(program: OpaquePointer) { self.program = program }

        deinit { deadbolt_pattern_free(program) }

        /// Why a pattern does not compile.
        struct Reason: Error { var text: String }

        static func make(_ source: String) -> Result<Compiled, Reason> {
            var message = [CChar](repeating: 0, count: 256)
            var offset = 0
            let bytes = Array(source.utf8)
            let program = bytes.withUnsafeBufferPointer { source in
                deadbolt_pattern_compile(source.baseAddress, source.count, &message, message.count, &offset)
            }
            guard let program else {
                let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                return .failure(Reason(text: "\(text.isEmpty ? "it does not compile" : text) at offset \(offset)"))
            }
            return .success(Compiled(program: program))
        }

        /// One match, in byte offsets of the subject: the whole of it and its group 1.
        struct Match {
            var whole: Range<Int>
            var group: String?
        }

        enum Outcome {
            case found(Match)
            case none
            case overBudget
        }

        /// The first match in `subject` at or after `start` (at `start` only when `anchored`),
        /// spending from `steps`.
        func match(in subject: [UInt8], from start: Int, anchored: Bool, steps: inout UInt64) -> Outcome {
            var range = [Int](repeating: 0, count: 4)
            let result = subject.withUnsafeBufferPointer { bytes in
                range.withUnsafeMutableBufferPointer { range in
                    deadbolt_pattern_match(
                        program, bytes.baseAddress, bytes.count, start, anchored ? 1 : 0, &steps, range.baseAddress)
                }
            }
            switch result {
            case DEADBOLT_PATTERN_MATCH:
                let whole = range[0]..<max(range[0], range[1])
                var group: String?
                if range[2] >= 0, range[3] >= range[2], range[3] <= subject.count {
                    group = String(decoding: subject[range[2]..<range[3]], as: UTF8.self)
                }
                return .found(Match(whole: whole, group: group))
            case DEADBOLT_PATTERN_OVER_BUDGET: return .overBudget
            default: return .none
            }
        }

        /// Every match in `subject`, left to right, and whether the budget ran out before the end.
        func matches(in subject: [UInt8], steps: inout UInt64) -> (matches: [Match], overBudget: Bool) {
            var found: [Match] = []
            var position = 0
            while position <= subject.count {
                switch match(in: subject, from: position, anchored: false, steps: &steps) {
                case .none: return (found, false)
                case .overBudget: return (found, true)
                case .found(let match):
                    found.append(match)
                    position = match.whole.upperBound
                    if match.whole.isEmpty {
                        // An empty match: go on after the character it stands before.
                        position += 1
                        while position < subject.count, subject[position] & 0xC0 == 0x80 { position += 1 }
                    }
                }
            }
            return (found, false)
        }
    }
}
