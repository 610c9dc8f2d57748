import CodeSet
import Foundation
import Practice
import ProgressStore
import Scheduler

/// Answers and right answers, and their share (nil when nothing was answered).
public struct Rate: Sendable, Codable, Equatable {
    public var answered: Int
    public var correct: Int
    public var share: Double?

    public init(answered: Int, correct: Int) {
        self.answered = answered
        self.correct = correct
        share = answered == 0 ? nil : Double(correct) / Double(answered)
    }
}

/// A number for one calendar day (`date` is YYYY-MM-DD in the report's calendar).
public struct DayCount: Sendable, Codable, Equatable {
    public var date: String
    public var count: Int
}

/// What the report was restricted to.
public struct ReportFilter: Sendable, Codable, Equatable {
    /// Only reviews at or after this instant.
    public var since: Date?
    /// Only reviews (and the cards they touched) of this bank.
    public var bank: String?

    public init(since: Date? = nil, bank: String? = nil) {
        self.since = since
        self.bank = bank
    }

    func includes(_ review: ReviewDigest, bankID: Int32?) -> Bool {
        if let since, review.at < since { return false }
        if bank != nil, review.bank != bankID { return false }
        return true
    }

    /// The reviews this filter keeps, and the cards the bank filter keeps (all when no bank).
    func apply(_ history: ReviewHistory) -> (reviews: [ReviewDigest], bankCards: Set<Int32>?) {
        let bankID: Int32? = bank.flatMap { name in history.strings.firstIndex(of: name).map { Int32($0) } }
        guard since != nil || bank != nil else { return (history.reviews, nil) }
        if bank != nil, bankID == nil { return ([], []) }
        var kept: [ReviewDigest] = []
        var cards: Set<Int32>? = bank == nil ? nil : []
        for review in history.reviews {
            if bank != nil, review.bank == bankID { cards?.insert(review.card) }
            if includes(review, bankID: bankID) { kept.append(review) }
        }
        return (kept, cards)
    }
}

/// The learner's report (`quiz stats`): every number the terminal, JSON and HTML show.
public struct LearnerReport: Sendable, Codable, Equatable {
    public struct Activity: Sendable, Codable, Equatable {
        public var reviewsToday: Int
        public var reviewsTotal: Int
        public var daysPractised: Int
        /// Days in a row with reviews, ending today or yesterday.
        public var currentStreak: Int
        public var longestStreak: Int
        public var firstReview: Date?
        public var lastReview: Date?
    }

    public struct Accuracy: Sendable, Codable, Equatable {
        public var overall: Rate
        /// Today and the 6 days before it.
        public var last7Days: Rate
        /// Today and the 29 days before it.
        public var last30Days: Rate
        /// Reviews of cards in the review phase, and how many were recalled (not rated Again).
        public var trueRetention: Rate
        public var desiredRetention: Double
    }

    public struct Leech: Sendable, Codable, Equatable {
        public var card: String
        public var lapses: Int

        public init(card: String, lapses: Int) {
            self.card = card
            self.lapses = lapses
        }
    }

    public struct Cards: Sendable, Codable, Equatable {
        /// Cases in the banks never answered (nil when the banks were not read).
        public var new: Int?
        public var learning: Int
        public var review: Int
        public var relearning: Int
        /// Cards answered at least once.
        public var studied: Int
        public var leechThreshold: Int
        public var leeches: [Leech]
    }

    /// Right and wrong answers under one chapter or block of the code set.
    public struct Group: Sendable, Codable, Equatable {
        /// The chapter's or block's range, e.g. "M00-M99", "M50-M54" ("?" for codes not in the code set).
        public var code: String
        public var title: String
        public var chapterNumber: Int?
        public var accuracy: Rate
        /// For a chapter: its blocks (the innermost block of each answer code).
        public var blocks: [Group]?
    }

    public struct CodeAccuracy: Sendable, Codable, Equatable {
        public var code: String
        public var title: String?
        public var accuracy: Rate
        public var lastReview: Date
    }

