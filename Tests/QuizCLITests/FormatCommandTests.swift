@testable import CodeSetImport
import Foundation
import Testing

/// `quiz export`, `quiz import gift|csv`, `quiz codeset import` and `quiz lint --codeset`, end to end.
@Suite struct FormatCommandTests {
    static let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let home = ["QUIZ_HOME": package.path]

    private func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("quiz-formats-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test(arguments: ["csv", "gift"])
    func everyShippedBankExportsAndImportsBackLintClean(_ format: String) throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let banks = try FileManager.default.contentsOfDirectory(atPath: Self.package.appendingPathComponent("QuestionBanks").path)
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
        #expect(banks.count >= 8)
        for bank in banks {
            let file = folder.appendingPathComponent("\(bank).\(format)").path
            let exported = try QuizProcess.run(["export", format, "--bank", bank, "--out", file], environment: Self.home)
            #expect(exported.status == 0, "\(exported.standardError)")
            #expect(exported.standardError.contains("Wrote \(file): "))
            let yaml = folder.appendingPathComponent("\(bank).yaml").path
            let imported = try QuizProcess.run(["import", format, file, "--out", yaml, "--bank", bank])
            #expect(imported.status == 0, "\(imported.standardError)")
            #expect(imported.standardError.contains("into bank \(bank); lint: no problems"))
            let lint = try QuizProcess.run(["lint", yaml])
            #expect(lint.status == 0, "\(lint.standardOutput)")
        }
    }

