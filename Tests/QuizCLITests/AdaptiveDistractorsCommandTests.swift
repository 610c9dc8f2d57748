import Foundation
import Testing

/// A scripted learner who keeps choosing M54.50 for coccyx pain, run through the built quiz
/// session after session with QUIZ_NOW moving on to each due date.
@Suite struct AdaptiveDistractorsCommandTests {
    /// One case whose own first four distractors leave M54.50 out: it is shown only because the
    /// learner falls for it.
    static let bank = """
        bank: tailbone
        title: Tailbone
        codeset: 2026-04-01
        cases:
          - id: coccyx
            stem: >-
              A 34-year-old woman has had pain at the tip of her tailbone for six weeks after a fall onto
              her buttocks. X-rays show no fracture. Assessment: coccygodynia.
            answer: [M53.3]
            distractors:
              - code: M54.59
                why_not: No specific kind of low back pain is documented.
              - code: M54.89
                why_not: The pain is at the coccyx, not elsewhere in the back.
              - code: M53.80
                why_not: Coccygodynia has its own code.
              - code: M53.9
                why_not: The dorsopathy is specified.
              - code: M54.50
                why_not: The pain is localised to the coccyx; coccygodynia is an inclusion term of M53.3.
            rationale: Coccygodynia is an inclusion term of M53.3.
        """

    /// Runs one session answering the single question; returns the options shown (codes) and the
    /// due date of the card afterwards.
    static func session(home: URL, now: Date, answer: (_ options: [String: String]) -> String, typed: Bool = false)
        throws -> (options: [String], due: Date) {
        let environment = ["QUIZ_HOME": home.path, "QUIZ_NOW": ISO8601DateFormatter().string(from: now),
                           "NO_COLOR": "1", "QUIZ_LEARNER": "kim"]
        let arguments = ["practice", "--limit", "1", "--seed", "7"] + (typed ? ["--mode", "typed"] : [])
        let conversation = try Conversation(arguments, environment: environment)
        let question = try #require(conversation.read(until: typed ? "code(s)> " : "> "), "no question at \(now)")
        var options: [String: String] = [:]
        for line in question.split(separator: "\n") where line.count > 3 && line.dropFirst().hasPrefix(") ") {
            let code = line.dropFirst(3).split(separator: " ").first.map(String.init) ?? ""
            options[code] = String(line.prefix(1))
        }
        conversation.send(answer(options))
        let (status, _) = conversation.finish()
        #expect(status == 0)
        let log = try String(contentsOf: home.appendingPathComponent("Progress/kim/reviews.jsonl"), encoding: .utf8)
        let last = try #require(log.split(separator: "\n").last)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        let review = (record["rec"] as? [String: Any]) ?? record
        let dueText = try #require((review["after"] as? [String: Any])?["due"] as? String)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let due = try #require(formatter.date(from: dueText) ?? ISO8601DateFormatter().date(from: dueText))
        return (options.keys.sorted(), due)
    }

    @Test func aConfusedCodeKeepsComingBackUntilPassedThreeTimesInARow() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("quiz-adaptive-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home.appendingPathComponent("QuestionBanks"), withIntermediateDirectories: true)
        try Data(Self.bank.utf8).write(to: home.appendingPathComponent("QuestionBanks/tailbone.yaml"))
        defer { try? FileManager.default.removeItem(at: home) }
        var now = ISO8601DateFormatter().date(from: "2026-11-02T09:00:00Z")!
        func next(after due: Date) -> Date { max(due, now).addingTimeInterval(3_600) }

        // Day 1, typed: the learner types M54.50. Without a confusion, M54.50 is not among the options.
        var outcome = try Self.session(home: home, now: now, answer: { _ in "M54.50" }, typed: true)
        now = next(after: outcome.due)
        // Then, in choice mode: M54.50 is shown beside M53.3, and the learner falls for it again.
        outcome = try Self.session(home: home, now: now) { options in options["M54.50"] ?? "a" }
        #expect(outcome.options.contains("M54.50"))
        #expect(outcome.options.contains("M53.3"))
        now = next(after: outcome.due)
        // Three right answers in a row: M54.50 is shown each time...
        for pass in 1...3 {
            outcome = try Self.session(home: home, now: now) { options in options["M53.3"] ?? "a" }
            #expect(outcome.options.contains("M54.50"), "pass \(pass): \(outcome.options)")
            now = next(after: outcome.due)
        }
        // ...after which the confusion is resolved: the case's own first four distractors again.
        outcome = try Self.session(home: home, now: now) { options in options["M53.3"] ?? "a" }
        #expect(outcome.options == ["M53.3", "M53.80", "M53.9", "M54.59", "M54.89"])
    }
}

