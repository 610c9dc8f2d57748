import Foundation
import Testing
@testable import Scheduler

/// Reference values from fsrs_spec.md §8 (measured with py-fsrs 6.3.2) and the state machine of §5.
@Suite struct SchedulerBehaviourTests {
    let start = Timestamp.parse("2022-11-29T12:30:00Z")!
    let reference = Scheduler(configuration: .reference)

    func days(_ n: Double) -> TimeInterval { n * 86_400 }

    @Test func reviewingAtDueFollowsThePackageSequence() {
        let ratings: [Rating] = [.good, .good, .good, .good, .good, .good, .again, .again, .good, .good, .good, .good, .good]
        let expectedIntervals = [0, 2, 11, 46, 163, 498, 0, 0, 2, 4, 7, 12, 21]
        let expectedSD: [(Double, Double)] = [
            (2.3065, 2.1181), (2.3065, 2.1112), (10.971, 2.1043), (46.3169, 2.0975), (162.9998, 2.0906),
            (497.8766, 2.0837), (6.8904, 7.3832), (2.1546, 9.1251), (2.1546, 9.1112), (3.9831, 9.0973),
            (7.2363, 9.0835), (12.483, 9.0696), (20.7704, 9.0558),
        ]
        var card: CardState?
        var now = start
        var intervals: [Int] = []
        for (i, rating) in ratings.enumerated() {
            let next = reference.review(card, rating: rating, at: now)
            intervals.append(Int((next.due.timeIntervalSince(now) / 86_400).rounded(.down)))
            #expect(abs(next.stability - expectedSD[i].0) < 1e-4, "review \(i)")
            #expect(abs(next.difficulty - expectedSD[i].1) < 1e-4, "review \(i)")
            card = next
            now = next.due
        }
        #expect(intervals == expectedIntervals)
    }

    /// The spec's "offsets 0,0,1,3,8,21 days" are gaps between reviews (days 0, 0, 1, 4, 12, 33).
    @Test func mixedHistoryEndsAtTheTestSuitesValues() {
        var card: CardState?
        var now = start
        for (rating, gap) in zip([Rating.again, .good, .good, .good, .good, .good], [0.0, 0, 1, 3, 8, 21]) {
            now = now.addingTimeInterval(days(gap))
            card = reference.review(card, rating: rating, at: now)
        }
        #expect(abs(card!.stability - 53.62691) < 1e-4)
        #expect(abs(card!.difficulty - 6.3574867) < 1e-4)
    }

    @Test func learningStepDelays() {
        let delays = Rating.allCases.map { reference.review(nil, rating: $0, at: start).due.timeIntervalSince(start) }
        #expect(delays[0] == 60)
        #expect(delays[1] == 330)
        #expect(delays[2] == 600)
        #expect(delays[3] >= 86_400)
        #expect(reference.review(nil, rating: .easy, at: start).phase == .review)
    }

    @Test func withoutLearningStepsAndTheDayBoundary() {
        var configuration = SchedulerConfiguration.reference
        configuration.learningSteps = []
        let scheduler = Scheduler(configuration: configuration)
        let first = scheduler.review(nil, rating: .good, at: start)
        #expect(first.phase == .review)
        #expect(first.stability == 2.3065)
        #expect(first.due == start.addingTimeInterval(days(2)))

        let minute = start.addingTimeInterval(60)
        #expect(scheduler.review(first, rating: .hard, at: minute).stability == 2.3065)
        #expect(abs(scheduler.review(first, rating: .easy, at: minute).stability - 3.946054067969477) < 1e-12)
        let again = scheduler.review(first, rating: .again, at: minute)
        #expect(abs(again.stability - 0.7750839828558984) < 1e-12)
        #expect(again.phase == .relearning)
        #expect(again.due == minute.addingTimeInterval(600))

        #expect(scheduler.review(first, rating: .good, at: start.addingTimeInterval(86_399)).stability == 2.3065)
        #expect(abs(scheduler.review(first, rating: .good, at: start.addingTimeInterval(86_400)).stability - 7.31530074407728) < 1e-12)
    }

    @Test func repeatedEasyDrivesDifficultyToTheFloor() {
        var card: CardState?
        for i in 0..<10 {
            card = reference.review(card, rating: .easy, at: start.addingTimeInterval(Double(i) * 1e-6 * 10))
        }
        #expect(card!.difficulty == 1.0)
    }

    @Test func stabilityNeverFallsBelowTheMinimum() {
        var card: CardState?
        var now = start
        for _ in 0..<1000 {
            card = reference.review(card, rating: .again, at: now)
            now = card!.due
        }
        #expect(card!.stability >= 0.001)
    }

    @Test func maximumIntervalCapsReviews() {
        var configuration = SchedulerConfiguration.reference
        configuration.maximumInterval = 10
        let scheduler = Scheduler(configuration: configuration)
        var card: CardState?
        var now = start
        for _ in 0..<12 {
            card = scheduler.review(card, rating: .easy, at: now)
            #expect(card!.due.timeIntervalSince(now) <= days(10))
            now = card!.due
        }
    }

