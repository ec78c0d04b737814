import DeadboltCore

/// The verdict as JUnit XML: one testsuite per dataset, one testcase per case, `failure` and
/// `error` elements with the assertion message and the diff, properties with the shared keys.
/// Accepted by GitLab's and Jenkins' JUnit parsers (checked with junitparser in the tests).
public enum JUnitReport {
    public static func render(_ verdict: Verdict) -> String {
        var byDataset: [String: [CaseResult]] = [:]
        for result in verdict.results { byDataset[result.dataset, default: []].append(result) }
        let counts = verdict.counts
        let failures = (counts[.failed] ?? 0) + (counts[.flaky] ?? 0)
        let errors = counts[.errored] ?? 0
        let totalSeconds = Double(verdict.results.reduce(0) { $0 + $1.durationMs }) / 1000
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out +=
            "<testsuites name=\"deadbolt \(escape(verdict.gate))\" tests=\"\(verdict.results.count)\" "
            + "failures=\"\(failures)\" errors=\"\(errors)\" time=\"\(seconds(totalSeconds))\">\n"
        for dataset in byDataset.keys.sorted() {
            let results = byDataset[dataset]!
            let suiteFailures = results.filter { $0.status == .failed || $0.status == .flaky }.count
            let suiteErrors = results.filter { $0.status == .errored }.count
            let suiteTime = Double(results.reduce(0) { $0 + $1.durationMs }) / 1000
            out +=
                "  <testsuite name=\"\(escape(dataset))\" tests=\"\(results.count)\" failures=\"\(suiteFailures)\" "
                + "errors=\"\(suiteErrors)\" skipped=\"0\" time=\"\(seconds(suiteTime))\">\n"
            var properties: [(String, String)] = [("gate", verdict.gate)]
            if let head = verdict.head { properties.append(("head", head)) }
            if let base = verdict.base { properties.append(("base", base)) }
            if let headline = verdict.changeHeadline { properties.append(("history", headline)) }
            out += "    <properties>\n"
            for (name, value) in properties {
                out += "      <property name=\"\(escape(name))\" value=\"\(escape(value))\"/>\n"
            }
            out += "    </properties>\n"
            for result in results {
                out +=
                    "    <testcase classname=\"\(escape(dataset))\" name=\"\(escape(result.caseID))\" "
                    + "file=\"\(escape(result.file))\" line=\"\(result.line)\" "
                    + "time=\"\(seconds(Double(result.durationMs) / 1000))\">\n"
                var caseProperties: [(String, String)] = [("tier", result.tier.rawValue)]
                if let model = result.model { caseProperties.append(("model", model)) }
                if let bug = result.bugLink { caseProperties.append(("bug_link", bug)) }
                if let change = result.change { caseProperties.append(("change", change.rawValue)) }
                if let baseline = result.baseline {
                    caseProperties.append(("baseline_commit", baseline.commit))
                    caseProperties.append(("baseline_status", baseline.status.rawValue))
                }
                out += "      <properties>\n"
                for (name, value) in caseProperties {
                    out += "        <property name=\"\(escape(name))\" value=\"\(escape(value))\"/>\n"
                }
                out += "      </properties>\n"
                switch result.status {
                case .passed:
                    break
                case .failed, .flaky:
                    let failing = result.assertions.filter { !$0.pass }
                    let message =
                        result.status == .flaky
                        ? "flaky: runs " + result.runs.map(\.rawValue).joined(separator: ", ")
                        : failing.map { "\($0.type): \($0.message)" }.joined(separator: "; ")
                    let body = failing.map { "\($0.type): \($0.message)" + ($0.diff.map { "\n\($0)" } ?? "") }.joined(
                        separator: "\n\n")
                    let type = result.status == .flaky ? "flaky" : "assertion"
                    out += "      <failure type=\"\(type)\" message=\"\(escape(message))\">\(escape(body))</failure>\n"
                case .errored:
                    let failure = result.failure
                    let reason = escape(failure?.reason ?? "the provider did not answer")
                    let tail = escape(failure?.stderrTail ?? "")
                    out += "      <error type=\"provider\" message=\"\(reason)\">\(tail)</error>\n"
                }
                if let output = result.output {
                    out += "      <system-out>\(escape(output))</system-out>\n"
                }
                out += "    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }

    static func seconds(_ value: Double) -> String {
        String(Double(Int(value * 1000)) / 1000)
    }

    /// XML text and attribute escaping; characters XML 1.0 forbids are replaced.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\u{9}", "\u{A}", "\u{D}": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
