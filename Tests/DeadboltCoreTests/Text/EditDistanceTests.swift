import DeadboltCore
import Testing

@Suite struct EditDistanceTests {
    @Test func classicExamples() {
        #expect(EditDistance.levenshtein("kitten", "sitting") == 3)
        #expect(EditDistance.levenshtein("flaw", "lawn") == 2)
        #expect(EditDistance.levenshtein("same", "same") == 0)
    }

    @Test func emptyTextsCostTheirLength() {
        #expect(EditDistance.levenshtein("", "") == 0)
        #expect(EditDistance.levenshtein("", "abc") == 3)
        #expect(EditDistance.levenshtein("abcd", "") == 4)
    }

    @Test func countsCharactersNotBytesOrScalars() {
        #expect(EditDistance.levenshtein("über", "uber") == 1)
        #expect(EditDistance.levenshtein("👍🏽", "👍") == 1)
        #expect(EditDistance.levenshtein("caf\u{E9}", "cafe\u{301}") == 0)
    }

    @Test func isSymmetric() {
        #expect(
            EditDistance.levenshtein("refund policy", "refunds polcy")
                == EditDistance.levenshtein("refunds polcy", "refund policy"))
    }

    @Test func limitedDistanceAgreesWithTheFullOneWithinTheLimit() {
        let words = [
            "", "a", "ab", "abc", "kitten", "sitting", "saturday", "sunday", "refund", "refunds", "fund", "xyz",
        ]
        for a in words {
            for b in words {
                let full = EditDistance.levenshtein(a, b)
                for limit in 0...6 {
                    let limited = EditDistance.levenshtein(a, b, limit: limit)
                    #expect(limited == (full <= limit ? full : nil), "\(a) / \(b) within \(limit)")
                }
            }
        }
    }

    @Test func limitedDistanceIsFastOnLongTexts() {
        let long = String(repeating: "lorem ipsum ", count: 5_000)
        #expect(EditDistance.levenshtein(long, long + "x", limit: 3) == 1)
        #expect(EditDistance.levenshtein(long, String(long.reversed()), limit: 3) == nil)
    }

    @Test func nearestFindsATypo() {
        #expect(EditDistance.nearest(to: "icontain", in: ["equals", "contains", "icontains"]) == "icontains")
        #expect(EditDistance.nearest(to: "treshold", in: ["type", "value", "threshold"]) == "threshold")
    }

    @Test func nearestIgnoresCaseButReturnsTheCandidateAsWritten() {
        #expect(EditDistance.nearest(to: "SMOKE", in: ["full", "smoke"]) == "smoke")
        #expect(EditDistance.nearest(to: "prepush", in: ["pre-push", "pull-request"]) == "pre-push")
    }

    @Test func nearestReturnsNilWhenNothingIsClose() {
        #expect(EditDistance.nearest(to: "llm-rubric", in: ["equals", "contains", "regex"]) == nil)
        #expect(EditDistance.nearest(to: "x", in: []) == nil)
    }

    @Test func nearestAllowsTwoEditsForShortWords() {
        #expect(EditDistance.nearest(to: "tpe", in: ["type"]) == "type")
        #expect(EditDistance.nearest(to: "ab", in: ["xyz"]) == nil)
    }

    @Test func nearestPrefersTheFirstOfEquallyCloseCandidates() {
        #expect(EditDistance.nearest(to: "cat", in: ["bat", "hat", "cat"]) == "cat")
        #expect(EditDistance.nearest(to: "cot", in: ["bat", "cut", "cat"]) == "cut")
    }
}
