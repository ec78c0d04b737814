import DeadboltFuzz

#if canImport(Glibc)
    import Glibc
#endif

#if DEADBOLT_FUZZING
    // Built by scripts/fuzz.sh (`--sanitize fuzzer`), libFuzzer owns `main` and calls these two.
    // DEADBOLT_FUZZ_TARGET names the target, so one binary serves every parser.
    nonisolated(unsafe) private var selected: FuzzTarget?

    @_cdecl("LLVMFuzzerInitialize")
    public func fuzzerInitialize(
        _ argc: UnsafeMutablePointer<Int32>?,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?
    ) -> Int32 {
        selected = FuzzReplay.target(named: getenv("DEADBOLT_FUZZ_TARGET").map { String(cString: $0) } ?? "")
        return 0
    }

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        selected?.body(bytes)
        return 0
    }
#endif

/// Replays files through a target without the fuzzer, to reproduce a finding or check a corpus.
///
///     deadbolt-fuzz TARGET FILE...   replays files (a folder stands for the files in it)
///     deadbolt-fuzz --list           names the targets
///
/// Built by `scripts/fuzz.sh build` (`--sanitize fuzzer --sanitize address -DDEADBOLT_FUZZING`), the
/// binary is libFuzzer itself, through the two functions above, and has no replay `main`.
enum FuzzReplay {
    /// A line on standard error.
    static func complain(_ line: String) {
        let bytes = Array(line.utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }

    static func target(named name: String) -> FuzzTarget {
        if let target = FuzzTarget.named(name) { return target }
        let names = FuzzTarget.all.map(\.name).joined(separator: ", ")
        complain("deadbolt-fuzz: unknown target `\(name)`; the targets are \(names)\n")
        exit(2)
    }

    static func replay(_ arguments: [String]) {
        if arguments.first == "--list" {
            for target in FuzzTarget.all { print("\(target.name)\t\(target.summary)") }
            return
        }
        guard let name = arguments.first, arguments.count > 1 else {
            complain("usage: deadbolt-fuzz TARGET FILE..., or deadbolt-fuzz --list\n")
            exit(2)
        }
        let target = target(named: name)
        var count = 0
        for path in arguments.dropFirst() {
            guard let files = FuzzCorpus.files(at: path) else {
                complain("deadbolt-fuzz: \(path): no such file or folder\n")
                exit(2)
            }
            for file in files {
                guard let bytes = FuzzCorpus.read(file) else {
                    complain("deadbolt-fuzz: \(file): cannot be read\n")
                    exit(2)
                }
                target.body(bytes)
                count += 1
            }
        }
        print("deadbolt-fuzz: \(target.name): \(count) inputs, no crash")
    }
}

#if !DEADBOLT_FUZZING
    @main enum FuzzMain {
        static func main() { FuzzReplay.replay(Array(CommandLine.arguments.dropFirst())) }
    }
#endif
