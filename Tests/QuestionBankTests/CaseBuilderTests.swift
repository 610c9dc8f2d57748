import CodeSet
import Foundation
import Testing
@testable import QuestionBank

/// The case builder and page import: the seed page, a second page laid out the same way, and
/// the guarantees every built case keeps.
@Suite struct CaseBuilderTests {
    let codeSet = Fixtures.codeSet

    func importedBank(_ path: String) throws -> Bank {
        let page = try PageImporter().importPage(path: path)
        return Bank(id: "imported", title: "Imported", codeSetRelease: "2026-04-01", pages: [page], file: "imported.yaml")
    }

    /// The guarantees of ``Case`` for every case built.
    func expectGuarantees(_ cases: [Case], sourceLocation: SourceLocation = #_sourceLocation) {
        for built in cases {
            let options = built.optionCodes
            #expect(Set(options).count == options.count, "options repeat in \(built.id)", sourceLocation: sourceLocation)
            #expect(options.allSatisfy { codeSet.isBillable($0) }, "non-billable option in \(built.id)", sourceLocation: sourceLocation)
            #expect(AnswerLeaks.leakedCodes(options, in: built.stem).isEmpty, "leak in \(built.id)", sourceLocation: sourceLocation)
            #expect(built.distractors.count >= 2, sourceLocation: sourceLocation)
            #expect(built.distractors.allSatisfy { !$0.whyNot.isEmpty }, sourceLocation: sourceLocation)
            #expect(!built.rationale.isEmpty, sourceLocation: sourceLocation)
        }
    }

