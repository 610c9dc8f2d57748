@testable import BankFormats
import CodeSet
import Foundation
import QuestionBank
import Testing

/// GIFT: what quiz writes, what it reads back, and GIFT that other tools wrote.
@Suite struct GIFTTests {
    func importGIFT(_ text: String, file: String = "moodle.gift", bank: String? = nil) throws(FormatError) -> ImportResult {
        try GIFTFormat.importBank(data: Data(text.utf8), file: file, bankID: bank, title: nil,
                                  codeSetRelease: Support.codeSet.metadata.release, codeSet: Support.codeSet)
    }

    @Test(arguments: Support.shippedBankNames)
    func everyShippedBankRoundTrips(_ name: String) throws {
        let bank = try Support.shippedBank(name)
        let gift = GIFTFormat.export([ExportedBank(bank, codeSet: Support.codeSet)], codeSet: Support.codeSet)
        let result = try importGIFT(gift, file: "\(bank.id).gift")
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(result.bank.id == bank.id)
        #expect(result.bank.title == bank.title)
        #expect(result.bank.codeSetRelease == bank.codeSetRelease)
        #expect(Support.seen(result.bank) == Support.seen(bank))
        let problems = Support.lintAsWritten(result.bank)
        #expect(!problems.hasErrors, "\(problems.filter { $0.severity == .error })")
    }

