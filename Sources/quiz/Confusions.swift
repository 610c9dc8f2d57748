import Practice
import ProgressStore

extension ConfusionHistory.Event {
    /// A logged review as far as confusions go (see ``answerCodes(cardID:code:)``).
    init(review: ReviewRecord) {
        let answer = review.answer
        self.init(answer: Self.answerCodes(cardID: answer.cardID, code: answer.code),
                  given: answer.given.split(separator: " ").map(String.init), correct: answer.correct, at: review.at)
    }
}

extension ConfusionHistory {
    /// The learner's confusions, from every review in their log.
    init(reviews: [ReviewRecord]) {
        self.init(events: reviews.map(Event.init(review:)))
    }

    /// How much of the end of the log a session reads for confusions: about 2,000 reviews, weeks
    /// of daily practice. A confusion that is still live was made or tested recently; reading
    /// years of log at every start would cost a quarter of a second per 100,000 reviews.
    static let recentLogBytes = 1 << 20

    /// The learner's confusions from the recent end of their log.
    init(recentIn store: LearnerStore) {
        self.init(reviews: (try? store.recentReviews(tailBytes: Self.recentLogBytes).reviews) ?? [])
    }
}
