import Foundation
import Practice
import Scheduler
import Testing

@Suite struct PracticeQueueTests {
    let now = Date(timeIntervalSince1970: 1_780_000_000)
    let scheduler = Scheduler(configuration: SchedulerConfiguration(fuzz: false))

    func item(_ id: String, family: String? = nil) -> QuizItem {
        QuizItem(cardID: id, bank: "b", stem: "stem \(id)", answer: ["M54.50"],
                 distractors: [QuizItem.Distractor(code: "M54.59", whyNot: "x"), QuizItem.Distractor(code: "M53.3", whyNot: "y")],
                 rationale: "r", family: family)
    }

    func reviewState(dueDaysAgo: Double, stability: Double) -> CardState {
        CardState(phase: .review, step: nil, stability: stability, difficulty: 5,
                  due: now.addingTimeInterval(-dueDaysAgo * 86_400),
                  lastReview: now.addingTimeInterval(-(dueDaysAgo + stability) * 86_400))
    }

    @Test func dueReviewsComeFirstLowestRetrievabilityFirstThenNewUpToTheLimit() {
        let items = ["new1", "new2", "new3", "dueSoon", "dueLong", "notDue"].map { item($0) }
        let states = [
            "dueSoon": reviewState(dueDaysAgo: 0.5, stability: 10),
            "dueLong": reviewState(dueDaysAgo: 20, stability: 3),
            "notDue": CardState(phase: .review, step: nil, stability: 30, difficulty: 5,
                                due: now.addingTimeInterval(86_400 * 5), lastReview: now.addingTimeInterval(-86_400)),
        ]
        var queue = PracticeQueue(items: items, states: states, scheduler: scheduler, now: now,
                                  newLimit: 2, reviewLimit: 100, sessionLimit: 50, seed: 1)
        var asked: [String] = []
        while let next = queue.next(at: now) { asked.append(next.cardID) }
        #expect(Array(asked.prefix(2)) == ["dueLong", "dueSoon"])
        #expect(asked.count == 4)
        #expect(Set(asked.suffix(2)).isSubset(of: ["new1", "new2", "new3"]))
        #expect(!asked.contains("notDue"))
    }

    @Test func theSessionLimitCapsEverything() {
        var queue = PracticeQueue(items: (1...10).map { item("n\($0)") }, states: [:], scheduler: scheduler,
                                  now: now, newLimit: 10, reviewLimit: 10, sessionLimit: 3, seed: 1)
        var count = 0
        while queue.next(at: now) != nil { count += 1 }
        #expect(count == 3)
    }

    @Test func theSeedFixesTheOrder() {
        let items = (1...8).map { item("n\($0)") }
        func order(_ seed: UInt64) -> [String] {
            var queue = PracticeQueue(items: items, states: [:], scheduler: scheduler, now: now,
                                      newLimit: 8, reviewLimit: 0, sessionLimit: 8, seed: seed)
            var ids: [String] = []
            while let next = queue.next(at: now) { ids.append(next.cardID) }
            return ids
        }
        #expect(order(7) == order(7))
        #expect(order(7) != order(8))
    }

    @Test func aFailedItemComesBackWhenItsStepIsDue() {
        let failed = item("failed")
        var queue = PracticeQueue(items: [failed, item("other")], states: [:], scheduler: scheduler, now: now,
                                  newLimit: 2, reviewLimit: 0, sessionLimit: 2, seed: 3)
        let first = queue.next(at: now)!
        let relearningState = scheduler.review(nil, rating: .again, at: now)
        queue.answered(first, newState: relearningState)
        #expect(queue.nextRelearningDue == relearningState.due)
        let second = queue.next(at: now)!
        #expect(second.cardID != first.cardID)
        #expect(queue.next(at: now) == nil)
        #expect(queue.next(at: relearningState.due)?.cardID == first.cardID)
    }

    @Test func siblingsOfOnePageAreNotAskedBackToBack() {
        let items = [item("p1", family: "M53.3"), item("p2", family: "M53.3"), item("x", family: "M54.50")]
        for seed in UInt64(0)..<20 {
            var queue = PracticeQueue(items: items, states: [:], scheduler: scheduler, now: now,
                                      newLimit: 3, reviewLimit: 0, sessionLimit: 3, seed: seed)
            let order = [queue.next(at: now)!, queue.next(at: now)!, queue.next(at: now)!]
            let families = order.map(\.family)
            // With two siblings and one other, the only order keeping them apart puts the other between.
            #expect(families[0] != families[1] || families[1] != families[2], "seed \(seed): \(order.map(\.cardID))")
            #expect(families[1] == "M54.50" || families[0] != families[1])
        }
    }
}

@Suite struct ChoiceQuestionTests {
    let item = QuizItem(cardID: "c", bank: "b", stem: "s", answer: ["M54.50"],
                        distractors: ["M54.59", "M53.3", "M54.2", "M51.26", "M54.6"].map { QuizItem.Distractor(code: $0, whyNot: "no \($0)") },
                        rationale: "r")

    @Test func fiveOptionsLetteredAToEWithTheAnswerAmongThem() {
        let question = ChoiceQuestion(item: item, seed: 42)
        #expect(question.letters == "abcde")
        #expect(question.choices.filter(\.isAnswer).map(\.codes) == [["M54.50"]])
        #expect(Set(question.choices.flatMap(\.codes)).count == 5)
    }

    @Test func lettersAreReadLeniently() {
        let question = ChoiceQuestion(item: item, seed: 42)
        #expect(question.choice(for: "B")?.letter == "b")
        #expect(question.choice(for: " c) ")?.letter == "c")
        #expect(question.choice(for: "f") == nil)
        #expect(question.choice(for: "bc") == nil)
    }

    @Test func theOrderDependsOnTheSeed() {
        let orders = Set((0..<10).map { ChoiceQuestion(item: item, seed: UInt64($0)).choices.map(\.codes) })
        #expect(orders.count > 1)
    }
}

@Suite struct StreakTests {
    var calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    func days(_ dates: [String]) -> Set<Int> {
        Set(dates.map { SessionSummary.dayKey(date($0), calendar: calendar) })
    }

    func date(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text + "T12:00:00Z")!
    }

    @Test func aStreakRunsAcrossAMonthEnd() {
        let reviewDays = days(["2026-10-30", "2026-10-31", "2026-11-01", "2026-11-02"])
        #expect(SessionSummary.streak(reviewDays: reviewDays, today: date("2026-11-02"), calendar: calendar) == 4)
        // Not yet practised today: yesterday's streak still stands.
        #expect(SessionSummary.streak(reviewDays: reviewDays, today: date("2026-11-03"), calendar: calendar) == 4)
        #expect(SessionSummary.streak(reviewDays: reviewDays, today: date("2026-11-04"), calendar: calendar) == 0)
    }

    @Test func noHistoryNoStreak() {
        #expect(SessionSummary.streak(reviewDays: [], today: date("2026-11-02"), calendar: calendar) == 0)
    }
}
