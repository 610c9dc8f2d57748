import Foundation
import Practice
import ProgressStore

/// The instructor's report (`quiz stats --all`): a line per learner and an item analysis per
/// case, as Moodle's quiz statistics compute it, taking each learner's first answer to a case
/// as their attempt at that item.
public struct ClassReport: Sendable, Codable, Equatable {
    public struct LearnerLine: Sendable, Codable, Equatable {
        public var learner: String
        public var reviews: Int
        public var daysPractised: Int
        public var currentStreak: Int
        public var accuracy: Rate
        /// Distinct cases answered.
        public var cases: Int
        /// Right first answers out of cases answered: the learner's score on the "test".
        public var firstAnswerScore: Rate
        public var lastReview: Date?
    }

    /// A learner folder that could not be read; the others still count.
    public struct Skipped: Sendable, Codable, Equatable {
        public var learner: String
        public var reason: String

        public init(learner: String, reason: String) {
            self.learner = learner
            self.reason = reason
        }
    }

    /// How often one answer was given as the first answer to a case.
    public struct Response: Sendable, Codable, Equatable {
        /// The code(s) given, as recorded.
        public var given: String
        public var count: Int
        public var share: Double
        public var isAnswer: Bool
    }

    public struct Item: Sendable, Codable, Equatable {
        public var card: String
        public var bank: String
        /// The right answer's code.
        public var code: String
        /// Learners who answered it (their first answers).
        public var attempts: Int
        /// Percentage of right first answers (0–100).
        public var facility: Double
        /// 100 × the correlation of the item's score with the rest of the test (−100…100); nil
        /// when either score does not vary (fewer than two learners, or all alike).
        public var discrimination: Double?
        /// 100 × Cov(x, y) / the largest covariance the same scores allow; nil as above.
        public var discriminativeEfficiency: Double?
        /// Distractor analysis: each answer given, most frequent first.
        public var responses: [Response]
        /// "too-easy" (facility > 90), "too-hard" (facility < 20), "negative-discrimination".
        public var flags: [String]
    }

    public var generated: Date
    public var filter: ReportFilter
    public var learners: [LearnerLine]
    public var skipped: [Skipped]
    /// Cases by card id.
    public var items: [Item]
}

extension Reports {
    /// One learner's history for the class report.
    public struct ClassMember: Sendable {
        public var name: String
        public var history: ReviewHistory

        public init(name: String, history: ReviewHistory) {
            self.name = name
            self.history = history
        }
    }

