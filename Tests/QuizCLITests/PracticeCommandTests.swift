import Foundation
import Testing

/// `quiz practice` end to end with piped answers: the transcript and the progress written.
@Suite struct PracticeCommandTests {
    /// The right code for each case of the test bank, told apart by a word of its stem.
    static func answer(for question: String) -> String? {
        if question.contains("tailbone") { return "M53.3" }
        if question.contains("office worker") { return "M54.50" }
        if question.contains("sofa") { return "S39.012A" }
        return nil
    }

    @Test func typedAnswersAreGradedSavedAndSummarised() throws {
        let home = try PracticeHome()
        defer { home.remove() }
        let session = try Conversation(["practice", "--mode", "typed", "--seed", "5", "--new", "3"],
                                       environment: home.environment(now: "2026-11-02T09:00:00Z"))
        var first = true
        while let question = session.read(until: "code(s)> ") {
            if first {
                session.send(":help")
                _ = session.read(until: "code(s)> ")
                session.send(":hint")
                _ = session.read(until: "code(s)> ")
                first = false
            }
            session.send(try #require(Self.answer(for: question), "no known case in: \(question)"))
            if session.transcript.components(separatedBy: "Rated").count > 3 { break }
        }
        let (status, _) = session.finish()
        #expect(status == 0)
        let transcript = session.transcript
        #expect(transcript.contains("Welcome!"))
        #expect(transcript.contains(":lookup CODE|WORDS"))
        #expect(transcript.contains("Hint: Chapter"))
        #expect(transcript.components(separatedBy: "✓ Right.").count == 4)
        #expect(transcript.contains("Session over."))
        #expect(transcript.contains("Answered 3, right 3 (100%)"))
        // The queue ran out while the three new cases are in their learning steps: say when.
        #expect(transcript.contains("Cases still in their learning steps come back in "))
        let reviews = try home.reviews()
        #expect(reviews.count == 3)
        #expect(Set(reviews.compactMap { $0["card"] as? String }) == ["backs/coccyx-fall@M53.3", "backs/lbp-office@M54.50", "backs/lbp-strain@S39.012A"])
        #expect(reviews.allSatisfy { $0["mode"] as? String == "practice" && $0["correct"] as? Bool == true })
        // The first case got a hint: right after a hint is rated Hard.
        #expect(reviews.first?["hints"] as? Int == 1)
        #expect(reviews.first?["rating"] as? Int == 2)
    }

    @Test func choiceAnswersRecordTheCodePickedAndShowItsWhyNot() throws {
        let home = try PracticeHome()
        defer { home.remove() }
        let session = try Conversation(["practice", "--seed", "9", "--limit", "1"],
                                       environment: home.environment(now: "2026-11-02T09:00:00Z"))
        let question = try #require(session.read(until: "answer (a–d)> "))
        let answer = try #require(Self.answer(for: question))
        // Pick a wrong option: the first line of the options that is not the answer.
        let wrong = try #require(question.split(separator: "\n").first { $0.hasPrefix("a) ") || $0.hasPrefix("b) ") ? !$0.contains(answer + " ") : false })
        session.send(String(wrong.prefix(1)))
        let (status, rest) = session.finish()
        #expect(status == 0)
        #expect(rest.contains("✗ Not quite."))
        #expect(rest.contains("Why not your pick: "))
        let review = try #require(try home.reviews().first)
        #expect(review["correct"] as? Bool == false)
        #expect(wrong.contains((review["given"] as? String ?? "?") + " "))
    }

    @Test func nearMissesAreNamedInTypedMode() throws {
        let home = try PracticeHome()
        defer { home.remove() }
        let outcome = try QuizProcess.run(
            ["practice", "--mode", "typed", "--seed", "5", "--limit", "1"],
            input: "M54.5\n",
            environment: home.environment(now: "2026-11-02T09:00:00Z"))
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.contains("M54.5 is not billable: M54.50, M54.51, M54.59."))
        let review = try #require(try home.reviews().first)
        #expect(review["given"] as? String == "M54.5")
        #expect(review["correct"] as? Bool == false)
        #expect(review["rating"] as? Int == 1)
    }

    @Test func endOfInputEndsTheSessionWithEverythingSaved() throws {
        let home = try PracticeHome()
        defer { home.remove() }
        let outcome = try QuizProcess.run(["practice", "--mode", "typed", "--seed", "1"], input: "M53.3\n",
                                          environment: home.environment(now: "2026-11-02T09:00:00Z"))
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.contains("Session over."))
        #expect(!outcome.standardOutput.contains("come back in"), "a learner who stopped is not told to wait")
        #expect(try home.reviews().count == 1)
    }

    @Test func aSecondSessionForTheSameLearnerIsRefused() throws {
        let home = try PracticeHome()
        defer { home.remove() }
        // Hold ann's lock with a first session, waiting at its first question.
        let first = try Conversation(["practice", "--mode", "typed"], environment: home.environment(now: "2026-11-02T09:00:00Z"))
        try #require(first.read(until: "code(s)> ") != nil)
        let second = try QuizProcess.run(["practice"], environment: home.environment(now: "2026-11-02T09:00:00Z"))
        #expect(second.status == 2)
        #expect(second.standardError.contains("pid \(first.processIdentifier)"))
        #expect(second.standardError.contains("in use by another quiz session"))
        #expect(first.finish().status == 0)
    }

    @Test func badUsageExitsTwo() throws {
        let outcome = try QuizProcess.run(["practice", "--mode", "oral"])
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("--mode is choice or typed"))
    }
}