    /// "answered `given` when it was `expected` — `count` times".
    public struct Confusion: Sendable, Codable, Equatable {
        public var given: String
        public var expected: String
        public var count: Int
        public var lastConfused: Date
        /// Right answers for `expected` in a row since `given` was last picked for it.
        public var passesSince: Int
        /// Passed ``ConfusionHistory/passesToResolve`` times in a row since: practice stops
        /// putting `given` beside `expected` on its account.
        public var resolved: Bool

        public init(given: String, expected: String, count: Int, lastConfused: Date, passesSince: Int = 0, resolved: Bool = false) {
            self.given = given
            self.expected = expected
            self.count = count
            self.lastConfused = lastConfused
            self.passesSince = passesSince
            self.resolved = resolved
        }
    }

    public struct Heatmap: Sendable, Codable, Equatable {
        /// The first day shown: the start of the week 25 weeks before this one.
        public var start: String
        public var weeks: Int
        /// Reviews per day from `start` to today.
        public var days: [DayCount]
    }

    public var learner: String
    public var generated: Date
    public var filter: ReportFilter
    public var activity: Activity
    public var accuracy: Accuracy
    public var cards: Cards
    /// Cards due on each of the next 14 days; day 0 (today) includes cards already overdue.
    public var forecast: [DayCount]
    public var heatmap: Heatmap
    /// By chapter (in chapter order), each with its blocks.
    public var chapters: [Group]
    /// Codes with wrong answers, lowest accuracy first (at most 10).
    public var weakestCodes: [CodeAccuracy]
    /// Wrong answers by what was given instead of the right code, most frequent first (at most 10).
    public var confusions: [Confusion]
    public var warnings: [String]
}

/// Calendar days of reviews, computed once per day and not once per review (reviews are in
/// time order, so the day changes rarely).
struct DayBucketer {
    let calendar: Calendar
    private var current: DateInterval?
    private var key = 0

    init(calendar: Calendar) { self.calendar = calendar }

    mutating func dayKey(_ date: Date) -> Int {
        if let current, current.start <= date, date < current.end { return key }
        let interval = calendar.dateInterval(of: .day, for: date) ?? DateInterval(start: date, duration: 86_400)
        current = interval
        key = SessionSummary.dayKey(date, calendar: calendar)
        return key
    }
}

