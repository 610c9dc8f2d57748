import CodeSet
import Practice
import Testing

@Suite struct TypedAnswerGraderTests {
    static let codeSet: CodeSet = {
        do { return try CodeSet.shipped() } catch { fatalError("the shipped code set does not load: \(error)") }
    }()
    let grader = TypedAnswerGrader(codeSet: Self.codeSet)

    @Test(arguments: ["M54.50", "m5450", " M54.50 ", "m54.50"])
    func caseAndDotDoNotMatter(_ typed: String) {
        #expect(grader.grade(typed, expected: ["M54.50"]).isCorrect)
    }

    @Test func aHeaderIsNamedWithTheCodesBeneath() {
        let grade = grader.grade("M54.5", expected: ["M54.50"])
        #expect(!grade.isCorrect)
        #expect(grade.findings == ["M54.5 is not billable: M54.50, M54.51, M54.59."])
    }

    @Test func theRightCategoryAtTheWrongSpecificityIsSaid() {
        let grade = grader.grade("M54.59", expected: ["M54.50"])
        #expect(grade.findings.first?.contains("right category, M54") == true)
    }

    @Test func aMissingSeventhCharacterIsSaid() {
        let grade = grader.grade("S39.012", expected: ["S39.012A"])
        #expect(grade.findings == ["S39.012 is missing its 7th character (A, D, S)."])
    }

    @Test func aCodeThatDoesNotExistIsSaid() {
        let grade = grader.grade("M54.7", expected: ["M54.50"])
        #expect(grade.findings == ["M54.7 is not an ICD-10-CM code."])
        #expect(grade.given == ["M54.7"])
    }

    @Test func multipleCodesAreCheckedInOrder() {
        #expect(grader.grade("E11.22, N18.31", expected: ["E11.22", "N18.31"]).isCorrect)
        #expect(grader.grade("e1122 + n1831", expected: ["E11.22", "N18.31"]).isCorrect)
        let reversed = grader.grade("N18.31 E11.22", expected: ["E11.22", "N18.31"])
        #expect(!reversed.isCorrect)
        #expect(reversed.findings == ["The right codes in the wrong order: report E11.22, then N18.31."])
        let partial = grader.grade("E11.22", expected: ["E11.22", "N18.31"])
        #expect(!partial.isCorrect)
        #expect(partial.findings == ["1 of the 2 codes this case needs is missing."])
    }

    @Test func anEmptyAnswerIsWrong() {
        #expect(grader.grade("  ", expected: ["M54.50"]).findings == ["No code was given."])
    }
}

@Suite struct RatingPolicyTests {
    let policy = RatingPolicy()

    @Test func theMappingIsAsDocumented() {
        // A 40-word stem: fast is 6 + 8 = 14 s, slow is 42 s.
        #expect(policy.rating(correct: false, hintsUsed: 0, seconds: 3, stemWords: 40) == .again)
        #expect(policy.rating(correct: true, hintsUsed: 1, seconds: 3, stemWords: 40) == .hard)
        #expect(policy.rating(correct: true, hintsUsed: 0, seconds: 50, stemWords: 40) == .hard)
        #expect(policy.rating(correct: true, hintsUsed: 0, seconds: 20, stemWords: 40) == .good)
        #expect(policy.rating(correct: true, hintsUsed: 0, seconds: 10, stemWords: 40) == .easy)
        #expect(policy.rating(correct: true, hintsUsed: 0, seconds: nil, stemWords: 40) == .good)
    }
}
