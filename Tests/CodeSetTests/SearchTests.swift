import CodeSet
import Testing

/// Word search over titles and inclusion terms, ranked as a coder expects.
@Suite struct SearchTests {
    let codeSet = Fixtures.shipped

    @Test func anInclusionTermFindsItsCodeFirst() {
        let matches = codeSet.search("coccygodynia")
        #expect(matches.first?.entry.code == "M53.3")
        #expect(matches.first?.matchedText == "Coccygodynia")
    }

    @Test func lowBackPainFindsTheUnspecifiedCodeNearTheTop() {
        let codes = codeSet.search("low back pain").prefix(3).map(\.entry.code)
        #expect(codes.contains("M54.50"))
    }

    @Test func everyWordMustMatch() {
        let matches = codeSet.search("coccygodynia fracture")
        #expect(matches.isEmpty)
    }

    @Test func wordPrefixesMatch() {
        #expect(codeSet.search("coccygod").first?.entry.code == "M53.3")
    }

    @Test func queriesOfOnlyCommonWordsFindNothing() {
        #expect(codeSet.search("of the").isEmpty)
    }
}

@Suite struct CompletionTests {
    let codeSet = Fixtures.shipped

    @Test func aHeaderCompletesToTheBillableCodesBeneath() {
        #expect(codeSet.completions(of: "M54.5").map(\.code) == ["M54.50", "M54.51", "M54.59"])
        #expect(codeSet.completions(of: "m545").map(\.code) == ["M54.50", "M54.51", "M54.59"])
    }

    @Test func aLeafNeedingASeventhCharacterCompletesToItsCodes() {
        #expect(codeSet.completions(of: "S39.012").map(\.code) == ["S39.012A", "S39.012D", "S39.012S"])
    }

    @Test func nothingMatchesNothing() {
        #expect(codeSet.completions(of: "M54.7").isEmpty)
    }
}
