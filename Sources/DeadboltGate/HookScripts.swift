/// The hook scripts `deadbolt install` writes; `hooks/` in the repository holds the same text
/// (a test keeps them equal).
public enum HookScripts {
    /// The line that marks a hook as deadbolt's.
    public static let marker = "# deadbolt-hook:"

    public static let names = ["pre-push", "commit-msg"]

    /// The hook `name`, remembering `binary` (an absolute path) as the deadbolt to run, as
    /// pre-commit's hooks remember their interpreter; `hooks/` in the repository holds them without.
    public static func script(_ name: String, binary: String? = nil) -> String {
        let text = name == "pre-push" ? prePush : commitMessage
        guard let binary, binary.hasPrefix("/") else { return text }
        return text.replacingOccurrences(of: "\ninstalled_by=''\n", with: "\ninstalled_by=\(shellQuoted(binary))\n")
    }

    /// `text` in single quotes, as a POSIX shell reads it back.
    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    public static let prePush = #"""
        #!/bin/sh
        # deadbolt-hook: pre-push
        # Runs the pre-push gate over what git is pushing. Installed by `deadbolt install`;
        # a hook that was here before runs first, from pre-push.deadbolt-chained.
        # It runs on every push, so it starts no process it can avoid.
        hook_dir=${0%/*}
        # The deadbolt that installed this hook; DEADBOLT_BIN, when set, wins, and PATH is the last resort.
        installed_by=''
        if [ -n "${DEADBOLT_BIN:-}" ] && [ -x "$DEADBOLT_BIN" ]; then
            deadbolt=$DEADBOLT_BIN
        elif [ -z "${DEADBOLT_BIN:-}" ] && [ -n "$installed_by" ] && [ -x "$installed_by" ]; then
            deadbolt=$installed_by
        elif [ -z "${DEADBOLT_BIN:-}" ] && command -v deadbolt >/dev/null 2>&1; then
            deadbolt=deadbolt
        else
            was=${installed_by:+ (it was $installed_by)}
            echo "deadbolt: the pre-push hook cannot find the deadbolt binary$was." >&2
            echo "  install it: swift build -c release --static-swift-stdlib --product deadbolt, then copy" >&2
            echo "  .build/release/deadbolt onto your PATH (or set DEADBOLT_BIN to its path)." >&2
            echo "  to push without the gate this once: git push --no-verify" >&2
            exit 1
        fi
        if [ -x "$hook_dir/pre-push.deadbolt-chained" ]; then
            input=$(cat)
            printf '%s\n' "$input" | "$hook_dir/pre-push.deadbolt-chained" "$@" || exit $?
            printf '%s\n' "$input" | "$deadbolt" hook pre-push "$@"
            exit $?
        fi
        exec "$deadbolt" hook pre-push "$@"

        """#

    public static let commitMessage = #"""
        #!/bin/sh
        # deadbolt-hook: commit-msg
        # Asks for a bug link when the staged change touches a prompt or guardrail. Installed by
        # `deadbolt install`; a hook that was here before runs first, from commit-msg.deadbolt-chained.
        hook_dir=${0%/*}
        # The deadbolt that installed this hook; DEADBOLT_BIN, when set, wins, and PATH is the last resort.
        installed_by=''
        if [ -x "$hook_dir/commit-msg.deadbolt-chained" ]; then
            "$hook_dir/commit-msg.deadbolt-chained" "$@" || exit $?
        fi
        if [ -n "${DEADBOLT_BIN:-}" ] && [ -x "$DEADBOLT_BIN" ]; then
            deadbolt=$DEADBOLT_BIN
        elif [ -z "${DEADBOLT_BIN:-}" ] && [ -n "$installed_by" ] && [ -x "$installed_by" ]; then
            deadbolt=$installed_by
        elif [ -z "${DEADBOLT_BIN:-}" ] && command -v deadbolt >/dev/null 2>&1; then
            deadbolt=deadbolt
        else
            was=${installed_by:+ (it was $installed_by)}
            echo "deadbolt: the commit-msg hook cannot find the deadbolt binary$was." >&2
            echo "  install it: swift build -c release --static-swift-stdlib --product deadbolt, then copy" >&2
            echo "  .build/release/deadbolt onto your PATH (or set DEADBOLT_BIN to its path)." >&2
            echo "  to commit without the check this once: git commit --no-verify" >&2
            exit 1
        fi
        exec "$deadbolt" hook commit-msg "$@"

        """#
}
