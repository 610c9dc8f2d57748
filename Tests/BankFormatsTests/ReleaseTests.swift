import CodeSet
import Foundation
import QuestionBank
import Testing

/// `quiz lint --codeset NEW` underneath: which bank items a newer release breaks, and what
/// replaces them, on a release derived from the official one.
@Suite struct ReleaseTests {
    static let bank = """
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
              - code: M54.12
                why_not: No radiculopathy is documented.
            rationale: Neck pain without a documented cause is cervicalgia.

        """

    func lint(_ codeSet: CodeSet, changes: [String: CodeSetDiff]) throws -> [LintProblem] {
        var loaded = LoadedBanks()
        let (bank, problems) = BankParser.parse(data: Data(Self.bank.utf8), file: "release.yaml")
        loaded.files = ["release.yaml"]
        loaded.banks = [try #require(bank)]
        loaded.problems = problems
        return Linter(codeSet: codeSet, releaseChanges: changes).lint(loaded)
    }

    @Test func theBankIsCleanForTheReleaseItNames() throws {
        #expect(try lint(Support.codeSet, changes: [:]).isEmpty)
    }

    @Test func aNewReleaseShowsWhatItBreaksAndWhatReplacesIt() throws {
        let diff = CodeSetDiff(from: Support.codeSet, to: Support.derived)
        let problems = try lint(Support.derived, changes: ["2026-04-01": diff])
        let errors = problems.filter { $0.severity == .error }
        func error(_ code: String) -> LintProblem? { errors.first { $0.code == code } }
        let split = try #require(error("M54.2"))
        #expect(split.line == 7)
        #expect(split.message == "answer M54.2 (Cervicalgia) is a header in ICD-10-CM 2026-10-01, no longer billable: "
            + "use M54.20 (Cervicalgia, unspecified), M54.21 (Cervicogenic neck pain)")
        let deleted = try #require(error("M53.3"))
        #expect(deleted.line == 9)
        #expect(deleted.message.hasPrefix("distractor M53.3 (Sacrococcygeal disorders, not elsewhere classified) was deleted "
            + "in ICD-10-CM 2026-10-01; nearest codes: "))
        let retitled = try #require(error("M54.6"))
        #expect(retitled.line == 12)
        #expect(retitled.message == "M54.6 was retitled in ICD-10-CM 2026-10-01: \"Pain in thoracic spine\" is now \"Thoracic spine pain\"")
        #expect(error("M54.12") == nil)
        #expect(errors.count == 3)
        #expect(problems.contains { $0.severity == .warning && $0.line == 3 && $0.message.contains("written for ICD-10-CM 2026-04-01") })
    }

    @Test func withoutTheOldReleaseTheNewOneStillChecksTheBank() throws {
        let problems = try lint(Support.derived, changes: [:])
        #expect(problems.contains { $0.code == "M53.3" && $0.message.contains("not") })
        #expect(problems.contains { $0.code == "M54.2" && $0.message.contains("is not billable: use one of M54.20") })
    }
}
