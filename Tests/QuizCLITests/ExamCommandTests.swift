import Foundation
import Testing

/// `quiz exam` end to end: no feedback until the end, answers changeable, a score by chapter
/// and block, and the answers saved as exam reviews.
@Suite struct ExamCommandTests {
    @Test func aMockExamIsScoredAtTheEndAndSaved() throws {
        let home = try PracticeHome()
        defer { home.remove() }
        let exam = try Conversation(["exam", "--questions", "3", "--minutes", "10", "--seed", "4"],
                                    environment: home.environment(now: "2026-11-02T09:00:00Z"))
        // First question: answer wrong on purpose, go back, then answer right.
        let first = try #require(exam.read(until: "answer (a–d)> "))
        #expect(first.contains("3 questions, 10 minutes"))
        #expect(first.contains("left]"))
        let firstAnswer = try #require(PracticeCommandTests.answer(for: first))
        exam.send(try #require(Self.letter(notFor: firstAnswer, in: first)))
        let second = try #require(exam.read(until: "answer (a–d)> "))
        #expect(!second.contains("✓") && !second.contains("✗"), "no feedback during the exam")
        exam.send(":back")
        let again = try #require(exam.read(until: "answer (a–d)> "))
        #expect(again.contains("Your answer so far:"))
        exam.send(try #require(Self.letter(for: firstAnswer, in: again)))
        // Second question right, third left unanswered by ending the exam.
        let secondAgain = try #require(exam.read(until: "answer (a–d)> "))
        let secondAnswer = try #require(PracticeCommandTests.answer(for: secondAgain))
        exam.send(try #require(Self.letter(for: secondAnswer, in: secondAgain)))
        _ = try #require(exam.read(until: "answer (a–d)> "))
        exam.send(":submit")
        let (status, report) = exam.finish()
        #expect(status == 0)
        #expect(report.contains("Score: 2/3 (67%), below the 70% pass mark."))
        #expect(report.contains("By chapter:"))
        #expect(report.contains("By block:"))
        #expect(report.contains("Not answered."))
        let reviews = try home.reviews()
        #expect(reviews.count == 2, "answered questions are saved; the unanswered one is not")
        #expect(reviews.allSatisfy { $0["mode"] as? String == "exam" && $0["correct"] as? Bool == true })
    }

    /// The letter of the option showing `code` in a printed question.
    static func letter(for code: String, in question: String) -> String? {
        question.split(separator: "\n").first { $0.count > 3 && $0.dropFirst(1).hasPrefix(") ") && $0.contains(" \(code) ") || $0.hasSuffix(") \(code)") }
            .map { String($0.prefix(1)) }
    }

    static func letter(notFor code: String, in question: String) -> String? {
        question.split(separator: "\n").first { $0.count > 3 && $0.dropFirst(1).hasPrefix(") ") && !$0.contains(" \(code) ") }
            .map { String($0.prefix(1)) }
    }
}