    /// Builds the class report. Pure: histories, time and calendar are given.
    public static func classReport(
        members: [ClassMember], skipped: [ClassReport.Skipped], filter: ReportFilter = ReportFilter(), now: Date, calendar: Calendar
    ) -> ClassReport {
        struct Attempt { var learner: Int; var score: Int; var given: String }
        var itemIndex: [String: Int] = [:]
        var itemInfo: [(card: String, bank: String, code: String)] = []
        var attempts: [[Attempt]] = []
        var totals: [Int] = []
        var lines: [ClassReport.LearnerLine] = []

        for (m, member) in members.enumerated() {
            let history = member.history
            let (reviews, _) = filter.apply(history)
            var first = [Int32?](repeating: nil, count: history.strings.count)
            var firstGiven = [Int32](repeating: 0, count: history.strings.count)
            var order: [Int32] = []
            var correct = 0
            var bucketer = DayBucketer(calendar: calendar)
            var days = Set<Int>()
            for review in reviews {
                if review.correct { correct += 1 }
                days.insert(bucketer.dayKey(review.at))
                let card = Int(review.card)
                if first[card] == nil {
                    first[card] = review.correct ? 1 : 0
                    firstGiven[card] = review.given
                    order.append(review.card)
                    let key = history[review.card]
                    if itemIndex[key] == nil {
                        itemIndex[key] = itemInfo.count
                        itemInfo.append((key, history[review.bank], history[review.code]))
                        attempts.append([])
                    }
                }
            }
            var total = 0
            for card in order {
                let score = Int(first[Int(card)]!)
                total += score
                attempts[itemIndex[history[card]]!].append(Attempt(learner: m, score: score, given: history[firstGiven[Int(card)]]))
            }
            totals.append(total)
            lines.append(ClassReport.LearnerLine(
                learner: member.name, reviews: reviews.count, daysPractised: days.count,
                currentStreak: SessionSummary.streak(reviewDays: days, today: now, calendar: calendar),
                accuracy: Rate(answered: reviews.count, correct: correct), cases: order.count,
                firstAnswerScore: Rate(answered: order.count, correct: total), lastReview: reviews.map(\.at).max()))
        }

        var items: [ClassReport.Item] = []
        for (i, info) in itemInfo.enumerated() {
            let list = attempts[i]
            let x = list.map { Double($0.score) }
            let y = list.map { Double(totals[$0.learner] - $0.score) }
            let facility = 100 * x.reduce(0, +) / Double(x.count)
            let (discrimination, efficiency) = discriminationIndex(x: x, y: y)
            var counts: [String: Int] = [:]
            for attempt in list { counts[attempt.given, default: 0] += 1 }
            let responses = counts.map { given, count in
                ClassReport.Response(given: given, count: count, share: Double(count) / Double(list.count),
                                     isAnswer: given.split(separator: " ").contains { $0 == info.code })
            }.sorted { ($1.count, $0.given) < ($0.count, $1.given) }
            var flags: [String] = []
            if facility > 90 { flags.append("too-easy") }
            if facility < 20 { flags.append("too-hard") }
            if let discrimination, discrimination < 0 { flags.append("negative-discrimination") }
            items.append(ClassReport.Item(card: info.card, bank: info.bank, code: info.code, attempts: list.count,
                                          facility: facility, discrimination: discrimination,
                                          discriminativeEfficiency: efficiency, responses: responses, flags: flags))
        }
        items.sort { $0.card < $1.card }
        return ClassReport(generated: now, filter: filter, learners: lines, skipped: skipped, items: items)
    }

    /// Moodle's discrimination index, 100 · Cov(x, y) / √(Var(x) · Var(y)), and discriminative
    /// efficiency, 100 · Cov(x, y) / Cov_max with Cov_max from x and y each sorted; nil when a
    /// variance (or Cov_max) is zero.
    public static func discriminationIndex(x: [Double], y: [Double]) -> (index: Double?, efficiency: Double?) {
        let n = Double(x.count)
        guard x.count == y.count, x.count >= 2 else { return (nil, nil) }
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        func cov(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) } / n }
        let vx = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) } / n
        let vy = y.reduce(0) { $0 + ($1 - my) * ($1 - my) } / n
        guard vx > 0, vy > 0 else { return (nil, nil) }
        let c = cov(x, y)
        let cmax = cov(x.sorted(), y.sorted())
        return (100 * c / (vx * vy).squareRoot(), cmax > 0 ? 100 * c / cmax : nil)
    }
}

// Every key is written, with null for undefined values (see LearnerReport.swift).
extension ClassReport.LearnerLine {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(learner, forKey: .learner)
        try c.encode(reviews, forKey: .reviews)
        try c.encode(daysPractised, forKey: .daysPractised)
        try c.encode(currentStreak, forKey: .currentStreak)
        try c.encode(accuracy, forKey: .accuracy)
        try c.encode(cases, forKey: .cases)
        try c.encode(firstAnswerScore, forKey: .firstAnswerScore)
        try c.encode(lastReview, forKey: .lastReview)
    }
}

extension ClassReport.Item {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(card, forKey: .card)
        try c.encode(bank, forKey: .bank)
        try c.encode(code, forKey: .code)
        try c.encode(attempts, forKey: .attempts)
        try c.encode(facility, forKey: .facility)
        try c.encode(discrimination, forKey: .discrimination)
        try c.encode(discriminativeEfficiency, forKey: .discriminativeEfficiency)
        try c.encode(responses, forKey: .responses)
        try c.encode(flags, forKey: .flags)
    }
}
