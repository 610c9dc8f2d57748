import CodeSet
@testable import CodeSetImport
import Foundation
import Testing

/// `CodeSetDiff` on a release derived from the official one: a code deleted, one split into
/// children, one retitled.
@Suite struct DiffTests {
    static let derived: CodeSet = {
        do {
            let compressed = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixtures.officialTabular)))
            var xml = String(decoding: try Gunzip.inflate(compressed, path: Fixtures.officialTabular), as: UTF8.self)
                .replacingOccurrences(of: "\r\n", with: "\n")
            func replace(_ old: String, _ new: String) {
                precondition(xml.contains(old), "the official file no longer holds: \(old)")
                xml = xml.replacingOccurrences(of: old, with: new)
            }
            // Deleted: M53.3 and its inclusion term.
            replace("""
                <diag>
                          <name>M53.3</name>
                          <desc>Sacrococcygeal disorders, not elsewhere classified</desc>
                          <inclusionTerm>
                            <note>Coccygodynia</note>
                          </inclusionTerm>
                        </diag>
                """, "")
            // Split: M54.2 Cervicalgia gains two children.
            replace("<name>M54.2</name>\n          <desc>Cervicalgia</desc>", """
                <name>M54.2</name>
                          <desc>Cervicalgia</desc>
                          <diag><name>M54.20</name><desc>Cervicalgia, unspecified</desc></diag>
                          <diag><name>M54.21</name><desc>Cervicogenic neck pain</desc></diag>
                """)
            // Retitled: M54.6.
            replace("<desc>Pain in thoracic spine</desc>", "<desc>Thoracic spine pain</desc>")
            let directory = try Fixtures.temporaryDirectory()
            let xmlPath = directory.appendingPathComponent("icd10cm-tabular-2026-10-01.xml").path
            try Data(xml.utf8).write(to: URL(fileURLWithPath: xmlPath))
            let output = try TabularImporter().importTabular(path: xmlPath)
            let codeSetPath = directory.appendingPathComponent("derived.codeset").path
            try TabularImporter().write(output, to: codeSetPath)
            return try CodeSet(contentsOf: codeSetPath)
        } catch {
            fatalError("deriving a release failed: \(error)")
        }
    }()

    @Test func listsAddedReplacedAndRetitledCodes() {
        let diff = CodeSetDiff(from: Fixtures.shipped, to: Self.derived)
        #expect(diff.oldRelease == "2026-04-01")
        #expect(diff.newRelease == "2026-10-01")
        #expect(diff.added.map(\.code) == ["M54.20", "M54.21"])
        #expect(diff.retitled.map(\.code) == ["M54.6"])
        #expect(diff.retitled.first?.oldTitle == "Pain in thoracic spine")
        #expect(diff.retitled.first?.newTitle == "Thoracic spine pain")
        #expect(diff.replaced.map(\.code) == ["M53.3", "M54.2"])
        let split = diff.replaced.first { $0.code == "M54.2" }
        #expect(split?.change == .becameHeader)
        #expect(split?.replacements.map(\.code) == ["M54.20", "M54.21"])
        let deleted = diff.replaced.first { $0.code == "M53.3" }
        #expect(deleted?.change == .deleted)
        #expect(deleted?.replacements.allSatisfy(\.isBillable) == true)
    }

    @Test func aReleaseComparedWithItselfHasNoChanges() {
        #expect(CodeSetDiff(from: Fixtures.shipped, to: Fixtures.shipped).isEmpty)
    }
}
