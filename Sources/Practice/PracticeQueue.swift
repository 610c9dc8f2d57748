import Foundation
import Scheduler

/// Which item comes next in a session.
///
/// Due reviews first, the least likely to be recalled (lowest retrievability) first; then new
/// items up to the day's new limit, in an order fixed by the seed; never more than the session
/// limit. An item answered in this session that is still in (re)learning comes back as soon as
/// its step is due. Items of one family (one code page) are not asked back to back when
/// anything else is waiting.
public struct PracticeQueue: Sendable {
    /// Items the session still has to ask for the first time, in order.
    public private(set) var pending: [QuizItem]
    /// Items answered this session that come back when due.
    public private(set) var relearning: [(item: QuizItem, due: Date)] = []
    /// How many more first-time questions the session limit allows.
    public private(set) var remainingSlots: Int
    private var lastFamily: String?
    private var lastCardID: String?

    /// - Parameters:
    ///   - items: every item on offer (the chosen banks).
    ///   - states: the scheduler state of each card the learner has seen.
    ///   - newLimit: new items still allowed today.
    ///   - reviewLimit: reviews still allowed today.
    ///   - sessionLimit: questions in this session at most.
    public init(items: [QuizItem], states: [String: CardState], scheduler: Scheduler, now: Date,
                newLimit: Int, reviewLimit: Int, sessionLimit: Int, seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        let due = items.compactMap { item -> (QuizItem, Double)? in
            guard let state = states[item.cardID], state.due <= now else { return nil }
            return (item, scheduler.retrievability(of: state, at: now))
        }
        .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0.cardID < $1.0.cardID }
        .prefix(max(reviewLimit, 0))
        .map(\.0)
        let fresh = items.filter { states[$0.cardID] == nil }.shuffled(using: &generator).prefix(max(newLimit, 0))
        pending = Array(due) + Array(fresh)
        remainingSlots = max(sessionLimit, 0)
    }

    public var isEmpty: Bool { (pending.isEmpty || remainingSlots == 0) && relearning.isEmpty }

    /// How many due reviews and new items are waiting (for the session's opening line).
    public var waitingCount: Int { min(pending.count, remainingSlots) }

    /// The next item at `now`, or `nil` when nothing is left or only relearning steps in the
    /// future remain (see ``nextRelearningDue``).
    public mutating func next(at now: Date) -> QuizItem? {
        if let index = relearning.indices.filter({ relearning[$0].due <= now })
            .min(by: { relearning[$0].due < relearning[$1].due }),
           relearning[index].item.cardID != lastCardID || (pending.isEmpty || remainingSlots == 0) {
            return take(relearning.remove(at: index).item)
        }
        guard remainingSlots > 0, !pending.isEmpty else { return nil }
        let index = pending.firstIndex { $0.family == nil || $0.family != lastFamily } ?? 0
        remainingSlots -= 1
        return take(pending.remove(at: index))
    }

    /// When the earliest relearning step falls due, if any remain.
    public var nextRelearningDue: Date? { relearning.map(\.due).min() }

    /// Tells the queue how an answer left the card: one still (re)learning comes back when due.
    public mutating func answered(_ item: QuizItem, newState: CardState) {
        relearning.removeAll { $0.item.cardID == item.cardID }
        if newState.phase != .review {
            relearning.append((item, newState.due))
        }
    }

    /// Puts an item back at the front (after `:undo`), without using another slot.
    public mutating func putBack(_ item: QuizItem) {
        relearning.removeAll { $0.item.cardID == item.cardID }
        pending.insert(item, at: 0)
        remainingSlots += 1
    }

    private mutating func take(_ item: QuizItem) -> QuizItem {
        lastFamily = item.family
        lastCardID = item.cardID
        return item
    }
}