public enum Reports {
    /// Builds a learner's report. Pure: the history, card states, code set, time and calendar
    /// are all given. `bankCards` are the card ids of the cases in the banks (for counting new
    /// cards), nil if unknown.
    public static func learner(
        name: String, history: ReviewHistory, cards allCards: [String: CardProgress], settings: LearnerSettings,
        bankCards: [String]?, codeSet: CodeSet?, filter: ReportFilter = ReportFilter(), now: Date, calendar: Calendar,
        warnings: [String] = []
    ) -> LearnerReport {
        let (reviews, bankCardIDs) = filter.apply(history)
        var cards = allCards
        if let bankCardIDs {
            let keep = Set(bankCardIDs.map { history[$0] })
            cards = cards.filter { keep.contains($0.key) }
        }
        let today = calendar.startOfDay(for: now)
        let day = { (offset: Int) in calendar.date(byAdding: .day, value: offset, to: today)! }
        let last7 = day(-6), last30 = day(-29)

        var perDay: [Int: Int] = [:]
        var bucketer = DayBucketer(calendar: calendar)
        var overall = (0, 0), week = (0, 0), month = (0, 0), retention = (0, 0)
        var reviewsToday = 0
        var codeAnswered = [Int](repeating: 0, count: history.strings.count)
        var codeCorrect = [Int](repeating: 0, count: history.strings.count)
        var codeLast = [Date?](repeating: nil, count: history.strings.count)
        var confusions: [Int64: (count: Int, last: Date)] = [:]
        // Confusions are replayed after the pass over the reviews, one answer key at a time
        // (ConfusionHistory.record(answers:of:)): here each review is only filed by its key.
        var keyByCard = [(code: Int32, key: Int)](repeating: (-1, -1), count: history.strings.count)
        var keyIndexByCode: [String: Int] = [:]
        var keys: [String] = [], reviewsByKey: [[Int32]] = []
        var answerCodesByCard: [Int64: [String]] = [:], givenCodesByText: [Int32: [String]] = [:]
        let empty = history.strings.firstIndex(of: "").map { Int32($0) }
        for (position, review) in reviews.enumerated() {
            let ok = review.correct ? 1 : 0
            perDay[bucketer.dayKey(review.at), default: 0] += 1
            overall.0 += 1; overall.1 += ok
            if review.at >= last7 { week.0 += 1; week.1 += ok }
            if review.at >= last30 { month.0 += 1; month.1 += ok }
            if review.at >= today { reviewsToday += 1 }
            if review.wasInReview {
                retention.0 += 1
                if review.rating != .again { retention.1 += 1 }
            }
            let code = Int(review.code)
            codeAnswered[code] += 1
            codeCorrect[code] += ok
            if codeLast[code].map({ $0 < review.at }) ?? true { codeLast[code] = review.at }
            // A card's answer codes and key are worked out once per distinct card.
            let known = keyByCard[Int(review.card)]
            let keyIndex = known.code == review.code ? known.key : {
                let cardKey = Int64(review.card) << 32 | Int64(review.code)
                let codes = ConfusionHistory.Event.answerCodes(cardID: history[review.card], code: history[review.code])
                answerCodesByCard[cardKey] = codes
                let key = ConfusionHistory.key(of: codes) ?? ""
                let index = keyIndexByCode[key] ?? {
                    keys.append(key)
                    reviewsByKey.append([])
                    keyIndexByCode[key] = keys.count - 1
                    return keys.count - 1
                }()
                keyByCard[Int(review.card)] = (review.code, index)
                return index
            }()
            reviewsByKey[keyIndex].append(Int32(position))
            if !review.correct, review.given != review.code, review.given != empty {
                let key = Int64(review.given) << 32 | Int64(review.code)
                let old = confusions[key]
                confusions[key] = ((old?.count ?? 0) + 1, max(old?.last ?? review.at, review.at))
            }
        }

        var confusionHistory = ConfusionHistory()
        for (key, positions) in zip(keys, reviewsByKey) where !key.isEmpty {
            confusionHistory.record(answers: positions.map { position -> ConfusionHistory.Outcome in
                let review = reviews[Int(position)]
                guard !review.correct else { return .pass }
                // Given codes are split once per distinct text.
                let given = givenCodesByText[review.given] ?? {
                    let codes = history[review.given].split(separator: " ").map(String.init)
                    givenCodesByText[review.given] = codes
                    return codes
                }()
                let answer = answerCodesByCard[Int64(review.card) << 32 | Int64(review.code)] ?? []
                return .miss(ConfusionHistory.Event(answer: answer, given: given, correct: false, at: review.at))
            }, of: key)
        }

        let days = Set(perDay.keys)
        let activity = LearnerReport.Activity(
            reviewsToday: reviewsToday, reviewsTotal: reviews.count, daysPractised: days.count,
            currentStreak: SessionSummary.streak(reviewDays: days, today: now, calendar: calendar),
            longestStreak: longestStreak(days: days, calendar: calendar),
            firstReview: reviews.map(\.at).min(), lastReview: reviews.map(\.at).max())
        let accuracy = LearnerReport.Accuracy(
            overall: Rate(answered: overall.0, correct: overall.1), last7Days: Rate(answered: week.0, correct: week.1),
            last30Days: Rate(answered: month.0, correct: month.1),
            trueRetention: Rate(answered: retention.0, correct: retention.1), desiredRetention: settings.desiredRetention)

        var counts = (learning: 0, review: 0, relearning: 0)
        for progress in cards.values {
            switch progress.state.phase {
            case .learning: counts.learning += 1
            case .review: counts.review += 1
            case .relearning: counts.relearning += 1
            }
        }
        let leeches = cards.filter { $0.value.lapses >= settings.leechThreshold }
            .map { LearnerReport.Leech(card: $0.key, lapses: $0.value.lapses) }
            .sorted { ($1.lapses, $0.card) < ($0.lapses, $1.card) }
        var newCount: Int?
        if let bankCards { newCount = bankCards.filter { allCards[$0] == nil }.count }
        let cardCounts = LearnerReport.Cards(
            new: newCount, learning: counts.learning, review: counts.review, relearning: counts.relearning,
            studied: cards.count, leechThreshold: settings.leechThreshold, leeches: leeches)

        // The forecast: day 0 takes everything due before tomorrow.
        var forecast = (0..<14).map { LearnerReport.DayCountBuilder(date: day($0)) }
        let horizon = day(14)
        for progress in cards.values where progress.state.due < horizon {
            let due = progress.state.due
            let index = forecast.lastIndex { $0.date <= due } ?? 0
            forecast[index].count += 1
        }

        // The heatmap: whole weeks, the last 26 of them, up to today.
        let weekStart = calendar.dateInterval(of: .weekOfYear, for: today)?.start ?? today
        let start = calendar.date(byAdding: .weekOfYear, value: -25, to: weekStart)!
        var heatDays: [DayCount] = []
        var cursor = calendar.startOfDay(for: start)
        while cursor <= today {
            heatDays.append(DayCount(date: isoDay(cursor, calendar: calendar),
                                     count: perDay[SessionSummary.dayKey(cursor, calendar: calendar)] ?? 0))
            cursor = calendar.date(byAdding: .day, value: 1, to: cursor)!
        }

        // Codes: by chapter and block, the weakest, the confusions.
        var chapters: [String: (entry: CodeEntry?, rate: (Int, Int), blocks: [String: (entry: CodeEntry?, rate: (Int, Int))])] = [:]
        var weakest: [LearnerReport.CodeAccuracy] = []
        for id in codeAnswered.indices where codeAnswered[id] > 0 {
            let code = history.strings[id]
            let entry = codeSet?.entry(code)
            let path = entry.map { codeSet!.path(to: $0) } ?? []
            let chapter = path.first { $0.kind == .chapter }
            let block = path.last { $0.kind == .block }
            let chapterKey = chapter?.code ?? "?"
            var group = chapters[chapterKey] ?? (chapter, (0, 0), [:])
            group.rate.0 += codeAnswered[id]; group.rate.1 += codeCorrect[id]
            let blockKey = block?.code ?? "?"
            var blockGroup = group.blocks[blockKey] ?? (block, (0, 0))
            blockGroup.rate.0 += codeAnswered[id]; blockGroup.rate.1 += codeCorrect[id]
            group.blocks[blockKey] = blockGroup
            chapters[chapterKey] = group
            if codeCorrect[id] < codeAnswered[id] {
                weakest.append(LearnerReport.CodeAccuracy(
                    code: code, title: entry?.title, accuracy: Rate(answered: codeAnswered[id], correct: codeCorrect[id]),
                    lastReview: codeLast[id]!))
            }
        }
        func group(_ key: String, _ entry: CodeEntry?, _ rate: (Int, Int)) -> LearnerReport.Group {
            LearnerReport.Group(code: key, title: entry?.title ?? "codes not in the code set", chapterNumber: entry?.chapterNumber,
                                accuracy: Rate(answered: rate.0, correct: rate.1), blocks: nil)
        }
        let chapterGroups = chapters.map { key, value in
            var g = group(key, value.entry, value.rate)
            g.blocks = value.blocks.map { group($0.key, $0.value.entry, $0.value.rate) }.sorted { $0.code < $1.code }
            return g
        }.sorted { ($0.chapterNumber ?? 99, $0.code) < ($1.chapterNumber ?? 99, $1.code) }
        weakest.sort { ($0.accuracy.share ?? 0, -$0.accuracy.answered, $0.code) < ($1.accuracy.share ?? 0, -$1.accuracy.answered, $1.code) }
        let confusionList = confusions.map { key, value in
            let given = history[Int32(key >> 32)], expected = history[Int32(truncatingIfNeeded: key)]
            let tracked = confusionHistory.confusions(for: expected).first { $0.chosen == given }
            return LearnerReport.Confusion(given: given, expected: expected, count: value.count, lastConfused: value.last,
                                           passesSince: tracked?.passesSince ?? 0, resolved: tracked?.isResolved ?? false)
        }.sorted { ($1.count, $0.expected, $0.given) < ($0.count, $1.expected, $1.given) }

        return LearnerReport(
            learner: name, generated: now, filter: filter, activity: activity, accuracy: accuracy, cards: cardCounts,
            forecast: forecast.map { DayCount(date: isoDay($0.date, calendar: calendar), count: $0.count) },
            heatmap: LearnerReport.Heatmap(start: heatDays.first?.date ?? isoDay(today, calendar: calendar), weeks: 26, days: heatDays),
            chapters: chapterGroups, weakestCodes: Array(weakest.prefix(10)), confusions: Array(confusionList.prefix(10)),
            warnings: warnings)
    }

