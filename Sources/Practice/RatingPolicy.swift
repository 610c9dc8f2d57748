import Scheduler

/// Turns how an answer went into an FSRS rating, so learners need not rate themselves (they
/// may still override it with 1–4 right after the feedback).
///
/// - wrong → Again
/// - right after a hint, or slower than ``slowSeconds(forWords:)`` → Hard
/// - right within ``fastSeconds(forWords:)`` → Easy
/// - right otherwise → Good
///
/// Reading time grows with the case: "fast" is 6 s plus 0.2 s per word of the stem (a
/// 60-word vignette: 18 s), "slow" three times that.
public struct RatingPolicy: Sendable, Equatable {
    public var baseSeconds: Double = 6
    public var secondsPerWord: Double = 0.2
    public var slowFactor: Double = 3

    public init() {}

    public func fastSeconds(forWords words: Int) -> Double {
        baseSeconds + secondsPerWord * Double(words)
    }

    public func slowSeconds(forWords words: Int) -> Double {
        fastSeconds(forWords: words) * slowFactor
    }

    public func rating(correct: Bool, hintsUsed: Int, seconds: Double?, stemWords: Int) -> Rating {
        guard correct else { return .again }
        if hintsUsed > 0 { return .hard }
        guard let seconds else { return .good }
        if seconds > slowSeconds(forWords: stemWords) { return .hard }
        if seconds <= fastSeconds(forWords: stemWords) { return .easy }
        return .good
    }
}
