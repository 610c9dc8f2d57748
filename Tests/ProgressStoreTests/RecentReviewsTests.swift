import Foundation
import ProgressStore
import Scheduler
import Testing

/// `recentReviews(tailBytes:)`: the end of the history without reading all of it.
@Suite struct RecentReviewsTests {
    @Test func aTailWindowGivesTheSameLatestReviewsAsTheWholeLog() throws {
        let directory = makeProgressDirectory()
        let store = try LearnerStore.open(progressDirectory: directory, learner: "ann", now: t0)
        for index in 0..<200 {
            _ = try store.record(answer("card-\(index % 20)", index % 5 == 0 ? .again : .good), at: t0.addingTimeInterval(Double(index) * 3_600))
        }
        _ = try store.undo(at: t0.addingTimeInterval(200 * 3_600))
        let whole = try store.reviewLog()
        let (recent, isWhole) = try store.recentReviews(tailBytes: 20_000)
        #expect(!isWhole)
        #expect(!recent.isEmpty && recent.count < whole.count)
        #expect(recent.map(\.seq) == Array(whole.suffix(recent.count)).map(\.seq))
        #expect(recent.last?.seq == 199, "the undone review 200 is left out")
        let (all, complete) = try store.recentReviews(tailBytes: 100_000_000)
        #expect(complete)
        #expect(all.map(\.seq) == whole.map(\.seq))
    }
}
