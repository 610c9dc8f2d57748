@testable import BankFormats
import Foundation
import QuestionBank
import Testing

/// Text from GIFT and CSV files becomes bank text: line ends of every system are kept as line
/// breaks, and a character no bank may hold stops the import at its line instead of writing a
/// bank that then fails to load. Both were found by the fuzzers (Fuzz/RESULTS.md).
@Suite struct ImportedTextTests {
    func importing(_ format: String, _ text: String) throws(FormatError) -> ImportResult {
        let importer = format == "gift" ? GIFTFormat.importBank : CSVFormat.importBank
        return try importer(Data(text.utf8), "cases.\(format)", "imported", nil,
                            Support.codeSet.metadata.release, Support.codeSet)
    }

    static let header = "id,stem,answer,distractors,rationale,why_nots\r\n"

    @Test func lineEndsInsideASpreadsheetCellBecomeLineBreaks() throws {
        let csv = Self.header + "lbp-01,\"Aching low back pain.\r\nNo injury.\rNo radiation.\",M54.50,M54.59 | M54.16,"
            + "Unspecified low back pain is M54.50.,Nothing says other. | No radiculopathy.\r\n"
        let result = try importing("csv", csv)
        #expect(result.isComplete, "\(result.problems)")
        #expect(result.bank.cases.first?.stem == "Aching low back pain.\nNo injury.\nNo radiation.")
        let problems = Support.lintAsWritten(result.bank)
        #expect(!problems.hasErrors, "\(problems)")
    }

    @Test func aControlCharacterStopsTheImportAtItsLine() {
        let gift = "::q1::Stress\u{1D} at work. {=F43.0 ~F41.1#Not chronic worry. ~F32.A#No depression.}\n"
        #expect(throws: FormatError(file: "cases.gift", line: 1, message: "column 13 holds a control character (U+001D): "
            + "questions are plain text, and a bank may not hold it (remove it and import again)")) {
            try importing("gift", gift)
        }
        let csv = Self.header + "lbp-01,Low back pain,M54.50,M54.59 | M54.16,r,w1 | w2\r\n"
            + "lbp-02,\"Red \u{1B}[31mflag\u{1B}[0m\",M54.50,M54.59 | M54.16,r,w1 | w2\r\n"
        do {
            _ = try importing("csv", csv)
            Issue.record("an escape sequence was imported")
        } catch {
            #expect(error.line == 3)
            #expect(error.message.contains("holds a terminal escape sequence"))
        }
    }

    /// Found by the GIFT fuzzer: a "missing word" question with no text before its answer
    /// block got a stem starting with a space, which the bank read back without.
    @Test func aBlankAtTheStartOfAStemReadsBackTheSame() throws {
        let gift = "::q1::{=M54.50 ~M54.59#Other kinds are not documented. ~M54.16#No radiculopathy.}\n"
            + " is the code for low back pain with nothing more specific.\n"
        let result = try importing("gift", gift)
        let stem = try #require(result.bank.cases.first?.stem)
        #expect(stem == "_____ is the code for low back pain with nothing more specific.")
        let (read, _) = BankParser.parse(data: Data(BankWriter.yaml(result.bank).utf8), file: "written.yaml")
        #expect(read?.cases.first?.stem == stem)
    }

    @Test func tabsAndOrdinaryUnicodeAreKept() throws {
        let gift = "::q1::Pain\tafter a fall — “no” injury, 日本語. {=M54.50 ~M54.59#Other. ~M54.16#No radiculopathy.}\n"
        let result = try importing("gift", gift)
        #expect(result.bank.cases.first?.stem.contains("日本語") == true)
    }
}
