@testable import BankFormats
import CodeSet
import Foundation
import QuestionBank
import Testing

/// The Anki text file: header lines Anki reads, one note per case, fields Anki cannot mis-split.
@Suite struct AnkiTests {
    func export(_ banks: [Bank]) -> String {
        AnkiFormat.export(banks.map { ExportedBank($0, codeSet: Support.codeSet) }, codeSet: Support.codeSet)
    }

    @Test func oneBankIsOneDeckWithTheHeaderLinesAnkiReads() throws {
        let bank = try Support.shippedBank("endocrine.yaml")
        let cases = ExportedBank(bank, codeSet: Support.codeSet).cases
        let lines = export([bank]).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(Array(lines.prefix(7)) == [
            "#separator:tab", "#html:true", "#notetype:Basic",
            "#deck:ICD-10-CM::Endocrine, nutritional and metabolic diseases (E00-E89)",
            "#columns:Front\tBack\tTags\tGUID", "#tags column:3", "#guid column:4",
        ])
        let notes = lines.dropFirst(7).map { $0.components(separatedBy: "\t") }
        #expect(notes.count == cases.count)
        for (note, item) in zip(notes, cases) {
            #expect(note.count == 4)
            // The GUID is the card id, so a re-import updates the note in place.
            #expect(note[3] == item.cardID)
            // Tags hold no spaces; the chapter and block of the answer are among them.
            #expect(!note[2].contains("  "))
            let tags = note[2].split(separator: " ").map(String.init)
            #expect(tags.contains("quiz::endocrine"))
            let placement = try #require(Placement(code: item.answer[0], in: Support.codeSet))
            #expect(tags.contains("ICD-10-CM::Chapter_\(placement.chapter.chapterNumber ?? 0)"))
            #expect(tags.contains("ICD-10-CM::\(placement.block?.code ?? "")"))
            for tag in item.tags { #expect(tags.contains(tag)) }
            // Nothing in a field starts a quoted field or breaks the line.
            #expect(note.allSatisfy { !$0.contains("\"") || $0.contains("class=\"stem\"") || $0.contains("type=\"a\"") })
        }
        #expect(notes.first?[2].contains("ICD-10-CM::Chapter_4 ICD-10-CM::E08-E13") == true)
        let first = try #require(notes.first)
        let item = try #require(cases.first)
        #expect(first[0].contains(HTMLText.escape(item.stem)))
        for option in item.distractors { #expect(first[0].contains("<li>\(option.code) \(HTMLText.escape(option.title))</li>")) }
        #expect(first[1].contains("E11.9 Type 2 diabetes mellitus without complications + Z79.84 "))
        #expect(first[1].contains(HTMLText.escape(item.rationale)))
        for option in item.distractors { #expect(first[1].contains(HTMLText.escape(option.whyNot))) }
    }

    @Test func textIsEscapedForHTMLAndNeverSplitsAField() throws {
        let item = HandWrittenCase(id: "html-01", stem: "Pain <3 weeks & \"worse\"\tat night;\nno injury.", answer: ["M54.50"],
                                   distractors: [Distractor(code: "M54.59", whyNot: "<b>not</b> bold"),
                                                 Distractor(code: "M54.16", whyNot: "No radiculopathy.")],
                                   rationale: "A & B.")
        let bank = Bank(id: "html", title: "HTML", codeSetRelease: "2026-04-01", cases: [item])
        let note = try #require(export([bank]).split(separator: "\n").last).components(separatedBy: "\t")
        #expect(note.count == 4)
        #expect(note[0].contains("Pain &lt;3 weeks &amp; &quot;worse&quot; at night;<br>no injury."))
        #expect(note[1].contains("&lt;b&gt;not&lt;/b&gt; bold"))
        #expect(HTMLText.plain(HTMLText.escape(item.stem)) == "Pain <3 weeks & \"worse\" at night;\nno injury.")
    }

    @Test func theAnswerIsNotAlwaysTheFirstOptionAndTheOrderIsStable() throws {
        let bank = try Support.shippedBank("dorsopathies.yaml")
        let cases = ExportedBank(bank, codeSet: Support.codeSet).cases
        let letters = cases.map { item in AnkiFormat.options(item).first { $0.isAnswer }?.letter }
        #expect(Set(letters.compactMap { $0 }).count >= 3)
        #expect(export([bank]) == export([bank]))
    }

    @Test func severalBanksGetADeckColumn() throws {
        let banks = try ["mental.yaml", "injury.yaml"].map(Support.shippedBank)
        let text = export(banks)
        #expect(text.contains("#columns:Front\tBack\tTags\tGUID\tDeck\n#tags column:3\n#guid column:4\n#deck column:5\n"))
        #expect(!text.contains("#deck:"))
        let notes = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(notes.allSatisfy { $0.components(separatedBy: "\t").count == 5 })
        #expect(notes.last?.hasSuffix("\tICD-10-CM::" + banks[1].title) == true)
    }
}
