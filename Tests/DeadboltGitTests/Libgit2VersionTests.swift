import Foundation
import Testing

@testable import DeadboltGit

@Suite struct Libgit2VersionTests {
    static let requested = ProcessInfo.processInfo.environment["DEADBOLT_TEST_LIBGIT2_VERSION"]

    /// The linked archive is the libgit2 whose headers DeadboltGit was compiled with. A build given another
    /// libgit2's headers (scripts/libgit2-compat.sh) that still found the system's archive first would hand
    /// one version's structs to the other's code.
    @Test func runsTheLibgit2ItWasCompiledAgainst() {
        #expect(Libgit2.runtimeVersion == Libgit2.headerVersion)
    }

    /// `DEADBOLT_TEST_LIBGIT2_VERSION`, which scripts/libgit2-compat.sh sets, names the libgit2 the build
    /// under test must run.
    @Test(.enabled(if: requested != nil)) func runsTheRequestedLibgit2() {
        #expect(Libgit2.runtimeVersion == Self.requested)
    }
}
