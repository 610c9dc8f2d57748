import Foundation

/// The end-of-session report: how it went, and what comes next.
public struct SessionSummary: Sendable, Equatable {
    public var answered: Int
    public var correct: Int
    public var seconds: Double
    /// Cards due by the end of tomorrow.
    public var dueTomorrow: Int
    /// Consecutive days with at least one review, up to today (0 if none today or yesterday).
    public var streakDays: Int

    public var accuracy: Double? { answered == 0 ? nil : Double(correct) / Double(answered) }

    public init(answered: Int, correct: Int, seconds: Double, dueTomorrow: Int, streakDays: Int) {
        self.answered = answered
        self.correct = correct
        self.seconds = seconds
        self.dueTomorrow = dueTomorrow
        self.streakDays = streakDays
    }

    /// Days in a row with reviews, ending today or yesterday (a streak is not broken until a
    /// whole day passes without practice).
    public static func streak(reviewDays: Set<Int>, today: Date, calendar: Calendar) -> Int {
        var day = calendar.startOfDay(for: today)
        func key(_ date: Date) -> Int { dayKey(date, calendar: calendar) }
        if !reviewDays.contains(key(day)) {
            day = calendar.date(byAdding: .day, value: -1, to: day)!
        }
        var count = 0
        while reviewDays.contains(key(day)) {
            count += 1
            day = calendar.date(byAdding: .day, value: -1, to: day)!
        }
        return count
    }

    /// A calendar day as one number (20261102), for sets of days.
    public static func dayKey(_ date: Date, calendar: Calendar) -> Int {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return (parts.year ?? 0) * 10_000 + (parts.month ?? 0) * 100 + (parts.day ?? 0)
    }

    /// The end of the day after `now`, in the learner's calendar.
    public static func endOfTomorrow(after now: Date, calendar: Calendar) -> Date {
        calendar.date(byAdding: .day, value: 2, to: calendar.startOfDay(for: now))!
    }
}
