import Foundation
import PropertyBased
import Testing
@testable import Scheduler

/// Invariants that must hold for any history, not only for the reference vectors.
@Suite struct PropertyTests {
    static let start = Timestamp.parse("2024-01-01T00:00:00Z")!
    let scheduler = Scheduler(configuration: .reference)

    /// Ratings with the seconds elapsed before each (up to ~200 days; many under a day).
    static let history = zip(
        Gen<Rating>.case,
        Gen<Int>.int(in: 0...(200 * 86_400)).map { $0 % 3 == 0 ? $0 % 86_400 : $0 }
    ).array(of: 1...25)

    func replay(_ history: [(Rating, Int)]) -> (CardState, Date) {
        var card: CardState?
        var now = Self.start
        for (rating, gap) in history {
            now = now.addingTimeInterval(TimeInterval(gap))
            card = scheduler.review(card, rating: rating, at: now)
        }
        return (card!, now)
    }

    @Test func reviewIntervalsAreOrderedByRating() async {
        var reviewCards = 0
        await propertyCheck(count: 400, input: Self.history, Gen<Int>.int(in: 0...(400 * 86_400))) { history, probeGap in
            let (card, last) = replay(history)
            guard card.phase == .review else { return }
            reviewCards += 1
            let now = last.addingTimeInterval(TimeInterval(probeGap))
            let delays = Rating.allCases.map { scheduler.review(card, rating: $0, at: now).due.timeIntervalSince(now) }
            #expect(delays[0] <= delays[1] && delays[1] <= delays[2] && delays[2] <= delays[3],
                    "Again ≤ Hard ≤ Good ≤ Easy violated: \(delays)")
        }
        #expect(reviewCards > 50, "too few review cards generated to test the ordering")
    }

    @Test func stabilityAndDifficultyStayInBounds() async {
        await propertyCheck(count: 400, input: Self.history) { history in
            var card: CardState?
            var now = Self.start
            for (rating, gap) in history {
                now = now.addingTimeInterval(TimeInterval(gap))
                let next = scheduler.review(card, rating: rating, at: now)
                #expect(next.stability >= 0.001 && next.stability.isFinite)
                #expect((1.0...10.0).contains(next.difficulty))
                #expect(next.due > now)
                #expect(next.lastReview == now)
                #expect((next.step == nil) == (next.phase == .review))
                card = next
            }
        }
    }

    @Test func retrievabilityDecreasesOverTime() async {
        await propertyCheck(count: 300, input: Self.history, Gen<Int>.int(in: 0...(3000 * 86_400)).array(of: 2...10)) { history, offsets in
            let (card, last) = replay(history)
            var previous = 1.0
            for offset in offsets.sorted() {
                let r = scheduler.retrievability(of: card, at: last.addingTimeInterval(TimeInterval(offset)))
                #expect(r >= 0 && r <= 1)
                #expect(r <= previous, "R rose from \(previous) to \(r)")
                if offset < 86_400 { #expect(r == 1) }
                previous = r
            }
        }
    }
}
