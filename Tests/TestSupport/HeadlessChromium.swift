import Foundation

/// A real browser for the HTML reports: Debian's `chromium`, headless. A test opens a copy of a report
/// with a checking script added at its end, lets the page lay itself out, and reads back what the
/// script measured. `.ci/run` installs Chromium; elsewhere the tests skip when it is missing.
public enum HeadlessChromium {
    /// The browser on PATH, if any.
    public static let path: String? = {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for folder in folders where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return "\(folder)/\(name)"
            }
        }
        return nil
    }()

    /// Whether the browser tests run: always in CI (where a missing browser is a failure), else when
    /// one is installed.
    public static var enabled: Bool { path != nil || ProcessInfo.processInfo.environment["CI"] != nil }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Opens `report` at `width` × `height` with `script` run after the page has loaded, and returns
    /// the text the script put in `document.title`'s place: `script` ends by calling
    /// `deadboltReport(text)`.
    public static func measure(_ report: String, script: String, width: Int = 1200, height: Int = 900) throws
        -> String
    {
        guard let path else { throw Failure(description: "chromium is not installed (apt-get install chromium)") }
        let html = try String(contentsOfFile: report, encoding: .utf8)
        guard let end = html.range(of: "</body>", options: .backwards) else {
            throw Failure(description: "\(report) has no </body>")
        }
        let probe = """
            <script>
            function deadboltReport(text){var p=document.createElement('pre');p.id='deadbolt-check';
            p.textContent=text;document.body.appendChild(p);}
            window.addEventListener('load',function(){try{\(script)}catch(e){deadboltReport('error: '+e);}});
            </script>
            """
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let copy = folder + "/probe.html"
        try (html[..<end.lowerBound] + probe + html[end.lowerBound...]).write(
            toFile: copy, atomically: true, encoding: .utf8)
        let result = try run(path, ["--dump-dom", "file://" + copy], width: width, height: height, home: folder)
        guard result.status == 0 else {
            throw Failure(description: "chromium exited \(result.status): \(result.stderr.suffix(2000))")
        }
        guard let start = result.stdout.range(of: "<pre id=\"deadbolt-check\">"),
            let stop = result.stdout.range(of: "</pre>", range: start.upperBound..<result.stdout.endIndex)
        else {
            throw Failure(
                description: "the check script reported nothing; the page was:\n\(result.stdout.prefix(2000))")
        }
        return unescape(String(result.stdout[start.upperBound..<stop.lowerBound]))
    }

    /// What the browser logged while showing `report` untouched, a line a message: a page that
    /// breaks its own Content-Security-Policy ("... violates the following Content Security Policy
    /// directive ...") or throws shows here; a clean page logs nothing.
    public static func console(_ report: String) throws -> String {
        guard let path else { throw Failure(description: "chromium is not installed (apt-get install chromium)") }
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let absolute = report.hasPrefix("/") ? report : FileManager.default.currentDirectoryPath + "/" + report
        let result = try run(
            path, ["--enable-logging=stderr", "--v=0", "--dump-dom", "file://" + absolute], width: 1200, height: 900,
            home: folder)
        return result.stderr.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Refused") }
            .joined(separator: "\n")
    }

    static func run(_ path: String, _ arguments: [String], width: Int, height: Int, home: String) throws
        -> ProcessResult
    {
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = home
        // A browser that hangs is stopped after a minute, and the test fails on its exit status.
        return try ProcessResult.run(
            [
                "timeout", "60", path, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--hide-scrollbars",
                "--user-data-dir=\(home)/profile", "--window-size=\(width),\(height)",
                "--virtual-time-budget=5000",
            ] + arguments, in: home, environment: environment)
    }

    static func temporaryFolder() throws -> String {
        let folder = NSTemporaryDirectory() + "deadbolt-chromium-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
