import DeadboltCore
import DeadboltGit

// The git floor does not see the core; this floor sees both, so it says that a git error is a
// diagnostic like every other floor's.
extension GitError: Diagnostic {}
