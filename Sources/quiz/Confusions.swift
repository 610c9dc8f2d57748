import Practice
import ProgressStore

extension ConfusionHistory.Event {
    /// A logged review as far as confusions go. The right codes are the card id's answer
    /// ("backs/lbp@E11.22+N18.31") when it names them, else the review's code, so that a typed
    /// second code of a multi-code answer is not taken for a confusion.
    init(review: ReviewRecord) {
        let answer = review.answer
        var codes = [answer.code]
        if let at = answer.cardID.lastIndex(of: "@") {
            let named = answer.cardID[answer.cardID.index(after: at)...].split(separator: "+").map(String.init)
            if named.first == answer.code { codes = named }
        }
        self.init(answer: codes, given: answer.given.split(separator: " ").map(String.init),
                  correct: answer.correct, at: review.at)
    }
}

extension ConfusionHistory {
    /// The learner's confusions, from every review in their log.
    init(reviews: [ReviewRecord]) {
        self.init(events: reviews.map(Event.init(review:)))
    }
}
