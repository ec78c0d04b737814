// swift-tools-version: 6.2
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "deadbolt",
    products: [
        .executable(name: "deadbolt", targets: ["deadbolt"]),
        .executable(name: "deadbolt-fuzz", targets: ["deadbolt-fuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        // libgit2 as Debian ships it (libgit2-dev 1.5.1). Its headers are in /usr/include; the library is
        // linked by DeadboltGit below, not by the module map, so that it can be the static archive.
        .systemLibrary(name: "CLibgit2", providers: [.apt(["libgit2-dev"])]),
        // libgit2 for a program that reads local repositories only: its TLS and SSH set-up skipped, its
        // Kerberos calls answered "not available" (Sources/CGitLocalOnly/git_local_only.c).
        .target(name: "CGitLocalOnly"),
        // The only module that imports CLibgit2. libgit2 and what it needs (`pkg-config --static --libs
        // libgit2`) are linked from their static archives, which libgit2-dev brings with it: a hook starts
        // without loading fourteen shared libraries, and `--wrap` sends libgit2's calls that prepare for
        // remotes to CGitLocalOnly. Only zlib stays shared.
        .target(
            name: "DeadboltGit", dependencies: ["CLibgit2", "CGitLocalOnly"], swiftSettings: strict,
            linkerSettings: [
                .linkedLibrary(":libgit2.a"), .linkedLibrary(":libmbedtls.a"), .linkedLibrary(":libmbedx509.a"),
                .linkedLibrary(":libmbedcrypto.a"), .linkedLibrary(":libhttp_parser.a"),
                .linkedLibrary(":libssh2.a"), .linkedLibrary(":libpcre2-8.a"), .linkedLibrary(":libcrypto.a"),
                .linkedLibrary("z"),
                .unsafeFlags(
                    [
                        "git_mbedtls_stream_global_init", "git_mbedtls_stream_new", "git_mbedtls_stream_wrap",
                        "git_mbedtls__set_cert_location", "git_transport_ssh_global_init",
                        "git_transport_ssh_libssh2_global_init",
                    ].flatMap { ["-Xlinker", "--wrap=\($0)"] }),
            ]),
        // PCRE2 (libpcre2-dev, which libgit2-dev brings) for the patterns of deadbolt.yml: a budget of
        // steps per scan through its callouts. The static archive, as libgit2 links it.
        .target(name: "CPattern", linkerSettings: [.linkedLibrary(":libpcre2-8.a")]),
        // The domain: pure, no processes, no sockets, no files. CSV.swift reads warehouse exports from a stream
        // the gate opens.
        .target(
            name: "DeadboltCore",
            dependencies: [
                "Yams", "CPattern", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CSV", package: "CSV.swift"),
            ],
            swiftSettings: strict),
        // posix_spawn with the GNU file actions (chdir, closefrom) Swift's Glibc does not import.
        .target(name: "CSpawn"),
        // Providers, the scheduler, exec assertions: the floor that spawns processes.
        .target(name: "DeadboltRunner", dependencies: ["DeadboltCore", "CSpawn"], swiftSettings: strict),
        // The one HTTP client: time limits, bounded retries honouring Retry-After, proxy, SSL_CERT_FILE,
        // secrets taken out of what it says. Posting and the model provider both send through it.
        .target(
            name: "DeadboltHTTP",
            dependencies: [
                "DeadboltCore", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
        // Providers that call a model's HTTP API themselves (`type: openai`), over DeadboltHTTP.
        .target(
            name: "DeadboltModels", dependencies: ["DeadboltCore", "DeadboltRunner", "DeadboltHTTP"],
            swiftSettings: strict),
        // Text, JSON, JUnit, Markdown and HTML verdicts, and posting them to GitHub and GitLab.
        .target(name: "DeadboltReport", dependencies: ["DeadboltCore", "DeadboltHTTP"], swiftSettings: strict),
        // The two SQLite calls Swift cannot make itself (variadic config, SQLITE_TRANSIENT binds).
        .target(name: "CSQLite", linkerSettings: [.linkedLibrary("sqlite3")]),
        // Eval records: SQLite (GRDB) in the git directory, or PostgreSQL (postgres-nio) for a team.
        .target(
            name: "DeadboltHistory",
            dependencies: [
                "DeadboltCore", "CSQLite", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
        // The use cases: ranges, the gate plan and run, locks and their proofs, capture, hooks.
        // MultipartKit reads the bodies the LangSmith SDK posts, for capture.
        .target(
            name: "DeadboltGate",
            dependencies: [
                "DeadboltGit", "DeadboltCore", "DeadboltRunner", "DeadboltHTTP", "DeadboltModels", "DeadboltReport",
                "DeadboltHistory", .product(name: "MultipartKit", package: "multipart-kit"),
            ],
            swiftSettings: strict
        ),
        // The commands: options, diagnostics and output only.
        .target(
            name: "DeadboltCLI",
            dependencies: [
                "DeadboltGate", "DeadboltCore", "DeadboltReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // Linked as a position-dependent executable: a hook runs on every push, and the loader's
        // relocations of a position-independent one were a quarter of its start-up (BENCHMARKS.md,
        // "Start-up"). The trade-off, no ASLR for the main executable, is in the README.
        .executableTarget(
            name: "deadbolt", dependencies: ["DeadboltCLI"], swiftSettings: strict,
            linkerSettings: [.unsafeFlags(["-Xlinker", "-no-pie", "-Xlinker", "--no-export-dynamic"])]),

        // Every parser of untrusted input as a fuzz target (docs/fuzzing.md): the targets, and one binary
        // that replays inputs or, built by scripts/fuzz.sh with --sanitize fuzzer, is libFuzzer.
        .target(
            name: "DeadboltFuzz",
            dependencies: ["DeadboltCore", "DeadboltReport", "DeadboltRunner", "DeadboltModels", "DeadboltHTTP"],
            swiftSettings: strict),
        .executableTarget(name: "deadbolt-fuzz", dependencies: ["DeadboltFuzz"], swiftSettings: strict),

        .target(name: "TestSupport", dependencies: [], path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "DeadboltGitTests", dependencies: ["DeadboltGit", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "DeadboltCoreTests", dependencies: ["DeadboltCore", "TestSupport", "Yams"],
            exclude: ["Capture/Fixtures"],
            swiftSettings: strict),
        .testTarget(
            name: "DeadboltRunnerTests", dependencies: ["DeadboltRunner", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "DeadboltGateTests",
            dependencies: [
                "DeadboltGate", "DeadboltGit", "DeadboltCore", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "DeadboltReportTests",
            dependencies: ["DeadboltReport", "DeadboltHTTP", "DeadboltCore", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "DeadboltModelsTests",
            dependencies: ["DeadboltModels", "DeadboltHTTP", "DeadboltRunner", "DeadboltCore", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "DeadboltHistoryTests",
            dependencies: [
                "DeadboltHistory", "DeadboltCore", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "DeadboltCLITests",
            dependencies: ["DeadboltCLI", "DeadboltHistory", "DeadboltCore", "TestSupport"],
            swiftSettings: strict
        ),
        .testTarget(name: "DeadboltFuzzTests", dependencies: ["DeadboltFuzz"], swiftSettings: strict),
    ]
)
