import CodeSet
import Testing

/// Looking codes up as a coder writes them, against the shipped code set.
@Suite struct LookupTests {
    let codeSet = Fixtures.shipped

    @Test(arguments: ["M53.3", "m533", "M533", " m53.3 "])
    func codesAreFoundWhateverTheirCaseOrDot(_ written: String) throws {
        let entry = try codeSet.lookup(written).get()
        #expect(entry.code == "M53.3")
        #expect(entry.title == "Sacrococcygeal disorders, not elsewhere classified")
        #expect(entry.isBillable)
        #expect(entry.kind == .code)
    }

    @Test func aHeaderIsNotBillableAndListsTheCodesBeneath() throws {
        let header = try codeSet.lookup("M54.5").get()
        #expect(header.title == "Low back pain")
        #expect(!header.isBillable)
        #expect(header.kind == .subcategory)
        #expect(codeSet.billableCodes(under: header).map(\.code) == ["M54.50", "M54.51", "M54.59"])
    }

    @Test func seventhCharacterCodesAreTitledByTheOrderFileConvention() throws {
        let strain = try codeSet.lookup("S39.012A").get()
        #expect(strain.title == "Strain of muscle, fascia and tendon of lower back, initial encounter")
        #expect(strain.isBillable)
        #expect(strain.seventhCharacter == "A")
        let leaf = try codeSet.lookup("S39.012").get()
        #expect(!leaf.isBillable)
        #expect(leaf.needsSeventhCharacter)
        #expect(codeSet.children(of: leaf).map(\.code) == ["S39.012A", "S39.012D", "S39.012S"])
        #expect(codeSet.parent(of: strain) == leaf)
    }

    @Test func placeholderXPadsShortCodesToTheSixthCharacter() throws {
        #expect(try codeSet.lookup("T07.XXXA").get().title == "Unspecified multiple injuries, initial encounter")
        guard case let .failure(invalid) = codeSet.lookup("T07A") else {
            Issue.record("T07A should be refused")
            return
        }
        #expect(invalid.reason == .missingPlaceholder(correct: "T07.XXXA"))
        #expect(invalid.suggestions.map(\.code) == ["T07.XXXA"])
    }

    @Test func s06CodesWithSixthCharacter7Or8TakeOnlyA() throws {
        #expect(codeSet.isBillable("S06.1X7A"))
        #expect(codeSet.isBillable("S06.1X8A"))
        #expect(codeSet.isBillable("S06.1X1D"))
        for written in ["S06.1X7D", "S06.1X7S", "S06.1X8D"] {
            guard case let .failure(invalid) = codeSet.lookup(written),
                  case let .seventhCharacterNotAllowed(leaf, _, allowed) = invalid.reason
            else {
                Issue.record("\(written) should be refused by the S06 rule")
                continue
            }
            #expect(leaf == String(written.prefix(7)))
            #expect(allowed == ["A"])
            #expect(invalid.description.contains("it takes A only"))
        }
    }

    @Test func anUndefinedSeventhCharacterNamesTheOnesThatExist() {
        guard case let .failure(invalid) = codeSet.lookup("S39.012B") else {
            Issue.record("S39.012B should be refused")
            return
        }
        #expect(invalid.reason == .undefinedSeventhCharacter(leaf: "S39.012", allowed: ["A", "D", "S"]))
    }

    @Test func unknownCodesSuggestNearbyValidCodes() {
        guard case let .failure(invalid) = codeSet.lookup("M53.33") else {
            Issue.record("M53.33 should not exist")
            return
        }
        #expect(invalid.reason == .unknown)
        #expect(invalid.suggestions.map(\.code).contains("M53.3"))
        #expect(invalid.suggestions.allSatisfy { codeSet.entry($0.code) != nil })
    }

    @Test func wordsAreNotMistakenForCodes() {
        guard case let .failure(invalid) = codeSet.lookup("back pain") else {
            Issue.record("words are not a code")
            return
        }
        #expect(invalid.reason == .malformed)
    }

    @Test func aBlockNamedLikeItsCategoryLooksUpTheCategory() throws {
        let category = try codeSet.lookup("T07").get()
        #expect(category.kind == .category)
        #expect(codeSet.parent(of: category)?.kind == .block)
    }
}
