import Testing
import Yams

@testable import DeadboltCore

/// `YAMLFile.int` reads plain decimals itself and leaves every other spelling to Yams: both give one answer.
@Suite struct YAMLWholeNumberTests {
    static let spellings = [
        "8", "-3", "+4", "0", "-0", "010", "0x1F", "0o17", "0b101", "1_000", "1:30", "99999999999999999999",
        "-9223372036854775808", "9223372036854775807", "9223372036854775808", "\"8\"", "'8'", "8.0", "1e3",
        "", "~", "eight", "+", "+0", "08", "٣",
    ]

    @Test(arguments: spellings) func agreesWithYams(spelling: String) throws {
        let file = try YAMLFile(path: "t.yml", text: "n: \(spelling)\n")
        guard case .mapping(let mapping)? = file.root, let node = mapping["n"] else {
            Issue.record("no mapping for \(spelling)")
            return
        }
        let ours = try? file.int(node, "n")
        #expect(ours == node.int, "\(spelling)")
        if case .scalar(let scalar) = node, let fast = YAMLFile.decimal(scalar) { #expect(fast == node.int) }
    }

    @Test func readsDecimalsWithoutYams() throws {
        let file = try YAMLFile(path: "t.yml", text: "n: -30\n")
        guard case .mapping(let mapping)? = file.root, case .scalar(let scalar)? = mapping["n"] else {
            Issue.record("no scalar")
            return
        }
        #expect(YAMLFile.decimal(scalar) == -30)
        #expect(YAMLFile.decimal(Node.Scalar("010")) == nil)
        #expect(YAMLFile.decimal(Node.Scalar("8", .implicit, .doubleQuoted)) == nil)
    }
}