    /// The most days in a row with reviews.
    static func longestStreak(days: Set<Int>, calendar: Calendar) -> Int {
        let dates = days.sorted().compactMap { key in
            calendar.date(from: DateComponents(year: key / 10_000, month: key / 100 % 100, day: key % 100))
        }
        var longest = 0, run = 0
        var previous: Date?
        for date in dates {
            if let previous, calendar.date(byAdding: .day, value: 1, to: previous) == date { run += 1 } else { run = 1 }
            longest = max(longest, run)
            previous = date
        }
        return longest
    }

    static func isoDay(_ date: Date, calendar: Calendar) -> String {
        let p = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", p.year ?? 0, p.month ?? 0, p.day ?? 0)
    }
}

extension LearnerReport {
    struct DayCountBuilder {
        var date: Date
        var count = 0
    }
}

/// Every key is written, with `null` for a value that is undefined (no answers, one learner),
/// so scripts see the same keys every time (README.md documents them). The synthesized
/// encoders would leave such keys out.
extension Rate {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(answered, forKey: .answered)
        try c.encode(correct, forKey: .correct)
        try c.encode(share, forKey: .share)
    }
}

extension ReportFilter {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(since, forKey: .since)
        try c.encode(bank, forKey: .bank)
    }
}

extension LearnerReport.Activity {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(reviewsToday, forKey: .reviewsToday)
        try c.encode(reviewsTotal, forKey: .reviewsTotal)
        try c.encode(daysPractised, forKey: .daysPractised)
        try c.encode(currentStreak, forKey: .currentStreak)
        try c.encode(longestStreak, forKey: .longestStreak)
        try c.encode(firstReview, forKey: .firstReview)
        try c.encode(lastReview, forKey: .lastReview)
    }
}

extension LearnerReport.Cards {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(new, forKey: .new)
        try c.encode(learning, forKey: .learning)
        try c.encode(review, forKey: .review)
        try c.encode(relearning, forKey: .relearning)
        try c.encode(studied, forKey: .studied)
        try c.encode(leechThreshold, forKey: .leechThreshold)
        try c.encode(leeches, forKey: .leeches)
    }
}

extension LearnerReport.Group {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(title, forKey: .title)
        try c.encode(chapterNumber, forKey: .chapterNumber)
        try c.encode(accuracy, forKey: .accuracy)
        if let blocks { try c.encode(blocks, forKey: .blocks) }
    }
}

extension LearnerReport.CodeAccuracy {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(title, forKey: .title)
        try c.encode(accuracy, forKey: .accuracy)
        try c.encode(lastReview, forKey: .lastReview)
    }
}