    @Test func exportWritesToStandardOutputAndAnkiHasItsHeader() throws {
        let csv = try QuizProcess.run(["export", "csv", "--bank", "mental"], environment: Self.home)
        #expect(csv.status == 0)
        #expect(csv.standardOutput.hasPrefix("id,stem,answer,distractors,rationale,why_nots,tags\r\nment-"))
        let anki = try QuizProcess.run(["export", "anki"], environment: Self.home)
        #expect(anki.status == 0)
        #expect(anki.standardOutput.hasPrefix("#separator:tab\n#html:true\n#notetype:Basic\n#columns:Front\tBack\tTags\tGUID\tDeck\n"))
        #expect(anki.standardOutput.contains("\tdorsopathies/"))
        let unknown = try QuizProcess.run(["export", "gift", "--bank", "no-such-bank"], environment: Self.home)
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("no bank has the id \"no-such-bank\""))
        let format = try QuizProcess.run(["export", "aiken"], environment: Self.home)
        #expect(format.status == 2)
    }

    @Test func aBankWithErrorsIsNotExported() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let banks = folder.appendingPathComponent("QuestionBanks")
        try FileManager.default.createDirectory(at: banks, withIntermediateDirectories: true)
        try "bank: broken\ntitle: Broken\ncodeset: 2026-04-01\ncases:\n  - id: a\n    stem: s\n    answer: [M54.5]\n".write(
            to: banks.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("broken.gift")
        let outcome = try QuizProcess.run(["export", "gift", "--out", out.path], environment: ["QUIZ_HOME": folder.path])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("broken.yaml:7: error:"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func importProblemsHaveTheirLineAndNothingIsWritten() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("bank.yaml")
        try "an earlier bank\n".write(to: out, atomically: true, encoding: .utf8)
        let gift = folder.appendingPathComponent("moodle.gift")
        try """
            ::ok::Neck pain for a month. {=M54.2 ~M54.12#No radiculopathy. ~M50.20#No disc disorder. ####Cervicalgia.}

            ::tf::M54.5 is billable. {F}

            ::bad::Neck pain. {
            =M54.2#
            ~Neck strain#No injury.
            ~M50.20#No disc disorder.
            ####Cervicalgia.
            }
            """.write(to: gift, atomically: true, encoding: .utf8)
        let outcome = try QuizProcess.run(["import", "gift", gift.path, "--out", out.path])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("\(gift.path):3: warning: question \"tf\" is a true/false question: skipped"))
        #expect(outcome.standardError.contains("\(gift.path):7: error: the option \"Neck strain\""))
        #expect(outcome.standardError.contains("nothing was written"))
        #expect(try String(contentsOf: out, encoding: .utf8) == "an earlier bank\n")

        let csv = folder.appendingPathComponent("sheet.csv")
        try "id,stem,answer,distractors,rationale,why_nots\nok,\"Neck pain,\nfor a month\",M54.2,M54.12 | M50.20,Cervicalgia.,a | b\nbroken,\"never closed\n"
            .write(to: csv, atomically: true, encoding: .utf8)
        let malformed = try QuizProcess.run(["import", "csv", csv.path, "--out", out.path])
        #expect(malformed.status == 2)
        #expect(malformed.standardError.contains("\(csv.path):4: error: a quoted field that starts on this line is never closed"))
        #expect(try String(contentsOf: out, encoding: .utf8) == "an earlier bank\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["bank.yaml", "moodle.gift", "sheet.csv"])

        let missing = try QuizProcess.run(["import", "csv", folder.appendingPathComponent("none.csv").path])
        #expect(missing.status == 2)
    }

    @Test func anImportedBankIsLintedLikeAnyBank() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("sheet.csv")
        try "id,stem,answer,distractors,rationale,why_nots,tags\nneck-01,Neck pain for a month.,M54.5,M54.12 | M50.20,Neck pain.,a | b,neck\n"
            .write(to: csv, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("sheet.yaml").path
        let outcome = try QuizProcess.run(["import", "csv", csv.path, "--out", out])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("\(out):"))
        #expect(outcome.standardError.contains("answer M54.5 (Low back pain) is not billable: use one of M54.50"))
        #expect(outcome.standardError.contains("Wrote \(out): 1 case into bank sheet; lint: 1 error"))
        #expect(FileManager.default.fileExists(atPath: out))
    }

    /// A newer release, derived from the official one in the test: M53.3 deleted, M54.2 split,
    /// M54.6 retitled. Installed beside the shipped one, then banks are checked against it.
    @Test func aNewerReleaseIsInstalledAndLintShowsWhatItBreaks() throws {
        let home = try scratch()
        defer { try? FileManager.default.removeItem(at: home) }
        let official = Self.package.appendingPathComponent("../shared/data/icd10cm/icd10cm-tabular-2026-04-01.xml.gz").standardized.path
        var xml = String(decoding: try Gunzip.inflate([UInt8](Data(contentsOf: URL(fileURLWithPath: official))), path: official),
                         as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        func replace(_ old: String, _ new: String) throws {
            try #require(xml.contains(old))
            xml = xml.replacingOccurrences(of: old, with: new)
        }
        try replace("""
            <diag>
                      <name>M53.3</name>
                      <desc>Sacrococcygeal disorders, not elsewhere classified</desc>
                      <inclusionTerm>
                        <note>Coccygodynia</note>
                      </inclusionTerm>
                    </diag>
            """, "")
        try replace("<name>M54.2</name>\n          <desc>Cervicalgia</desc>", """
            <name>M54.2</name>
                      <desc>Cervicalgia</desc>
                      <diag><name>M54.20</name><desc>Cervicalgia, unspecified</desc></diag>
                      <diag><name>M54.21</name><desc>Cervicogenic neck pain</desc></diag>
            """)
        try replace("<desc>Pain in thoracic spine</desc>", "<desc>Thoracic spine pain</desc>")
        let source = home.appendingPathComponent("icd10cm-tabular-2026-10-01.xml")
        try Data(xml.utf8).write(to: source)
        let environment = ["QUIZ_HOME": home.path]

        let installed = try QuizProcess.run(["codeset", "import", source.path], environment: environment)
        #expect(installed.status == 0, "\(installed.standardError)")
        let path = home.appendingPathComponent("CodeSets/icd10cm-2026-10-01.codeset").path
        #expect(installed.standardOutput.contains("Wrote \(path): ICD-10-CM release 2026-10-01"))
        #expect(FileManager.default.fileExists(atPath: path))
        let info = try QuizProcess.run(["codeset", "info", "--json"], environment: environment)
        #expect(info.standardOutput.contains("\"installed\" : [\n    \"2026-10-01\"\n  ]"))

        let bank = home.appendingPathComponent("release.yaml")
        try """
            bank: release-test
            title: Release test
            codeset: 2026-04-01
            cases:
              - id: neck-01
                stem: A 40-year-old has had neck pain for a month, with no arm symptoms and no injury.
                answer: [M54.2]
                distractors:
                  - code: M53.3
                    why_not: The pain is in the neck, not at the coccyx.
                  - code: M54.6
                    title: Pain in thoracic spine
                    why_not: The pain is in the neck, not the thoracic spine.
                rationale: Neck pain without a documented cause is cervicalgia.

            """.write(to: bank, atomically: true, encoding: .utf8)
        #expect(try QuizProcess.run(["lint", bank.path], environment: environment).status == 0)
        for name in ["2026-10-01", path] {
            let outcome = try QuizProcess.run(["lint", bank.path, "--codeset", name], environment: environment)
            #expect(outcome.status == 1)
            let output = outcome.standardOutput
            #expect(output.contains("Checking against ICD-10-CM 2026-10-01"))
            #expect(output.contains("\(bank.path):7: error: answer M54.2 (Cervicalgia) is a header in ICD-10-CM 2026-10-01, "
                + "no longer billable: use M54.20 (Cervicalgia, unspecified), M54.21 (Cervicogenic neck pain)"))
            #expect(output.contains("\(bank.path):9: error: distractor M53.3 (Sacrococcygeal disorders, not elsewhere classified) "
                + "was deleted in ICD-10-CM 2026-10-01; nearest codes: "))
            #expect(output.contains("\(bank.path):12: error: M54.6 was retitled in ICD-10-CM 2026-10-01: "
                + "\"Pain in thoracic spine\" is now \"Thoracic spine pain\""))
            #expect(output.contains("1 bank file checked: 3 errors, 1 warning"))
        }
        let shipped = try QuizProcess.run(["lint", bank.path, "--codeset", "shipped"], environment: environment)
        #expect(shipped.status == 0)
        let diff = try QuizProcess.run(["codeset", "diff", "shipped", "2026-10-01"], environment: environment)
        #expect(diff.status == 0)
        #expect(diff.standardOutput.contains("M54.2  Cervicalgia — now a header: use M54.20, M54.21"))
        let unknown = try QuizProcess.run(["lint", bank.path, "--codeset", "2030-10-01"], environment: environment)
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("no code set named \"2030-10-01\""))
        #expect(unknown.standardError.contains("installed: 2026-10-01"))
    }
}
