import CodeSet
import Foundation
import ProgressStore
import Reports
import Scheduler
import Testing

/// The learner report against figures worked out by hand.
@Suite struct LearnerReportTests {
    static let calendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        c.firstWeekday = 2  // weeks start on Monday
        return c
    }()

    static func at(_ text: String) -> Date { Timestamp.parse(text)! }

    /// Monday 2 November 2026, 09:00 UTC.
    static let now = at("2026-11-02T09:00:00Z")
    static let codeSet = try! CodeSet.shipped()

    static func report(_ history: ReviewHistory, cards: [String: CardProgress] = [:], bankCards: [String]? = nil,
                       filter: ReportFilter = ReportFilter(), now: Date = now) -> LearnerReport {
        Reports.learner(name: "ann", history: history, cards: cards, settings: LearnerSettings(), bankCards: bankCards,
                        codeSet: codeSet, filter: filter, now: now, calendar: calendar)
    }

    static func review(_ h: inout ReviewHistory, _ time: String, card: String = "backs/coccyx@M53.3", code: String = "M53.3",
                       given: String? = nil, correct: Bool = true, rating: Rating? = nil, bank: String = "backs",
                       wasInReview: Bool = false) {
        h.append(at: at(time), card: card, bank: bank, code: code, given: given ?? code,
                 rating: rating ?? (correct ? .good : .again), correct: correct, wasInReview: wasInReview)
    }

    @Test func anEmptyHistoryGivesZerosAndNoShares() {
        let r = Self.report(ReviewHistory(), bankCards: ["backs/a@M53.3", "backs/b@M54.50"])
        #expect(r.activity.reviewsTotal == 0)
        #expect(r.activity.reviewsToday == 0)
        #expect(r.activity.daysPractised == 0)
        #expect(r.activity.currentStreak == 0)
        #expect(r.activity.longestStreak == 0)
        #expect(r.activity.firstReview == nil)
        #expect(r.accuracy.overall == Rate(answered: 0, correct: 0))
        #expect(r.accuracy.overall.share == nil)
        #expect(r.accuracy.trueRetention.share == nil)
        #expect(r.cards.new == 2)
        #expect(r.cards.studied == 0)
        #expect(r.forecast.count == 14)
        #expect(r.forecast.allSatisfy { $0.count == 0 })
        #expect(r.forecast.first?.date == "2026-11-02")
        #expect(r.forecast.last?.date == "2026-11-15")
        // 25 whole weeks before this one (from Monday 11 May) and today, the Monday.
        #expect(r.heatmap.start == "2026-05-11")
        #expect(r.heatmap.days.count == 25 * 7 + 1)
        #expect(r.heatmap.days.last?.date == "2026-11-02")
        #expect(r.chapters.isEmpty && r.weakestCodes.isEmpty && r.confusions.isEmpty)
    }

    @Test func aSingleReview() {
        var h = ReviewHistory()
        Self.review(&h, "2026-11-02T08:30:00Z", given: "M54.50", correct: false)
        let r = Self.report(h)
        #expect(r.activity.reviewsTotal == 1)
        #expect(r.activity.reviewsToday == 1)
        #expect(r.activity.daysPractised == 1)
        #expect(r.activity.currentStreak == 1)
        #expect(r.activity.longestStreak == 1)
        #expect(r.accuracy.overall == Rate(answered: 1, correct: 0))
        #expect(r.accuracy.last7Days == Rate(answered: 1, correct: 0))
        #expect(r.heatmap.days.last?.count == 1)
        #expect(r.heatmap.days.dropLast().allSatisfy { $0.count == 0 })
        #expect(r.confusions == [LearnerReport.Confusion(given: "M54.50", expected: "M53.3", count: 1,
                                                         lastConfused: Self.at("2026-11-02T08:30:00Z"))])
        #expect(r.weakestCodes.map(\.code) == ["M53.3"])
        #expect(r.weakestCodes.first?.title == "Sacrococcygeal disorders, not elsewhere classified")
    }

    @Test func streaksRunAcrossMonthAndYearEnds() {
        var h = ReviewHistory()
        // 3 days over the new year, 5 days over the end of February (2026 is not a leap
        // year), then 31 October and 1 November: the current streak (today not yet) is 2.
        for day in ["2025-12-30", "2025-12-31", "2026-01-01",
                    "2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02", "2026-03-03",
                    "2026-10-31", "2026-11-01"] {
            Self.review(&h, day + "T23:30:00Z")
        }
        let r = Self.report(h)
        #expect(r.activity.daysPractised == 10)
        #expect(r.activity.currentStreak == 2)
        #expect(r.activity.longestStreak == 5)
        #expect(r.activity.reviewsToday == 0)
        // Two days without practice break the streak.
        let later = Self.report(h, now: Self.at("2026-11-03T09:00:00Z"))
        #expect(later.activity.currentStreak == 0)
        #expect(later.activity.longestStreak == 5)
    }

    @Test func accuracyOverTheLastSevenAndThirtyDaysAndTrueRetention() {
        var h = ReviewHistory()
        Self.review(&h, "2026-09-23T10:00:00Z", correct: true)                    // 40 days ago
        Self.review(&h, "2026-10-23T10:00:00Z", given: "M54.50", correct: false)  // 10 days ago
        Self.review(&h, "2026-10-27T00:00:00Z", correct: true, wasInReview: true) // first day of the 7
        Self.review(&h, "2026-10-26T23:59:59Z", correct: false, rating: .again, wasInReview: true) // just outside
        Self.review(&h, "2026-11-01T10:00:00Z", correct: true, rating: .hard, wasInReview: true)
        let r = Self.report(h)
        #expect(r.accuracy.overall == Rate(answered: 5, correct: 3))
        #expect(r.accuracy.last7Days == Rate(answered: 2, correct: 2))
        #expect(r.accuracy.last30Days == Rate(answered: 4, correct: 2))
        // Review-phase cards recalled: good and hard yes, again no.
        #expect(r.accuracy.trueRetention == Rate(answered: 3, correct: 2))
        #expect(r.accuracy.desiredRetention == 0.9)
    }

    @Test func aConfusionIsResolvedAfterThreeRightAnswersInARow() throws {
        var h = ReviewHistory()
        Self.review(&h, "2026-10-01T10:00:00Z", given: "M54.50", correct: false)
        Self.review(&h, "2026-10-02T10:00:00Z", correct: true)
        Self.review(&h, "2026-10-04T10:00:00Z", correct: true)
        var r = Self.report(h)
        #expect(r.confusions.first?.passesSince == 2)
        #expect(r.confusions.first?.resolved == false)
        Self.review(&h, "2026-10-09T10:00:00Z", correct: true)
        r = Self.report(h)
        #expect(r.confusions.first?.passesSince == 3)
        #expect(r.confusions.first?.resolved == true)
        // Picking it again reopens it.
        Self.review(&h, "2026-10-20T10:00:00Z", given: "M54.50", correct: false)
        r = Self.report(h)
        #expect(r.confusions.first?.count == 2)
        #expect(r.confusions.first?.resolved == false)
    }

    @Test func confusionsCountWrongAnswersByWhatWasGiven() throws {
        var h = ReviewHistory()
        for day in ["2026-10-01", "2026-10-05", "2026-10-20", "2026-10-28"] {
            Self.review(&h, day + "T10:00:00Z", given: "M54.50", correct: false)
        }
        Self.review(&h, "2026-10-29T10:00:00Z", given: "M54.59", correct: false)
        Self.review(&h, "2026-10-30T10:00:00Z", correct: true)
        Self.review(&h, "2026-10-30T11:00:00Z", card: "backs/strain@S39.012A", code: "S39.012A", given: "M54.50", correct: false)
        Self.review(&h, "2026-10-30T12:00:00Z", card: "backs/strain@S39.012A", code: "S39.012A", given: "", correct: false)
        let r = Self.report(h)
        #expect(r.confusions.count == 3)
        let first = try #require(r.confusions.first)
        #expect(first.given == "M54.50" && first.expected == "M53.3" && first.count == 4)
        #expect(first.lastConfused == Self.at("2026-10-28T10:00:00Z"))
        #expect(r.confusions.dropFirst().map { "\($0.given)>\($0.expected)×\($0.count)" } == ["M54.59>M53.3×1", "M54.50>S39.012A×1"])
        // Weakest first: S39.012A 0/2, then M53.3 1/6.
        #expect(r.weakestCodes.map(\.code) == ["S39.012A", "M53.3"])
        #expect(r.weakestCodes.map(\.accuracy) == [Rate(answered: 2, correct: 0), Rate(answered: 6, correct: 1)])
    }

    @Test func accuracyByChapterAndBlockComesFromTheAnswerCodes() throws {
        var h = ReviewHistory()
        Self.review(&h, "2026-10-30T10:00:00Z", code: "M53.3", correct: true)
        Self.review(&h, "2026-10-30T10:01:00Z", card: "b/lbp@M54.50", code: "M54.50", given: "M53.3", correct: false)
        Self.review(&h, "2026-10-30T10:02:00Z", card: "b/lbp@M54.50", code: "M54.50", correct: true)
        Self.review(&h, "2026-10-30T10:03:00Z", card: "b/strain@S39.012A", code: "S39.012A", given: "S33.5XXA", correct: false)
        Self.review(&h, "2026-10-30T10:04:00Z", card: "b/odd@ZZZ", code: "ZZZ", correct: true)
        let r = Self.report(h)
        #expect(r.chapters.map(\.code) == ["M00-M99", "S00-T88", "?"])
        #expect(r.chapters.map(\.chapterNumber) == [13, 19, nil])
        #expect(r.chapters.map(\.accuracy) == [Rate(answered: 3, correct: 2), Rate(answered: 1, correct: 0), Rate(answered: 1, correct: 1)])
        let blocks = try #require(r.chapters.first?.blocks)
        #expect(blocks.map(\.code) == ["M50-M54"])
        #expect(r.chapters[1].blocks?.map(\.code) == ["S30-S39"])
    }

    @Test func cardsByStateLeechesAndTheForecast() {
        func card(_ phase: Phase, due: String, lapses: Int = 0) -> CardProgress {
            CardProgress(state: CardState(phase: phase, step: phase == .review ? nil : 0, stability: 3, difficulty: 5,
                                          due: Self.at(due), lastReview: Self.at("2026-10-01T10:00:00Z")),
                         reps: 3, lapses: lapses, firstReview: Self.at("2026-09-01T10:00:00Z"))
        }
        let cards = [
            "a": card(.learning, due: "2026-11-01T10:00:00Z"),            // overdue: today
            "b": card(.review, due: "2026-11-02T23:59:00Z"),              // today
            "c": card(.review, due: "2026-11-03T00:00:00Z", lapses: 9),   // tomorrow, a leech
            "d": card(.relearning, due: "2026-11-15T12:00:00Z", lapses: 8), // day 13, a leech
            "e": card(.review, due: "2026-11-16T00:00:00Z"),              // beyond the 14 days
        ]
        let r = Self.report(ReviewHistory(), cards: cards, bankCards: ["a", "b", "c", "d", "e", "f", "g"])
        #expect(r.cards.new == 2)
        #expect(r.cards.learning == 1 && r.cards.review == 3 && r.cards.relearning == 1 && r.cards.studied == 5)
        #expect(r.cards.leeches == [LearnerReport.Leech(card: "c", lapses: 9), LearnerReport.Leech(card: "d", lapses: 8)])
        #expect(r.forecast.map(\.count) == [2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
    }

    @Test func sinceAndBankFilterTheReviews() {
        var h = ReviewHistory()
        Self.review(&h, "2026-10-01T10:00:00Z", given: "M54.50", correct: false)
        Self.review(&h, "2026-10-31T10:00:00Z", correct: true)
        Self.review(&h, "2026-11-01T10:00:00Z", card: "heads/x@R51.9", code: "R51.9", correct: true, bank: "heads")
        let since = Self.report(h, filter: ReportFilter(since: Self.at("2026-10-15T00:00:00Z")))
        #expect(since.activity.reviewsTotal == 2)
        #expect(since.confusions.isEmpty)
        let bank = Self.report(h, cards: ["heads/x@R51.9": CardProgress(
            state: CardState(phase: .learning, step: 0, stability: 1, difficulty: 5, due: Self.now, lastReview: Self.now),
            reps: 1, lapses: 0, firstReview: Self.now)], filter: ReportFilter(bank: "backs"))
        #expect(bank.activity.reviewsTotal == 2)
        #expect(bank.accuracy.overall == Rate(answered: 2, correct: 1))
        #expect(bank.cards.studied == 0)
        let none = Self.report(h, filter: ReportFilter(bank: "nosuchbank"))
        #expect(none.activity.reviewsTotal == 0)
    }

    @Test func theTextReportShowsTheFiguresAndCharts() {
        var h = ReviewHistory()
        for day in ["2026-10-31", "2026-11-01", "2026-11-02"] {
            Self.review(&h, day + "T08:00:00Z", given: "M54.50", correct: false)
        }
        let text = TextReport(style: .init(usesColor: false), calendar: Self.calendar).render(Self.report(h))
        #expect(text.contains("today 1 · in all 3 · days practised 3"))
        #expect(text.contains("Streak     3 days (longest 3)"))
        #expect(text.contains("answered M54.50 when it was M53.3 — 3 times (last 2026-11-02)"))
        #expect(text.contains("Mon " + String(repeating: "·", count: 25) + "█\n"))
        #expect(!text.contains("\u{1B}["))
        let coloured = TextReport(style: .init(usesColor: true), calendar: Self.calendar).render(Self.report(h))
        #expect(coloured.contains("\u{1B}["))
    }

    @Test func textFromFilesIsSanitisedAndEscaped() {
        var h = ReviewHistory()
        Self.review(&h, "2026-11-02T08:00:00Z", given: "M54.50\u{1B}]0;pwned\u{07}<script>", correct: false)
        let report = Self.report(h)
        let text = TextReport(style: .init(usesColor: false), calendar: Self.calendar).render(report)
        #expect(!text.contains("\u{1B}"))
        let html = HTMLReport(calendar: Self.calendar).render(report)
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;"))
        #expect(html.contains("<svg id=\"heatmap\"") && html.contains("<svg id=\"forecast\"") && html.contains("<svg id=\"chapters\""))
        #expect(!html.contains("http://") || !html.contains("src="))
    }
}
