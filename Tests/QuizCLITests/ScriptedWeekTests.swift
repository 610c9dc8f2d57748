import Foundation
import Testing

/// A learner practising every morning for a week (QUIZ_NOW advanced a day at a time): each
/// day's session asks exactly the cards FSRS scheduled for that day, no more, no fewer.
@Suite struct ScriptedWeekTests {
    /// Each card's due time after its latest review, read from the log.
    func dueDates(_ home: PracticeHome) throws -> [String: Date] {
        var due: [String: Date] = [:]
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for review in try home.reviews() {
            guard let card = review["card"] as? String, let after = review["after"] as? [String: Any],
                  let text = after["due"] as? String else { continue }
            due[card] = parser.date(from: text) ?? ISO8601DateFormatter().date(from: text)
        }
        return due
    }

    func session(_ home: PracticeHome, at now: String) throws -> [String] {
        let before = (try? home.reviews())?.count ?? 0
        let conversation = try Conversation(["practice", "--mode", "typed", "--seed", "11"],
                                            environment: home.environment(now: now).merging(["TZ": "UTC"]) { $1 })
        while let question = conversation.read(until: "code(s)> ") {
            conversation.send(try #require(PracticeCommandTests.answer(for: question)))
        }
        #expect(conversation.finish().status == 0)
        return try home.reviews().dropFirst(before).compactMap { $0["card"] as? String }
    }

    @Test func reviewsComeBackOnTheDaysFSRSScheduled() throws {
        let home = try PracticeHome()
        defer { home.remove() }
        let formatter = ISO8601DateFormatter()
        let start = try #require(formatter.date(from: "2026-11-02T09:00:00Z"))
        let firstDay = try session(home, at: formatter.string(from: start))
        #expect(Set(firstDay).count == 3, "the first day introduces the three new cases")

        var daysWithReviews = 0
        for day in 1...7 {
            // Each morning an hour later than the day before: a card is due a whole number of
            // days after a review (or minutes, for a learning step), so its due time never falls
            // within the seconds a session takes to start, which would make "due" a race.
            let now = start.addingTimeInterval(Double(day) * (86_400 + 3_600))
            let expected = Set(try dueDates(home).filter { $0.value <= now }.map(\.key))
            let asked = try session(home, at: formatter.string(from: now))
            #expect(Set(asked) == expected, "day \(day): asked \(asked.sorted()), FSRS had due \(expected.sorted())")
            if !asked.isEmpty { daysWithReviews += 1 }
        }
        // Spaced, not daily: some days bring reviews back and some do not.
        #expect(daysWithReviews > 0)
        #expect(daysWithReviews < 7)
    }
}
