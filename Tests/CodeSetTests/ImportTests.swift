import CodeSet
@testable import CodeSetImport
import Foundation
import Testing

/// The importer against the official file: counts, provenance, reproducibility, hierarchy.
@Suite struct ImportTests {
    /// One import of the official file for every test here (it takes a few seconds).
    static let imported: (output: TabularImporter.Output, codeSet: CodeSet) = {
        do {
            let output = try TabularImporter().importTabular(path: Fixtures.officialTabular)
            let path = try Fixtures.temporaryDirectory().appendingPathComponent("imported.codeset").path
            try TabularImporter().write(output, to: path)
            return (output, try CodeSet(contentsOf: path))
        } catch {
            fatalError("importing \(Fixtures.officialTabular) failed: \(error)")
        }
    }()

    @Test func countsMatchTheApril2026Release() {
        let statistics = Self.imported.codeSet.statistics()
        #expect(statistics.billable == 74_719)
        #expect(statistics.chapters == 22)
        #expect(statistics.categories == 1_918)
        #expect(statistics.blocks == 297)
        #expect(statistics.headerBlocks == 12)
    }

    @Test func recordsReleaseAndSourceChecksum() {
        let metadata = Self.imported.output.metadata
        #expect(metadata.release == "2026-04-01")
        #expect(metadata.sourceSHA256 == "f161f8182aff3ce3a2a78e202f8259c08eaee2c670a9e45b0072445c52302935")
        #expect(metadata.sourceName == "icd10cm-tabular-2026-04-01.xml")
    }

    @Test func shippedCodeSetIsReproducibleFromTheOfficialFile() throws {
        let shippedPath = Fixtures.packageRoot.appendingPathComponent("Sources/CodeSet/Resources/icd10cm.codeset").path
        let shipped = try [UInt8](Data(contentsOf: URL(fileURLWithPath: shippedPath)))
        #expect(shipped == Self.imported.output.bytes, "rebuild it: quiz codeset import \(Fixtures.officialTabular) --out \(shippedPath)")
    }

    @Test func headerBlocksHoldTheBlocksTheirRangeCovers() throws {
        let codeSet = Self.imported.codeSet
        let dorsopathies = try #require(codeSet.entry("M40-M54"))
        #expect(dorsopathies.kind == .block)
        #expect(dorsopathies.title == "Dorsopathies")
        #expect(codeSet.children(of: dorsopathies).map(\.code) == ["M40-M43", "M45-M49", "M50-M54"])
        #expect(codeSet.parent(of: dorsopathies)?.code == "M00-M99")
    }

    @Test func releaseDateIsReadFromEitherFileNameStyle() {
        #expect(TabularImporter.releaseDate(fromFileName: "icd10cm-tabular-2026-04-01.xml.gz") == "2026-04-01")
        #expect(TabularImporter.releaseDate(fromFileName: "icd10c-tabular-April-1-2026.xml") == "2026-04-01")
        #expect(TabularImporter.releaseDate(fromFileName: "tabular.xml") == nil)
    }
}
