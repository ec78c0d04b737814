import CLibgit2

/// The single door through which every libgit2 call's result passes.
enum Libgit2 {
    /// libgit2's global state, set up once per process.
    ///
    /// `git_libgit2_init` is reference counted and never balanced here: the process ends first.
    static let initialized: Bool = {
        git_libgit2_init()
        return true
    }()

    /// The libgit2 this process runs, as `git_libgit2_version` reports it ("1.5.1"): the static archive
    /// that was linked, which can differ from the headers it was compiled against (`headerVersion`).
    static var runtimeVersion: String {
        var major: Int32 = 0
        var minor: Int32 = 0
        var revision: Int32 = 0
        git_libgit2_version(&major, &minor, &revision)
        return "\(major).\(minor).\(revision)"
    }

    /// The libgit2 whose headers DeadboltGit was compiled against.
    static let headerVersion = "\(LIBGIT2_VER_MAJOR).\(LIBGIT2_VER_MINOR).\(LIBGIT2_VER_REVISION)"

    /// Throws when `code` is negative, with libgit2's message for this thread.
    ///
    /// `git_error_last()` is thread-local and overwritten by the next failing call, so it is
    /// read at once and cleared.
    @discardableResult
    static func check(_ code: Int32, _ operation: @autoclosure () -> String) throws(GitError) -> Int32 {
        guard code < 0 else { return code }
        throw GitError.libgit2(operation: operation(), code: code, message: lastMessage())
    }

    /// libgit2's last error message on this thread, cleared after reading.
    ///
    /// 1.5 answers NULL when there is none; 1.8 never does, but an error of class `GIT_ERROR_NONE`.
    static func lastMessage() -> String {
        defer { git_error_clear() }
        guard let error = git_error_last(), error.pointee.klass != Int32(GIT_ERROR_NONE.rawValue),
            let message = error.pointee.message
        else {
            return "no message from libgit2"
        }
        return String(cString: message)
    }
}