    @Test func theSeedPageImportsWithItsErrorsKept() throws {
        let page = try PageImporter().importPage(path: Fixtures.seedPage)
        #expect(page.code == "M53.3")
        #expect(page.title == "Other specified dorsopathies")
        #expect(page.billable == true)
        #expect(page.overview?.hasPrefix("M53.3 refers to \"Other specified dorsopathies,\"") == true)
        #expect(page.redFlags == ["Unexplained weight loss", "Fever or chills", "Recent trauma leading to severe pain",
                                  "Neurological deficits (e.g., bowel/bladder dysfunction)"])
        #expect(page.differentials.map(\.code) == ["M54.5", "M51.2", "M47", "M54.2"])
        #expect(page.differentials.map(\.title) == ["Low back pain", "Other intervertebral disc displacement", "Spondylosis", "Cervicalgia"])
        #expect(page.differentials[0].whyNot == "Generalized pain without specific radicular symptoms.")
        #expect(page.clinicalExamples.count == 1)
        #expect(page.clinicalExamples[0].text.hasPrefix("Subjective: A 45-year-old female office worker"))
        #expect(page.codingExamples.count == 1)
        #expect(page.codingExamples[0].text.contains("Code as M53.3 because"))
        #expect(page.documentation.count == 5)
    }

    @Test func theSeedsCasesLoseTheirLeaksAndShowOnlyBillableOptions() throws {
        var bank = try importedBank(Fixtures.seedPage)
        bank.pages[0].clinicalExamples[0].answer = ["M54.50"]  // what the instructor sets
        let build = CaseBuilder(codeSet: codeSet).build(bank)
        #expect(build.cases.map(\.id) == ["M53.3-clinical-1", "M53.3-coding-1"])
        expectGuarantees(build.cases)
        let clinical = build.cases[0]
        #expect(clinical.cardID == "imported/M53.3-clinical-1@M54.50")
        #expect(!clinical.stem.contains("Diagnosis:"))
        #expect(clinical.stem.contains("Assessment: Chronic low back pain, likely due to poor ergonomics and prolonged sitting. Plan:"))
        // M54.5 stands for the billable code beneath it that is not the answer; M51.2 and M47 likewise.
        #expect(clinical.distractors.map(\.code) == ["M54.51", "M51.24", "M47.9", "M54.2"])
        #expect(clinical.distractors[0].whyNot.hasPrefix("M54.5 (Low back pain) is not billable; M54.51 (Vertebrogenic low back pain)"))
        #expect(clinical.distractors[0].whyNot.hasSuffix("Generalized pain without specific radicular symptoms."))
        let coding = build.cases[1]
        #expect(coding.answer == ["M53.3"])
        #expect(!coding.stem.contains("Code as"))
        #expect(coding.stem.hasSuffix("the physician documents the condition as unspecified back disorder."))
        #expect(coding.distractors.map(\.code) == ["M54.50", "M51.24", "M47.9", "M54.2"])
        #expect(build.notes.contains { $0.caseID == "M53.3-coding-1" && $0.kind == .leakRemoved(sentences: [
            "Code as M53.3 because it captures the general category of other specified disorders of the back, "
                + "which aligns with the clinical findings and patient history."]) })
    }

    @Test func anotherPageLaidOutTheSameWayImports() throws {
        let bank = try importedBank(Fixtures.secondPage)
        let page = bank.pages[0]
        #expect(page.code == "M54.2")
        #expect(page.title == "Neck pain, unspecified")
        #expect(page.billable == true)
        #expect(page.redFlags == ["Arm weakness or numbness", "Fever with neck stiffness", "Pain after significant trauma"])
        #expect(page.differentials.map(\.code) == ["M50.1", "M54.12", "M47.812", "S13.4"])
        #expect(page.differentials.map(\.title) == ["Cervical disc disorder with radiculopathy", "Radiculopathy, cervical region",
                                                    "Cervical spondylosis", "Whiplash injury"])
        #expect(page.clinicalExamples.count == 2)
        #expect(page.codingExamples.count == 1)
        #expect(page.documentation == ["Record whether pain radiates and the neurological findings.", "Record any trauma and its date."])
        let build = CaseBuilder(codeSet: codeSet).build(bank)
        #expect(build.cases.count == 3)
        expectGuarantees(build.cases)
        #expect(build.cases[0].distractors.map(\.code) == ["M50.10", "M54.12", "M47.812", "S13.4XXA"])
        #expect(!build.cases[0].stem.contains("Diagnosis"))
        #expect(build.cases[1].stem.hasSuffix("Assessment: neck pain."))
    }

    @Test func fewDistractorsAreToppedUpFromTheTabularWithFactualWhyNots() throws {
        let page = CodePage(code: "M54.50", overview: "Low back pain without further detail.",
                            differentials: [Differential(code: "M54.59", whyNot: "Not another kind of low back pain.")],
                            clinicalExamples: [PageExample(kind: .clinical, number: 1, text: "Low back pain for a week, no injury.")])
        let bank = Bank(id: "b", title: "B", codeSetRelease: "2026-04-01", pages: [page])
        let build = CaseBuilder(codeSet: codeSet).build(bank)
        let built = try #require(build.cases.first)
        expectGuarantees(build.cases)
        #expect(built.distractors.count == 3)
        #expect(built.distractors[0].code == "M54.59")
        #expect(!built.distractors[0].whyNotIsGenerated)
        let added = built.distractors.dropFirst()
        #expect(added.allSatisfy { $0.whyNotIsGenerated })
        // The nearest Excludes1 notes (M54.5's, in the tabular's order) come first.
        #expect(added.map(\.code) == ["M51.360", "M51.370"])
        #expect(added.first?.whyNot.contains("Excludes1 note under M54.5 (\"intervertebral disc degeneration, lumbar region "
            + "with discogenic back pain only (M51.360)\")") == true)
        for option in added {
            #expect(option.whyNot.hasPrefix("\(option.code) is \"\(codeSet.title(of: option.code) ?? "?")\""))
        }
        #expect(built.rationale == "Low back pain without further detail.")
    }

    @Test func handWrittenStemsNeverShowAnOptionsCode() throws {
        var bank = try #require(Fixtures.parse(Fixtures.minimalBank).bank)
        bank.cases[0].stem = "Back pain for three weeks. Coded last time as m54.16 by the nurse.\nNo injury."
        let build = CaseBuilder(codeSet: codeSet).build(bank)
        let built = try #require(build.cases.first)
        #expect(built.stem == "Back pain for three weeks.\nNo injury.")
        expectGuarantees(build.cases)
    }

    @Test func aCaseWhoseAnswerIsNotBillableIsNotShown() throws {
        let bank = try #require(Fixtures.parse(Fixtures.minimalBank.replacingOccurrences(of: "[M54.50]", with: "[M54.5]")).bank)
        let build = CaseBuilder(codeSet: codeSet).build(bank)
        #expect(build.cases.isEmpty)
        #expect(build.notes.contains { $0.kind == .skipped(reason: "its answer M54.5 is not billable") })
    }

    @Test func theSampleBankBuildsEveryCase() throws {
        let bank = try #require(BankLoader().load(file: Fixtures.validBank).bank)
        let build = CaseBuilder(codeSet: codeSet).build(bank)
        #expect(build.cases.map(\.cardID) == [
            "sample-dorsopathies/coccyx-pain-after-fall@M53.3",
            "sample-dorsopathies/sample-low-back-pain-01@M54.50",
            "sample-dorsopathies/sample-neck-pain-01@M54.2",
        ])
        expectGuarantees(build.cases)
        #expect(build.cases[0].sourcePage == "M53.3")
        #expect(build.cases[2].distractors.count == 2)
    }
}
