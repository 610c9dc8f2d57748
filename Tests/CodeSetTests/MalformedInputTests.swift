import CodeSet
@testable import CodeSetImport
import Foundation
import Testing

/// Broken tabular files and broken code-set files are refused with the file and line.
@Suite struct MalformedInputTests {
    private func write(_ text: String, named name: String) throws -> String {
        let path = try Fixtures.temporaryDirectory().appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    private static let minimalTabular = """
        <?xml version="1.0" encoding="utf-8"?>
        <ICD10CM.tabular>
          <version>2026</version>
          <chapter>
            <name>13</name>
            <desc>Diseases of the musculoskeletal system and connective tissue (M00-M99)</desc>
            <section id="M50-M54">
              <desc>Other dorsopathies (M50-M54)</desc>
              <diag>
                <name>M53</name>
                <desc>Other and unspecified dorsopathies, not elsewhere classified</desc>
                <diag>
                  <name>M53.3</name>
                  <desc>Sacrococcygeal disorders, not elsewhere classified</desc>
                  <inclusionTerm><note>Coccygodynia</note></inclusionTerm>
                </diag>
              </diag>
            </section>
          </chapter>
        </ICD10CM.tabular>
        """

    @Test func aMinimalWellFormedFileImports() throws {
        let path = try write(Self.minimalTabular, named: "tabular-2030-10-01.xml")
        let output = try TabularImporter().importTabular(path: path)
        #expect(output.metadata.release == "2030-10-01")
        let codeSetPath = path + ".codeset"
        try TabularImporter().write(output, to: codeSetPath)
        let codeSet = try CodeSet(contentsOf: codeSetPath)
        #expect(codeSet.entry("M53.3")?.isBillable == true)
        #expect(codeSet.entry("M53")?.isBillable == false)
        #expect(codeSet.statistics().billable == 1)
    }

    @Test func truncatedXMLNamesTheLine() throws {
        let truncated = String(Self.minimalTabular.prefix(upTo: Self.minimalTabular.range(of: "<inclusionTerm>")!.lowerBound))
        let path = try write(truncated, named: "truncated.xml")
        #expect {
            try TabularImporter().importTabular(path: path)
        } throws: { error in
            guard case let .malformedXML(errorPath, line, _, _) = error as? ImportError else { return false }
            return errorPath == path && line >= 14
        }
    }

    @Test func mismatchedTagsNameTheLine() throws {
        let broken = Self.minimalTabular.replacingOccurrences(of: "</section>", with: "</sectoin>")
        let path = try write(broken, named: "broken.xml")
        #expect {
            try TabularImporter().importTabular(path: path)
        } throws: { error in
            guard case let .malformedXML(_, line, _, _) = error as? ImportError else { return false }
            return line == 18 && String(describing: error).contains("does not match")
        }
    }

    @Test func anotherXMLDocumentIsRefused() throws {
        let path = try write("<?xml version=\"1.0\"?>\n<rss><channel/></rss>\n", named: "feed.xml")
        #expect(throws: ImportError.unexpectedStructure(path: path, line: 2, reason: "the root element is <rss>, not <ICD10CM.tabular>")) {
            try TabularImporter().importTabular(path: path)
        }
    }

    @Test func aCodeWithoutTitleIsRefusedWithItsLine() throws {
        let broken = Self.minimalTabular.replacingOccurrences(
            of: "<desc>Sacrococcygeal disorders, not elsewhere classified</desc>", with: "")
        let path = try write(broken, named: "untitled.xml")
        #expect(throws: ImportError.unexpectedStructure(path: path, line: 16, reason: "M53.3 has no <desc>")) {
            try TabularImporter().importTabular(path: path)
        }
    }

    @Test func truncatedGzipIsRefused() throws {
        let whole = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixtures.officialTabular)))
        let path = try Fixtures.temporaryDirectory().appendingPathComponent("cut.xml.gz").path
        try Data(whole.prefix(whole.count / 2)).write(to: URL(fileURLWithPath: path))
        #expect {
            try TabularImporter().importTabular(path: path)
        } throws: { error in
            guard case .malformedGzip(path, _) = error as? ImportError else { return false }
            return true
        }
    }

    @Test func aMissingFileIsReportedNotCrashed() {
        #expect {
            try TabularImporter().importTabular(path: "/nonexistent/tabular.xml")
        } throws: { error in
            guard case .unreadable("/nonexistent/tabular.xml", _) = error as? ImportError else { return false }
            return true
        }
    }

    @Test func aTruncatedCodeSetFileIsRefused() throws {
        let shipped = try Data(contentsOf: URL(fileURLWithPath: Fixtures.shipped.path))
        let path = try Fixtures.temporaryDirectory().appendingPathComponent("cut.codeset").path
        try shipped.prefix(shipped.count - 10).write(to: URL(fileURLWithPath: path))
        #expect(throws: CodeSetError.corrupt(path: path, reason: "its size does not match its header (truncated?)")) {
            try CodeSet(contentsOf: path)
        }
    }

    @Test func aCodeSetFileWithDamagedRecordsIsRefused() throws {
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixtures.shipped.path)))
        // The first node's title offset (word 2 of the first record, after the 64-byte header).
        for offset in 72..<76 { bytes[offset] = 0xFF }
        let path = try Fixtures.temporaryDirectory().appendingPathComponent("damaged.codeset").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(throws: CodeSetError.corrupt(path: path, reason: "record 0 points outside the file")) {
            try CodeSet(contentsOf: path)
        }
    }

    @Test func somethingElseEntirelyIsRefused() throws {
        let path = try write("not a code set", named: "text.codeset")
        #expect(throws: CodeSetError.corrupt(path: path, reason: "it does not start with the code-set signature")) {
            try CodeSet(contentsOf: path)
        }
    }
}
