import CodeSet
import Testing

/// Paths, siblings and notes: what the case builder and lint rely on.
@Suite struct HierarchyTests {
    let codeSet = Fixtures.shipped

    @Test func pathRunsFromChapterThroughNestedBlocksToTheCode() throws {
        let entry = try #require(codeSet.entry("M54.50"))
        #expect(codeSet.path(to: entry).map(\.code) == ["M00-M99", "M40-M54", "M50-M54", "M54", "M54.5", "M54.50"])
        #expect(codeSet.path(to: entry).first?.chapterNumber == 13)
        #expect(codeSet.path(to: entry).map(\.kind) == [.chapter, .block, .block, .category, .subcategory, .code])
    }

    @Test func siblingsShareTheParent() throws {
        let entry = try #require(codeSet.entry("M54.50"))
        #expect(codeSet.siblings(of: entry).map(\.code) == ["M54.51", "M54.59"])
    }

    @Test func notesApplyToDescendants() throws {
        let entry = try #require(codeSet.entry("M54.50"))
        let excludes1 = codeSet.notes(of: entry, kind: .excludes1)
        #expect(excludes1.contains { $0.source == "M54" && $0.note.text == "psychogenic dorsalgia (F45.41)" })
        #expect(excludes1.contains { $0.source == "M54.5" && $0.note.text == "low back strain (S39.012)" })
        #expect(codeSet.ownNotes(of: entry).map(\.text) == ["Loin pain", "Lumbago NOS"])
    }

    @Test func excludes1ReferencesResolveToBillableCodes() throws {
        let header = try #require(codeSet.entry("M54.5"))
        let strain = try #require(codeSet.ownNotes(of: header).first { $0.text == "low back strain (S39.012)" })
        #expect(codeSet.billableCodes(referencedBy: strain).map(\.code) == ["S39.012A", "S39.012D", "S39.012S"])
        let lumbago = try #require(codeSet.ownNotes(of: header).first { $0.text.hasPrefix("lumbago due to") })
        let references = codeSet.references(in: lumbago)
        #expect(references.map(\.text) == ["M51.2-"])
        #expect(references.first?.targets.map(\.code) == ["M51.2"])
        #expect(codeSet.billableCodes(referencedBy: lumbago).map(\.code).allSatisfy { $0.hasPrefix("M51.2") })
    }

    @Test func rangesResolveToTheTopmostCodesWithin() {
        let note = Note(kind: .excludes1, text: "recurrent vertebral dislocation (M43.3-M43.5X9)")
        let references = codeSet.references(in: note)
        #expect(references.count == 1)
        let targets = references.first?.targets.map(\.code) ?? []
        #expect(targets == ["M43.3", "M43.4", "M43.5X2", "M43.5X3", "M43.5X4", "M43.5X5", "M43.5X6", "M43.5X7", "M43.5X8", "M43.5X9"])
        let blocks = codeSet.references(in: Note(kind: .excludes2, text: "neoplasms (C00-D49)"))
        #expect(blocks.first?.targets.count ?? 0 > 100)
        #expect(blocks.first?.targets.allSatisfy { $0.kind == .category } == true)
    }

    @Test func referencesToCodesThatDoNotExistResolveToNothingWithoutFailing() {
        let missing = codeSet.references(in: Note(kind: .excludes1, text: "other frontotemporal neurocognitive disorder (G31.90)"))
        #expect(missing.map(\.text) == ["G31.90"])
        #expect(missing.first?.isResolved == false)
        let abdominal = codeSet.references(in: Note(kind: .excludes1, text: "localized abdominal pain (R10.1-R10.4-)"))
        // R10.4 does not exist: the range covers what does.
        #expect(abdominal.first?.targets.map(\.code) == ["R10.1", "R10.2", "R10.3"])
    }

    @Test func wordsInParenthesesAreNotCodes() {
        #expect(codeSet.references(in: Note(kind: .excludes1, text: "anemia (vitamin B12 deficiency)")).isEmpty)
        let qualified = codeSet.references(in: Note(kind: .codeFirst, text: "drug (T36-T50 with fifth or sixth character 5)"))
        #expect(qualified.map(\.isQualified) == [true])
    }

    @Test func seventhCharactersAreInheritedFromTheCategory() throws {
        let entry = try #require(codeSet.entry("S39.012"))
        #expect(codeSet.seventhCharacters(for: entry)?.map(\.character) == ["A", "D", "S"])
        #expect(codeSet.seventhCharacters(for: try #require(codeSet.entry("M53.3"))) == nil)
    }
}
