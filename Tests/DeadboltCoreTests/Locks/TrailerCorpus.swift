/// Commit messages as people and tools really write them, for comparing trailer parsing with
/// `git interpret-trailers --parse`.
enum TrailerCorpus {
    static let messages: [String] = [
        // Plain trailers.
        "Fix pro-rata refunds\n\nAnnual plans were refunded in full.\n\n"
            + "Bug: BUG-142\nSigned-off-by: Ana <ana@example.com>\n",
        // Title only.
        "Fix pro-rata refunds\n",
        // Title with a colon is never a trailer.
        "Bug: title looks like a trailer\n",
        // Fixes #N mixed with trailers.
        "Tighten refund wording\n\nFixes #12\nReviewed-by: Li <li@example.com>\n",
        // Bug URL in the middle of the body, not in the last paragraph.
        "Shorten prompt\n\nBug: https://tracker.example.com/BUG-7\nThis text follows the line.\n\nJust prose here.\n",
        // A ---- line in the body (libgit2 hides the trailers after it).
        "Refactor\n\n----\nSome ascii art\n----\n\nBug: BUG-9\nIssue: PROJ-3\n",
        // A --- divider: the patch part is ignored.
        "Send patch\n\nBody.\n\nBug: BUG-1\n---\n prompts/refund.md | 2 +-\n\nNot-a-trailer: after divider\n",
        // Folded trailer values.
        "Long trailer\n\nBody text.\n\nBug: https://tracker.example.com/\n  BUG-77\n"
            + "Co-authored-by: A Person\n\t<a@example.com>\n",
        // Signed-off-by block with prose (25% rule).
        "Mixed block\n\nBody.\n\nThis line is prose inside the block.\n"
            + "Signed-off-by: Ana <ana@example.com>\nSigned-off-by: Li <li@example.com>\n",
        // Prose block without a git-generated trailer: not trailers.
        "Prose\n\nBody.\n\nThis line is prose.\nBug: BUG-2\n",
        // CRLF line ends.
        "Windows message\r\n\r\nBody.\r\n\r\nBug: BUG-55\r\nFixes: #3\r\n",
        // Non-ASCII keys.
        "Unicode\n\nBody.\n\nFehler-Nr: BUG-4\nRésolu: BUG-5\n",
        // Comment lines and the scissors line.
        "With comments\n\nBody.\n\nBug: BUG-6\n# Please enter the commit message\n"
            + "# ------------------------ >8 ------------------------\ndiff --git a/x b/x\n",
        // Key with spaces before the colon.
        "Spaced key\n\nBody.\n\nBug : BUG-8\nIssue\t: PROJ-9\n",
        // Empty value.
        "Empty value\n\nBody.\n\nNo-Lock:\nBug: BUG-10\n",
        // Cherry-pick line.
        "Backport\n\nBody.\n\n(cherry picked from commit 0123456789abcdef0123456789abcdef01234567)\n",
        // Trailing blank lines.
        "Trailing blanks\n\nBody.\n\nBug: BUG-11\n\n\n",
        // A continuation after a non-trailer line.
        "Odd continuation\n\nBody.\n\nSigned-off-by: Ana <ana@example.com>\nprose line\n  indented after prose\n",
        // Key with a URL value and colon in the value.
        "URL value\n\nBody.\n\nBug: https://github.com/org/repo/issues/9\nSee-also: https://example.com/a:b\n",
        // Only a blank body paragraph.
        "Blank body\n\n   \n",
    ]
}
