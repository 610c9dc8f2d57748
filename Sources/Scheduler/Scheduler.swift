import Foundation

/// What a scheduler is set up with. The defaults are py-fsrs 6.3.2's, except that callers
/// decide about fuzz explicitly when they compare with the reference (which needs it off).
public struct SchedulerConfiguration: Sendable, Hashable, Codable {
    /// The 21 FSRS-6 weights.
    public var parameters: Parameters
    /// The recall probability at which a card falls due (0 < r < 1; 0.9 by default).
    public var desiredRetention: Double
    /// Delays between learning steps, in seconds (1 min and 10 min by default).
    public var learningSteps: [TimeInterval]
    /// Delays between relearning steps, in seconds (10 min by default).
    public var relearningSteps: [TimeInterval]
    /// Longest interval in days (36,500 by default, as in Anki and py-fsrs).
    public var maximumInterval: Int
    /// Spread review intervals a little so cards learnt together do not stay together.
    public var fuzz: Bool

    public init(
        parameters: Parameters = .defaults,
        desiredRetention: Double = 0.9,
        learningSteps: [TimeInterval] = [60, 600],
        relearningSteps: [TimeInterval] = [600],
        maximumInterval: Int = 36_500,
        fuzz: Bool = true
    ) {
        self.parameters = parameters
        self.desiredRetention = desiredRetention
        self.learningSteps = learningSteps
        self.relearningSteps = relearningSteps
        self.maximumInterval = maximumInterval
        self.fuzz = fuzz
    }

    /// The settings the reference vectors are computed with: all defaults, fuzz off.
    public static let reference = SchedulerConfiguration(fuzz: false)
}

/// FSRS-6 exactly as py-fsrs 6.3.2 computes it (see `fsrs_spec.md`). Pure and deterministic:
/// time and randomness are arguments, so the same inputs always give the same state.
///
/// Floating-point expressions keep the reference's operation order and use `pow` where it
/// writes `math.e ** x`, so results agree to the last bits rather than merely approximately;
/// that matters where an interval is rounded to whole days.
public struct Scheduler: Sendable {
    public let configuration: SchedulerConfiguration

    private let w: [Double]
    /// −w20: the exponent of the power forgetting curve.
    private let decay: Double
    /// 0.9^(1/decay) − 1, which makes R(S, S) = 0.9.
    private let factor: Double
    /// r^(1/decay) − 1: the interval for stability S is (S / factor) · this.
    private let retentionTerm: Double
    private let learningStepsMicros: [Int64]
    private let relearningStepsMicros: [Int64]

    public init(configuration: SchedulerConfiguration = SchedulerConfiguration()) {
        self.configuration = configuration
        w = configuration.parameters.weights
        decay = -w[20]
        factor = pow(0.9, 1 / decay) - 1
        retentionTerm = pow(configuration.desiredRetention, 1 / decay) - 1
        learningStepsMicros = configuration.learningSteps.map(Micros.duration)
        relearningStepsMicros = configuration.relearningSteps.map(Micros.duration)
    }

    // MARK: - Public API

    /// The card's state after `rating` at `now`. `card` is `nil` for a card never reviewed.
    /// `fuzzSeed` is used only when fuzz is on and the card lands in review; give the same seed
    /// for the same review (e.g. `FuzzSeed.make(cardID:reviewNumber:)`) to get the same interval.
    public func review(_ card: CardState?, rating: Rating, at now: Date, fuzzSeed: UInt64 = 0) -> CardState {
        let nowMicros = Micros.from(now)
        let g = rating.rawValue
        var phase: Phase
        var step: Int?
        let stability: Double
        let difficulty: Double

        if let card {
            phase = card.phase
            step = card.step
            let days = Micros.elapsedDays(from: Micros.from(card.lastReview), to: nowMicros)
            if days < 1 {
                stability = shortTermStability(card.stability, g)
            } else {
                let r = retrievability(stability: card.stability, elapsedDays: days)
                stability = g == 1
                    ? forgetStability(difficulty: card.difficulty, stability: card.stability, retrievability: r)
                    : recallStability(difficulty: card.difficulty, stability: card.stability, retrievability: r, g)
            }
            difficulty = nextDifficulty(card.difficulty, g)
        } else {
            phase = .learning
            step = 0
            stability = max(w[g - 1], Self.minimumStability)
            difficulty = Self.clampDifficulty(initialDifficulty(g))
        }

        // Either a step delay (exact, in microseconds) or a whole number of days.
        var delayMicros: Int64 = 0
        var days: Int?
        switch phase {
        case .learning, .relearning:
            let steps = phase == .learning ? learningStepsMicros : relearningStepsMicros
            let k = step ?? 0
            if steps.isEmpty || (k >= steps.count && rating != .again) {
                phase = .review; step = nil; days = interval(forStability: stability)
            } else {
                switch rating {
                case .again:
                    step = 0; delayMicros = steps[0]
                case .hard:
                    if k == 0 && steps.count == 1 {
                        delayMicros = Micros.scaled(steps[0], by: 1.5)
                    } else if k == 0 {
                        delayMicros = Micros.scaled(steps[0] + steps[1], by: 0.5)
                    } else {
                        delayMicros = steps[k]
                    }
                case .good:
                    if k + 1 == steps.count {
                        phase = .review; step = nil; days = interval(forStability: stability)
                    } else {
                        step = k + 1; delayMicros = steps[k + 1]
                    }
                case .easy:
                    phase = .review; step = nil; days = interval(forStability: stability)
                }
            }
        case .review:
            if rating == .again && !relearningStepsMicros.isEmpty {
                phase = .relearning; step = 0; delayMicros = relearningStepsMicros[0]
            } else {
                days = interval(forStability: stability)
            }
        }

        if var n = days {
            if configuration.fuzz && phase == .review {
                n = fuzzed(n, seed: fuzzSeed)
            }
            delayMicros = Int64(n) * Micros.perDay
        }
        return CardState(
            phase: phase, step: step, stability: stability, difficulty: difficulty,
            due: Micros.date(nowMicros + delayMicros), lastReview: now
        )
    }