    @Test func theExportIsOneMultipleChoiceQuestionPerCaseWithItsCategory() throws {
        let bank = try Support.shippedBank("dorsopathies.yaml")
        let exported = ExportedBank(bank, codeSet: Support.codeSet)
        let gift = GIFTFormat.export([exported], codeSet: Support.codeSet)
        #expect(gift.hasPrefix("// quiz bank: dorsopathies\n"))
        #expect(gift.components(separatedBy: "\n::").count - 1 == exported.cases.count)
        #expect(gift.contains("$CATEGORY: $course$/ICD-10-CM/Chapter 13 Diseases of the musculoskeletal system and "
            + "connective tissue (M00-M99)/M50-M54 Other dorsopathies\n"))
        #expect(gift.contains("\n=M54.50 Low back pain, unspecified#Correct.\n"))
        #expect(gift.contains("\n~M54.59 Other low back pain#"))
        #expect(gift.contains("\n####"))
    }

    @Test func everySpecialCharacterSurvivesBothWays() throws {
        let text = "Tilde ~, equals =, hash #, braces { }, colon :, backslash \\ and \\n, a line\nbreak, ünï ✓."
        #expect(GIFTFormat.escape("a~b=c#d{e}f:g\\h\ni") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h\\ni")
        let item = HandWrittenCase(id: "escapes-01", stem: text, answer: ["M54.50"],
                                   distractors: [Distractor(code: "M54.59", whyNot: "Why #1: " + text),
                                                 Distractor(code: "M54.16", whyNot: "{braced} =not= ~this~")],
                                   rationale: "####not feedback " + text)
        let bank = Bank(id: "escapes", title: "Escapes: {all} of them", codeSetRelease: "2026-04-01", cases: [item])
        let gift = GIFTFormat.export([ExportedBank(bank, codeSet: Support.codeSet)], codeSet: Support.codeSet)
        let result = try importGIFT(gift)
        #expect(result.problems.isEmpty)
        #expect(Support.seen(result.bank) == Support.seen(bank))
    }

    /// GIFT as Moodle and other tools write it: every question type, comments, titles or none,
    /// [html] texts, options with or without titles; what is not multiple choice is reported.
    static let foreign = """
        // Exported from a course; comments are ignored.
        $CATEGORY: $course$/Coding/Back pain

        ::Q1 Low back pain::A 52-year-old has aching low back pain for 3 weeks, no injury, no radiation. {
        =M54.50 Low back pain, unspecified#Right: unspecified low back pain.
        ~M54.59 - Other low back pain#Nothing specifies another kind of low back pain.
        ~S39.012A#There was no injury.
        ####Low back pain with nothing more specific is M54.50.
        }

        Neck pain for a month, no arm symptoms, no injury.{~M54.12 Radiculopathy, cervical region#No radiculopathy.
        =M54.2#Correct ~M50.20 Other cervical disc displacement, unspecified cervical region#No disc disorder.}

        ::html::[html]<p>Tailbone pain after a fall; radiographs show <b>no</b> fracture &amp; no injury.</p>{
        =M53.3 Sacrococcygeal disorders, not elsewhere classified
        ~S32.2XXA#<p>Imaging shows no fracture.</p>
        ~M54.50#<i>Pain is at the coccyx.</i>
        ####<p>Coccygodynia is M53.3.</p>
        }

        ::short::What is the code for cervicalgia? {=M54.2 =M54.20}

        ::numeric::How many characters can a code have at most? {#7}

        ::tf::M54.5 is billable. {F}

        ::match::Match the codes. {
        =M54.2 -> Cervicalgia
        =M54.6 -> Pain in thoracic spine
        }

        ::essay::Describe the coding of sciatica. {}

        This line is a description with no answers.

        ::multi::Which codes are billable? {
        ~%50%M54.50
        ~%50%M54.2
        ~%-100%M54.5
        }

        ::bad option::A 40-year-old with neck pain. {
        =M54.2 Cervicalgia#
        ~Neck strain#There was no injury.
        ~M50.20#No disc disorder.
        }
        """

    @Test func multipleChoiceBecomesCasesAndOtherTypesAreReportedAsSkipped() throws {
        let result = try importGIFT(Self.foreign, bank: "moodle-back")
        #expect(result.bank.id == "moodle-back")
        let skipped = result.problems.filter { $0.severity == .warning }
        func skippedAt(_ line: Int, _ text: String) -> Bool {
            skipped.contains { $0.line == line && $0.message.contains(text) && $0.message.contains("skipped") }
        }
        #expect(skippedAt(21, "short-answer"))
        #expect(skippedAt(23, "numeric"))
        #expect(skippedAt(25, "true/false"))
        #expect(skippedAt(27, "matching"))
        #expect(skippedAt(32, "essay"))
        #expect(skippedAt(34, "description"))
        #expect(skippedAt(36, "multiple-answer"))
        // An option without a code is an error with its line; nothing of that question is kept.
        let errors = result.problems.filter { $0.severity == .error }
        #expect(errors.count == 1)
        #expect(errors.first?.line == 44)
        #expect(errors.first?.message.contains("\"Neck strain\"") == true)
        #expect(errors.first?.message.contains("does not start with an ICD-10-CM code") == true)
        #expect(!result.isComplete)
        #expect(result.bank.cases.map(\.id) == ["q1-low-back-pain", "question-line-11", "html"])

        let first = result.bank.cases[0]
        #expect(first.answer == ["M54.50"])
        #expect(first.distractors.map(\.code) == ["M54.59", "S39.012A"])
        #expect(first.distractors.map(\.title) == ["Other low back pain", nil])
        #expect(first.distractors[1].whyNot == "There was no injury.")
        #expect(first.rationale == "Right: unspecified low back pain. Low back pain with nothing more specific is M54.50.")
        #expect(first.lines.start == 4)

        let second = result.bank.cases[1]
        #expect(second.stem == "Neck pain for a month, no arm symptoms, no injury.")
        #expect(second.answer == ["M54.2"])
        #expect(second.distractors.map(\.code) == ["M54.12", "M50.20"])

        let third = result.bank.cases[2]
        #expect(third.stem == "Tailbone pain after a fall; radiographs show no fracture & no injury.")
        #expect(third.distractors.map(\.whyNot) == ["Imaging shows no fracture.", "Pain is at the coccyx."])
        #expect(third.rationale == "Coccygodynia is M53.3.")
    }

    @Test func missingFeedbackIsWrittenFromTheTabularAndSaidSo() throws {
        let result = try importGIFT("""
            ::neck::Neck pain for a month. {=M54.2 ~M54.12 ~M50.20 #Disc disorder not documented.}
            """)
        #expect(result.isComplete)
        let item = try #require(result.bank.cases.first)
        #expect(item.distractors[0].whyNot.contains("M54.12 is \"Radiculopathy, cervical region\""))
        #expect(item.rationale == "M54.2 is Cervicalgia.")
        #expect(result.problems.filter { $0.severity == .warning }.count == 2)
        #expect(result.problems.allSatisfy { $0.line == 1 })
        #expect(!Support.lintAsWritten(result.bank).hasErrors)
    }

    @Test func malformedGIFTThrowsWithTheLine() {
        let unclosed = "::a::Stem one. {=M54.2 ~M54.12#x ~M50.20#y}\n\n::b::Stem two. {\n=M54.50\n~M54.59#x\n\n::c::Stem three {=M54.2}\n"
        #expect(throws: FormatError.self) { try importGIFT(unclosed) }
        do {
            _ = try importGIFT(unclosed)
            Issue.record("malformed GIFT was accepted")
        } catch {
            #expect(error.line == 3)
            #expect(error.message.contains("never closed with }"))
        }
        do {
            _ = try importGIFT("::t::Stem {=M54.2 { ~M54.12}\n")
            Issue.record("malformed GIFT was accepted")
        } catch {
            #expect(error.line == 1)
            #expect(error.message.contains("write \\{"))
        }
        do {
            _ = try importGIFT("// only comments\n\n")
            Issue.record("malformed GIFT was accepted")
        } catch {
            #expect(error.message.contains("no GIFT question found"))
        }
        do {
            _ = try importGIFT("::t::Unclosed title {=M54.2 ~M54.12#a ~M50.20#b}\n::x:: {T}\n\n::oops Stem {=M54.2}")
            Issue.record("malformed GIFT was accepted")
        } catch {
            #expect(error.line == 4)
            #expect(error.message.contains("never closed with ::"))
        }
    }

    @Test func optionTextsNameTheirCodes() {
        #expect(OptionText.parse("M54.50 Low back pain, unspecified") == .init(codes: ["M54.50"], title: "Low back pain, unspecified"))
        #expect(OptionText.parse("m54.50") == .init(codes: ["m54.50"], title: nil))
        #expect(OptionText.parse("S39.012A: Strain of muscle") == .init(codes: ["S39.012A"], title: "Strain of muscle"))
        #expect(OptionText.parse("I11.0 Hypertensive heart disease with heart failure + I50.22 Chronic systolic (congestive) heart failure")?.codes
            == ["I11.0", "I50.22"])
        #expect(OptionText.parse("E11.9, Z79.84")?.codes == ["E11.9", "Z79.84"])
        #expect(OptionText.parse("Low back pain") == nil)
        #expect(OptionText.parse("") == nil)
    }
}
