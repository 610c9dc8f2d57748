import Foundation
import Scheduler

/// A learner's own settings, kept in `settings.json` beside the progress so each learner can
/// choose (Anki's defaults otherwise).
public struct LearnerSettings: Sendable, Hashable, Codable {
    /// Probability of recall at which cards come due (0.70…0.99; 0.9 by default).
    public var desiredRetention: Double
    /// New cards introduced per day (default 10).
    public var newCardsPerDay: Int
    /// Review cards shown per day (default 200).
    public var reviewsPerDay: Int
    /// Lapses at which a card becomes a leech (default 8, Anki's); warned again every half of it.
    public var leechThreshold: Int

    public init(desiredRetention: Double = 0.9, newCardsPerDay: Int = 10, reviewsPerDay: Int = 200, leechThreshold: Int = 8) {
        self.desiredRetention = desiredRetention
        self.newCardsPerDay = newCardsPerDay
        self.reviewsPerDay = reviewsPerDay
        self.leechThreshold = leechThreshold
    }

    /// What is wrong with these values, or nil.
    public var problem: String? {
        if !(0.7...0.99).contains(desiredRetention) {
            return "desiredRetention is \(desiredRetention); use a value from 0.70 to 0.99 (0.9 is the usual choice)"
        }
        if !(0...10_000).contains(newCardsPerDay) { return "newCardsPerDay is \(newCardsPerDay); use 0 to 10000" }
        if !(0...100_000).contains(reviewsPerDay) { return "reviewsPerDay is \(reviewsPerDay); use 0 to 100000" }
        if !(1...1000).contains(leechThreshold) { return "leechThreshold is \(leechThreshold); use 1 to 1000 (8 is Anki's default)" }
        return nil
    }

    /// The scheduler these settings ask for (FSRS-6 defaults otherwise, fuzz on).
    public var schedulerConfiguration: SchedulerConfiguration {
        SchedulerConfiguration(desiredRetention: desiredRetention, fuzz: true)
    }

    /// Whether this lapse count is one at which the learner should hear about a leech:
    /// at the threshold and every half threshold after (8, 12, 16 … with the default).
    public func isLeechMilestone(lapses: Int) -> Bool {
        guard lapses >= leechThreshold else { return false }
        return (lapses - leechThreshold) % max(1, leechThreshold / 2) == 0
    }
}

/// settings.json: the settings with the schema version; absent fields take their defaults so a
/// hand-written file may hold only what it changes.
struct SettingsFile: Codable {
    var schema: Int
    var settings: LearnerSettings

    private enum Keys: String, CodingKey { case schema, desiredRetention, newCardsPerDay, reviewsPerDay, leechThreshold }

    init(schema: Int, settings: LearnerSettings) {
        self.schema = schema
        self.settings = settings
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        schema = try c.decode(Int.self, forKey: .schema)
        let defaults = LearnerSettings()
        settings = LearnerSettings(
            desiredRetention: try c.decodeIfPresent(Double.self, forKey: .desiredRetention) ?? defaults.desiredRetention,
            newCardsPerDay: try c.decodeIfPresent(Int.self, forKey: .newCardsPerDay) ?? defaults.newCardsPerDay,
            reviewsPerDay: try c.decodeIfPresent(Int.self, forKey: .reviewsPerDay) ?? defaults.reviewsPerDay,
            leechThreshold: try c.decodeIfPresent(Int.self, forKey: .leechThreshold) ?? defaults.leechThreshold)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(schema, forKey: .schema)
        try c.encode(settings.desiredRetention, forKey: .desiredRetention)
        try c.encode(settings.newCardsPerDay, forKey: .newCardsPerDay)
        try c.encode(settings.reviewsPerDay, forKey: .reviewsPerDay)
        try c.encode(settings.leechThreshold, forKey: .leechThreshold)
    }
}
