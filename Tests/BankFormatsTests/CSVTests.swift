@testable import BankFormats
import CodeSet
import Foundation
import QuestionBank
import Testing

/// CSV: documented columns, RFC 4180 quoting, round trips, and errors with their line.
@Suite struct CSVTests {
    func importCSV(_ text: String, file: String = "cases.csv", bank: String? = "imported") throws(FormatError) -> ImportResult {
        try CSVFormat.importBank(data: Data(text.utf8), file: file, bankID: bank, title: nil,
                                 codeSetRelease: Support.codeSet.metadata.release, codeSet: Support.codeSet)
    }

    @Test(arguments: Support.shippedBankNames)
    func everyShippedBankRoundTrips(_ name: String) throws {
        let bank = try Support.shippedBank(name)
        let exported = ExportedBank(bank, codeSet: Support.codeSet)
        #expect(!exported.cases.isEmpty)
        let csv = try CSVFormat.export([exported])
        let result = try importCSV(csv, bank: bank.id)
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(result.bank.id == bank.id)
        #expect(Support.seen(result.bank) == Support.seen(bank))
        // Card ids, what progress is keyed on, are kept.
        let before = CaseBuilder(codeSet: Support.codeSet).build(bank).cases.map(\.cardID)
        let after = CaseBuilder(codeSet: Support.codeSet).build(result.bank).cases.map(\.cardID)
        #expect(before == after)
        let problems = Support.lintAsWritten(result.bank)
        #expect(!problems.hasErrors, "\(problems.filter { $0.severity == .error })")
    }

    @Test func theHeaderAndRowsAreAsDocumented() throws {
        let bank = try #require(try Support.shippedBanks().first { $0.id == "endocrine" })
        let csv = try CSVFormat.export([ExportedBank(bank, codeSet: Support.codeSet)])
        #expect(csv.hasPrefix("id,stem,answer,distractors,rationale,why_nots,tags\r\n"))
        // A multi-code answer joins its codes with " | ".
        #expect(csv.contains(",E11.9 | Z79.84,"))
    }

    /// What a spreadsheet does to a file: quotes, commas, line breaks inside fields, non-ASCII
    /// text, pipes, a byte-order mark and CRLF line ends, all kept.
    @Test func aSpreadsheetRoundTrips() throws {
        let tricky = HandWrittenCase(
            id: "tricky-01",
            stem: "A 52-year-old \"warehouse\" worker, née Müller, reports pain — 3/10 — in the lower back.\nNo injury; café work.",
            answer: ["M54.50"],
            distractors: [
                Distractor(code: "M54.59", whyNot: "Nothing says \"other\"; a | pipe, and || two."),
                Distractor(code: "M54.16", whyNot: "No radiculopathy,\nno sciatica: 日本語 too."),
            ],
            rationale: "Low back pain, unspecified: M54.50 — \"plain\", with, commas.", tags: ["low-back", "ünïcode"])
        let bank = Bank(id: "tricky", title: "Tricky", codeSetRelease: "2026-04-01", cases: [tricky])
        let csv = try CSVFormat.export([ExportedBank(bank, codeSet: Support.codeSet)])
        #expect(csv.contains("\"A 52-year-old \"\"warehouse\"\" worker, née Müller"))
        for text in [csv, "\u{FEFF}" + csv, csv.replacingOccurrences(of: "\r\n", with: "\n")] {
            let result = try importCSV(text)
            #expect(result.problems.isEmpty)
            #expect(Support.seen(result.bank) == Support.seen(bank))
        }
    }

    @Test func columnsMayComeInAnyOrderAndTagsMayBeLeftOut() throws {
        let csv = """
            Stem,ID,Answer,Rationale,Distractors,Why-nots
            "A 40-year-old has neck pain, no arm symptoms.",neck-01,M54.2,Neck pain is M54.2.,"M54.12 | M50.20","No radiculopathy. | No disc disorder."
            """
        let result = try importCSV(csv)
        let item = try #require(result.bank.cases.first)
        #expect(item.id == "neck-01")
        #expect(item.answer == ["M54.2"])
        #expect(item.distractors.map(\.code) == ["M54.12", "M50.20"])
        #expect(item.distractors.map(\.whyNot) == ["No radiculopathy.", "No disc disorder."])
        #expect(item.tags.isEmpty)
    }

    @Test func rowsThatCannotBeCasesAreReportedWithTheirLine() throws {
        let csv = """
            id,stem,answer,distractors,rationale,why_nots,tags
            ok-01,"A stem
            over two lines",M54.50,M54.59 | M54.16,Because.,Not other. | No radiculopathy.,
            bad-01,A stem,Low back pain,M54.59 | M54.16,Because.,Not other.,
            bad 02,A stem,M54.50,M54.59,,Not other.,

            """
        let result = try importCSV(csv)
        let errors = result.problems.filter { $0.severity == .error }
        #expect(!result.isComplete)
        #expect(errors.count == 2)
        let first = try #require(errors.first { $0.line == 4 })
        #expect(first.file == "cases.csv")
        #expect(first.message.contains("the answer \"Low back pain\" is not a code"))
        #expect(first.message.contains("2 distractors but 1 why-not"))
        let second = try #require(errors.first { $0.line == 5 })
        #expect(second.message.contains("the id \"bad 02\""))
        #expect(second.message.contains("the rationale is empty"))
    }

    @Test func malformedFilesThrowWithTheLine() throws {
        #expect(throws: FormatError(file: "cases.csv", line: 1, message: "unknown column \"rational\"; the columns are "
            + "id, stem, answer, distractors, rationale, why_nots, tags (tags may be left out)")) {
            try importCSV("id,stem,answer,distractors,rational,why_nots\n")
        }
        do {
            _ = try importCSV("id,stem,answer,distractors,rationale,why_nots\nok,stem,M54.50,M54.59,r,w\nx,\"never closed,M54.50,M54.59,r,w\n")
            Issue.record("an unclosed quote was accepted")
        } catch {
            #expect(error.line == 3)
            #expect(error.message.contains("never closed"))
        }
        do {
            _ = try importCSV("id,stem,answer\n")
            Issue.record("missing columns were accepted")
        } catch {
            #expect(error.line == 1)
            #expect(error.message.contains("lacks the columns distractors, rationale, why_nots"))
        }
        do {
            _ = try CSVFormat.importBank(data: Data([0x69, 0x64, 0x0A, 0xFF, 0xFE]), file: "bin.csv", bankID: nil, title: nil,
                                         codeSetRelease: "2026-04-01", codeSet: Support.codeSet)
            Issue.record("invalid UTF-8 was accepted")
        } catch {
            #expect(error.line == 2)
            #expect(error.message.contains("not UTF-8"))
        }
    }

    @Test func multiValueFieldsSplitOnlyAtTheSeparator() {
        #expect(CSVFormat.splitValues("a | b | c") == ["a", "b", "c"])
        #expect(CSVFormat.splitValues("a|b | c") == ["a|b", "c"])
        #expect(CSVFormat.splitValues(CSVFormat.join(["x |", "| y", "a || b"])) == ["x |", "| y", "a || b"])
        #expect(CSVFormat.splitValues("  ") == [])
    }
}