    @Test func retrievabilityIsZeroForNewCardsAndOneForTheFirstDay() {
        #expect(reference.retrievability(of: nil, at: start) == 0)
        let card = reference.review(nil, rating: .good, at: start)
        #expect(reference.retrievability(of: card, at: start.addingTimeInterval(86_399)) == 1)
        #expect(reference.retrievability(of: card, at: start.addingTimeInterval(86_400)) < 1)
    }

    @Test func intervalForStabilityRoundsHalfToEven() {
        // With r = 0.9 the interval equals the stability up to an ulp.
        #expect(reference.interval(forStability: 2.4) == 2)
        #expect(reference.interval(forStability: 0.2) == 1)
        #expect(reference.interval(forStability: 1e9) == 36_500)
        var lower = SchedulerConfiguration.reference
        lower.desiredRetention = 0.8
        #expect(Scheduler(configuration: lower).interval(forStability: 10) == 33)  // 10 × 3.316
    }

    @Test func parametersAreValidated() {
        #expect(throws: ParameterError.wrongCount(20)) { try Parameters(Array(Parameters.defaults.weights.dropLast())) }
        var weights = Parameters.defaults.weights
        weights[20] = 0.05
        do {
            _ = try Parameters(weights)
            Issue.record("w20 = 0.05 was accepted")
        } catch {
            #expect(error == .outOfBounds(indices: [20], values: [0.05]))
            #expect(error.description.contains("w20"))
        }
        #expect(throws: Never.self) { try Parameters(Parameters.defaults.weights) }
    }
}

@Suite struct FuzzTests {
    let start = Timestamp.parse("2024-01-01T09:00:00Z")!

    /// A review card whose unfuzzed interval is `n` days (stability ≈ n at r = 0.9).
    func card(dueInDays n: Double) -> CardState {
        CardState(phase: .review, step: nil, stability: n, difficulty: 5, due: start, lastReview: start.addingTimeInterval(-n * 86_400))
    }

    func fuzzedDays(_ card: CardState, seed: UInt64, scheduler: Scheduler) -> Int {
        let next = scheduler.review(card, rating: .good, at: start, fuzzSeed: seed)
        return Int(next.due.timeIntervalSince(start) / 86_400)
    }

    @Test func sameSeedSameInterval() {
        let scheduler = Scheduler()
        let c = card(dueInDays: 30)
        for seed in UInt64(0)..<50 {
            #expect(fuzzedDays(c, seed: seed, scheduler: scheduler) == fuzzedDays(c, seed: seed, scheduler: scheduler))
        }
    }

    @Test func fuzzSpansTheReferenceRangeAndLeavesMemoryAlone() {
        let fuzzy = Scheduler()
        let plain = Scheduler(configuration: .reference)
        let c = card(dueInDays: 10)
        let unfuzzed = plain.review(c, rating: .good, at: start)
        let n = Int(unfuzzed.due.timeIntervalSince(start) / 86_400)
        var seen = Set<Int>()
        for seed in UInt64(0)..<4000 {
            let next = fuzzy.review(c, rating: .good, at: start, fuzzSeed: seed)
            seen.insert(Int(next.due.timeIntervalSince(start) / 86_400))
            #expect(next.stability == unfuzzed.stability)
            #expect(next.difficulty == unfuzzed.difficulty)
        }
        // py-fsrs's range for n days: round(n ± delta) with its rounding quirk giving lo…hi+1.
        let delta = 1 + 0.15 * 4.5 + 0.10 * (Double(n) - 7)
        let lo = max(2, Int((Double(n) - delta).rounded(.toNearestOrEven)))
        let hi = Int((Double(n) + delta).rounded(.toNearestOrEven))
        #expect(seen == Set(lo...(hi + 1)))
    }

    @Test func shortIntervalsAndLearningStepsAreNotFuzzed() {
        let fuzzy = Scheduler()
        let plain = Scheduler(configuration: .reference)
        for seed in UInt64(0)..<100 {
            #expect(fuzzy.review(nil, rating: .good, at: start, fuzzSeed: seed) == plain.review(nil, rating: .good, at: start))
            #expect(fuzzy.review(nil, rating: .hard, at: start, fuzzSeed: seed) == plain.review(nil, rating: .hard, at: start))
        }
        // Graduating straight to review with a 2-day interval: below the 2.5-day fuzz threshold.
        var noSteps = SchedulerConfiguration()
        noSteps.learningSteps = []
        let fuzzyNoSteps = Scheduler(configuration: noSteps)
        for seed in UInt64(0)..<100 {
            let graduated = fuzzyNoSteps.review(nil, rating: .good, at: start, fuzzSeed: seed)
            #expect(graduated.phase == .review)
            #expect(graduated.due == start.addingTimeInterval(2 * 86_400))
        }
    }

    @Test func seedsDependOnCardAndReviewNumber() {
        #expect(FuzzSeed.make(cardID: "a", reviewNumber: 0) == FuzzSeed.make(cardID: "a", reviewNumber: 0))
        #expect(FuzzSeed.make(cardID: "a", reviewNumber: 0) != FuzzSeed.make(cardID: "a", reviewNumber: 1))
        #expect(FuzzSeed.make(cardID: "a", reviewNumber: 0) != FuzzSeed.make(cardID: "b", reviewNumber: 0))
    }
}
