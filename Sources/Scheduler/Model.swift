import Foundation

/// How well the learner recalled a card. The raw values are FSRS's grades (1…4), which the
/// formulas use arithmetically, so they must not change.
public enum Rating: Int, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Forgot: the only failing grade.
    case again = 1
    /// Recalled with serious difficulty (still a pass).
    case hard = 2
    /// Recalled after some hesitation.
    case good = 3
    /// Recalled easily.
    case easy = 4

    public static func < (lhs: Rating, rhs: Rating) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Where a reviewed card is in FSRS's state machine. A card that was never reviewed has no
/// state at all (`CardState?` is `nil`), as in py-fsrs where "new" is only "never reviewed".
public enum Phase: Int, Sendable, Hashable, Codable, CaseIterable {
    /// Walking the learning steps (minutes apart) after its first reviews.
    case learning = 1
    /// Graduated: scheduled in whole days from its stability.
    case review = 2
    /// Forgotten while in review, walking the relearning steps.
    case relearning = 3

    /// The name py-fsrs uses ("Learning", "Review", "Relearning"), as in the replay format.
    public var name: String {
        switch self {
        case .learning: "Learning"
        case .review: "Review"
        case .relearning: "Relearning"
        }
    }
}

/// The memory state of one card after at least one review. Value type: the scheduler returns a
/// new one for every review, so the previous state can be kept for undo.
public struct CardState: Sendable, Hashable, Codable {
    /// Learning, review or relearning.
    public var phase: Phase
    /// Index of the current learning or relearning step; `nil` in review.
    public var step: Int?
    /// Days until retrievability falls to 90 % (≥ 0.001, no upper bound as in py-fsrs).
    public var stability: Double
    /// 1 (easy) … 10 (hard).
    public var difficulty: Double
    /// When the card should be reviewed next.
    public var due: Date
    /// When it was last reviewed; elapsed time for the formulas counts from here.
    public var lastReview: Date

    public init(phase: Phase, step: Int?, stability: Double, difficulty: Double, due: Date, lastReview: Date) {
        self.phase = phase
        self.step = step
        self.stability = stability
        self.difficulty = difficulty
        self.due = due
        self.lastReview = lastReview
    }
}
