import CodeSet
import Foundation
import Testing
@testable import QuestionBank

/// The format: what a valid bank reads as, and the schema and code-set rules lint enforces.
@Suite struct FormatTests {
    @Test func theSampleBankReadsAsWrittenAndLintsClean() throws {
        let (bank, problems) = BankLoader().load(file: Fixtures.validBank)
        #expect(problems.isEmpty)
        let sample = try #require(bank)
        #expect(sample.id == "sample-dorsopathies")
        #expect(sample.codeSetRelease == "2026-04-01")
        #expect(sample.pages.count == 1)
        let page = sample.pages[0]
        #expect(page.code == "M53.3")
        #expect(page.billable == true)
        #expect(page.differentials.map(\.code) == ["M54.50", "S32.2XXA", "M47.816"])
        #expect(page.clinicalExamples.first?.caseID(pageCode: page.code) == "coccyx-pain-after-fall")
        #expect(sample.cases.map(\.id) == ["sample-low-back-pain-01", "sample-neck-pain-01"])
        #expect(sample.cases[0].answer == ["M54.50"])
        #expect(sample.cases[0].tags == ["low-back", "symptom-codes"])
        #expect(sample.cases[0].lines["stem"] == 42)
        let loaded = try BankLoader().load(paths: [Fixtures.folder.appendingPathComponent("valid").path])
        #expect(Linter(codeSet: Fixtures.codeSet).lint(loaded).isEmpty)
    }

    @Test func theMinimalBankIsClean() {
        #expect(Fixtures.lint(Fixtures.minimalBank).isEmpty)
    }