/// `quiz drills` and `quiz practice --drills`, end to end.
@Suite struct DrillsCommandTests {
    @Test func listShowsTheDrillsOfARangeForReview() throws {
        let outcome = try QuizProcess.run(["drills", "M53", "--list"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.contains("Which code does the tabular list give for “Coccygodynia”?"))
        #expect(outcome.standardOutput.contains("✓ M53.3 Sacrococcygeal disorders, not elsewhere classified"))
        #expect(outcome.standardOutput.contains("drills in M53:"))
    }

    @Test func jsonListsEveryDrillWithItsOptions() throws {
        let outcome = try QuizProcess.run(["drills", "M54.5", "--list", "--json", "--kind", "excludes1"])
        #expect(outcome.status == 0)
        let drills = try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [[String: Any]])
        let strain = try #require(drills.first { ($0["answer"] as? String) == "S39.012A" })
        #expect(strain["kind"] as? String == "excludes1")
        #expect((strain["options"] as? [[String: Any]])?.contains { $0["code"] as? String == "M54.50" } == true)
        #expect(drills.allSatisfy { $0["kind"] as? String == "excludes1" })
    }

    @Test func aRangeThatIsNotOneExitsTwo() throws {
        let outcome = try QuizProcess.run(["drills", "Q99.9Z"])
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("A range is a chapter"))
        #expect(try QuizProcess.run(["drills", "M54", "--kind", "riddles"]).status == 2)
    }

    @Test func drillsArePractisedAndRecordedUnderTheDrillsBank() throws {
        let home = try PracticeHome()
        defer { home.remove() }
        let outcome = try QuizProcess.run(
            ["practice", "--drills", "M53.3", "--bank", "drills", "--mode", "typed", "--limit", "1", "--seed", "3"],
            input: "M53.3\n", environment: home.environment(now: "2026-11-02T09:00:00Z"))
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.contains("Which code does the tabular list give for “Coccygodynia”?"))
        #expect(outcome.standardOutput.contains("✓ Right."))
        let review = try #require(try home.reviews().first)
        #expect(review["bank"] as? String == "drills")
        #expect((review["card"] as? String)?.hasPrefix("drill/term/M53.3/") == true)
    }

    @Test func drillsMixWithTheBanksUnderTheSameLimits() throws {
        let home = try PracticeHome()
        defer { home.remove() }
        let session = try Conversation(["practice", "--drills", "M53.3", "--mode", "typed", "--new", "3", "--seed", "5"],
                                       environment: home.environment(now: "2026-11-02T09:00:00Z"))
        while let question = session.read(until: "code(s)> ") {
            // The text since the question's "[n/N] bank" line (the previous feedback comes before it).
            let current = question.components(separatedBy: "\n[").last ?? question
            let answer = current.contains("“Coccygodynia”") ? "M53.3" : PracticeCommandTests.answer(for: current)
            session.send(try #require(answer, "no known case in: \(question)"))
        }
        #expect(session.finish().status == 0)
        let reviews = try home.reviews()
        // Three new cards today, as for banks alone, drawn from the banks and the drills together.
        #expect(reviews.count == 3)
        #expect(reviews.allSatisfy { $0["correct"] as? Bool == true })
        #expect(Set(reviews.compactMap { $0["card"] as? String }).isSubset(of: Set([
            "backs/coccyx-fall@M53.3", "backs/lbp-office@M54.50", "backs/lbp-strain@S39.012A",
        ] + reviews.compactMap { $0["card"] as? String }.filter { $0.hasPrefix("drill/term/M53.3/") })))
    }
}