    /// The probability of recall at `instant`: 0 for a card never reviewed; otherwise the
    /// forgetting curve at the whole days elapsed since the last review (so 1 for the first 24 h).
    public func retrievability(of card: CardState?, at instant: Date) -> Double {
        guard let card else { return 0 }
        let days = Micros.elapsedDays(from: Micros.from(card.lastReview), to: Micros.from(instant))
        return retrievability(stability: card.stability, elapsedDays: max(0, days))
    }

    /// The review interval in whole days for a stability: the forgetting curve solved for the
    /// desired retention, rounded half to even (as Python's `round`), within 1…maximumInterval.
    public func interval(forStability stability: Double) -> Int {
        let raw = ((stability / factor) * retentionTerm).rounded(.toNearestOrEven)
        let upper = Double(configuration.maximumInterval)
        guard raw >= 1 else { return 1 }  // also catches NaN
        return raw >= upper ? configuration.maximumInterval : Int(raw)
    }

    // MARK: - Formulas (fsrs_spec.md §4)

    static let minimumStability = 0.001
    private static let e = M_E

    private static func clampDifficulty(_ d: Double) -> Double { min(max(d, 1.0), 10.0) }

    private func retrievability(stability: Double, elapsedDays: Int) -> Double {
        pow(1 + factor * Double(elapsedDays) / stability, decay)
    }

    private func initialDifficulty(_ g: Int) -> Double {
        w[4] - pow(Self.e, w[5] * Double(g - 1)) + 1
    }

    private func nextDifficulty(_ d: Double, _ g: Int) -> Double {
        let delta = -(w[6] * Double(g - 3))
        let damped = d + (10.0 - d) * delta / 9.0
        let reverted = w[7] * initialDifficulty(4) + (1 - w[7]) * damped
        return Self.clampDifficulty(reverted)
    }

    private func shortTermStability(_ s: Double, _ g: Int) -> Double {
        var increase = pow(Self.e, w[17] * (Double(g - 3) + w[18])) * pow(s, -w[19])
        if g >= 2 { increase = max(increase, 1.0) }
        return max(s * increase, Self.minimumStability)
    }

    private func forgetStability(difficulty d: Double, stability s: Double, retrievability r: Double) -> Double {
        let longTerm = w[11] * pow(d, -w[12]) * (pow(s + 1, w[13]) - 1) * pow(Self.e, (1 - r) * w[14])
        let shortTerm = s / pow(Self.e, w[17] * w[18])
        return max(min(longTerm, shortTerm), Self.minimumStability)
    }

    private func recallStability(difficulty d: Double, stability s: Double, retrievability r: Double, _ g: Int) -> Double {
        let hardPenalty = g == 2 ? w[15] : 1
        let easyBonus = g == 4 ? w[16] : 1
        let growth = pow(Self.e, w[8]) * (11 - d) * pow(s, -w[9]) * (pow(Self.e, (1 - r) * w[10]) - 1)
            * hardPenalty * easyBonus
        return max(s * (1 + growth), Self.minimumStability)
    }

    // MARK: - Fuzz (fsrs_spec.md §5.3)

    private static let fuzzRanges: [(start: Double, end: Double, factor: Double)] = [
        (2.5, 7.0, 0.15), (7.0, 20.0, 0.10), (20.0, .infinity, 0.05),
    ]

    /// py-fsrs's fuzz, including its rounding (results span lo…hi+1), with the uniform draw
    /// taken from `seed` instead of a global generator so that it can be reproduced.
    private func fuzzed(_ n: Int, seed: UInt64) -> Int {
        let days = Double(n)
        guard days >= 2.5 else { return n }
        var delta = 1.0
        for range in Self.fuzzRanges {
            delta += range.factor * max(min(days, range.end) - range.start, 0.0)
        }
        var lo = Int((days - delta).rounded(.toNearestOrEven))
        var hi = Int((days + delta).rounded(.toNearestOrEven))
        lo = max(2, lo)
        hi = min(hi, configuration.maximumInterval)
        lo = min(lo, hi)
        var generator = SplitMix64(seed: seed)
        let u = generator.nextUnitInterval()
        let value = (u * Double(hi - lo + 1) + Double(lo)).rounded(.toNearestOrEven)
        return min(Int(value), configuration.maximumInterval)
    }
}