    @Test func cardIDsFollowTheAnswerNotTheWording() throws {
        let builder = CaseBuilder(codeSet: Fixtures.codeSet)
        let original = try #require(Fixtures.parse(Fixtures.minimalBank).bank)
        let retyped = try #require(Fixtures.parse(Fixtures.minimalBank.replacingOccurrences(
            of: "aching low back pain", with: "an aching low-back pain")).bank)
        let reanswered = try #require(Fixtures.parse(Fixtures.minimalBank.replacingOccurrences(
            of: "[M54.50]", with: "[M54.51]")).bank)
        let ids = [original, retyped, reanswered].map { builder.build($0).cases.first?.cardID }
        #expect(ids[0] == "test-bank/case-01@M54.50")
        #expect(ids[1] == ids[0])
        #expect(ids[2] == "test-bank/case-01@M54.51")
    }

    @Test func schemaErrorsNameTheLineAndTheShapeAndAreAllReported() {
        let yaml = Fixtures.minimalBank
                        .replacingOccurrences(of: "    answer: [M54.50]", with: "    answer: [M54.50]\n    distractor: M54.59")
            .replacingOccurrences(of: "        why_not: No radiculopathy is documented.", with: "        why_not: [not, a, text]")
            .replacingOccurrences(of: "title: Test bank", with: "titel: Test bank")
        let problems = Fixtures.lint(yaml)
        let messages = problems.map(\.message)
        #expect(problems.contains { $0.line == 2 && $0.message.contains("unknown key `titel`") && $0.message.contains("did you mean `title`") })
        #expect(problems.contains { $0.line == 1 && $0.message.contains("missing `title:`") })
        #expect(problems.contains { $0.line == 8 && $0.message.contains("unknown key `distractor`")
            && $0.message.contains("expected: id, stem, answer, distractors, rationale, tags") })
        #expect(problems.contains { $0.line == 13 && $0.message.contains("`why_not` must be") && $0.message.contains("found a list") })
        #expect(messages.count >= 4)
        #expect(problems.allSatisfy { $0.severity == .error })
    }

    @Test func missingRequiredFieldsAreReported() {
        let yaml = Fixtures.minimalBank.replacingOccurrences(of: "    rationale: Low back pain with no further specification is M54.50.\n", with: "")
        let problems = Fixtures.lint(yaml)
        #expect(problems.contains { $0.line == 5 && $0.message == "a case is missing `rationale:` (why the answer is right)" })
    }

    @Test func codesAreCheckedAgainstTheCodeSet() {
        let yaml = Fixtures.minimalBank
            .replacingOccurrences(of: "[M54.50]", with: "[M54.5]")
            .replacingOccurrences(of: "code: M54.59", with: "code: M54.599")
            .replacingOccurrences(of: "code: M54.16", with: "code: M54.16\n        title: Lumbar radiculopathy")
        let problems = Fixtures.lint(yaml)
        let answer = problems.first { $0.code == "M54.5" }
        #expect(answer?.line == 7)
        #expect(answer?.message.contains("is not billable: use one of M54.50 (Low back pain, unspecified), M54.51") == true)
        let unknown = problems.first { $0.code == "M54.599" }
        #expect(unknown?.message.contains("M54.599 is not an ICD-10-CM code; did you mean") == true)
        #expect(unknown?.message.contains("M54.59 (Other low back pain)") == true)
        let title = problems.first { $0.code == "M54.16" }
        #expect(title?.message.contains("\"Radiculopathy, lumbar region\"") == true)
    }

    @Test func distractorRulesAreEnforced() {
        let yaml = Fixtures.minimalBank
            .replacingOccurrences(of: "code: M54.59", with: "code: M54.50")
            .replacingOccurrences(of: "      - code: M54.16\n        why_not: No radiculopathy is documented.\n", with: "")
        let problems = Fixtures.lint(yaml)
        #expect(problems.contains { $0.code == "M54.50" && $0.message.contains("is the answer of case case-01") })
        #expect(problems.contains { $0.message.contains("has 1 distractor; it needs at least 2") })
    }

    @Test func duplicateIDsAndDuplicateCasesAreReported() {
        let second = """
              - id: case-01
                stem: A 52-year-old reports aching   low back pain for three weeks, without injury.
                answer: [M54.50]
                distractors:
                  - code: M54.59
                    why_not: Nothing specifies another kind of low back pain.
                  - code: M54.16
                    why_not: No radiculopathy is documented.
                rationale: Low back pain with no further specification is M54.50.

            """
        let problems = Fixtures.lint(Fixtures.minimalBank + second)
        #expect(problems.contains { $0.line == 14 && $0.message.contains("case id \"case-01\" is used twice (first at line 5)") })
        #expect(problems.contains { $0.line == 14 && $0.message.contains("repeats case case-01 (line 5): same stem, same answer") })
    }

    @Test func aStemNamingAnOptionIsAnError() {
        let yaml = Fixtures.minimalBank.replacingOccurrences(of: "without injury.", with: "without injury; not m5416.")
        let problems = Fixtures.lint(yaml)
        #expect(problems.contains { $0.line == 6 && $0.code == "M54.16" && $0.message.contains("gives the answer away") })
    }

    @Test func bankIDsMustBeUniqueAcrossFiles() throws {
        let folder = try Fixtures.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Fixtures.minimalBank.write(to: folder.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        try Fixtures.minimalBank.write(to: folder.appendingPathComponent("b.yml"), atomically: true, encoding: .utf8)
        try "not a bank".write(to: folder.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let (files, problems) = try Linter(codeSet: Fixtures.codeSet).lint(paths: [folder.path])
        #expect(files.map { URL(fileURLWithPath: $0).lastPathComponent } == ["a.yaml", "b.yml"])
        #expect(problems.count == 1)
        #expect(problems.first?.file.hasSuffix("b.yml") == true)
        #expect(problems.first?.message.contains("bank id \"test-bank\" is also used by") == true)
    }

    @Test func aMissingPathIsALoadError() {
        #expect(throws: BankLoadError.notFound(path: "/nonexistent/QuestionBanks")) {
            try BankLoader().load(paths: ["/nonexistent/QuestionBanks"])
        }
    }

    @Test func theWriterRoundTripsAnyText() throws {
        let awkward = "He said \"no\" \\ then  two spaces,\ttab,\nnew line, # not a comment: {not: flow} & *not an alias "
            + String(repeating: "long words to fold ", count: 20) + "end."
        var bank = try #require(Fixtures.parse(Fixtures.minimalBank).bank)
        bank.cases[0].rationale = awkward
        let (reread, problems) = Fixtures.parse(BankWriter.yaml(bank))
        #expect(problems.isEmpty)
        #expect(reread?.cases.first?.rationale == awkward)
        #expect(reread?.cases.first?.stem == bank.cases[0].stem)
    }
}
