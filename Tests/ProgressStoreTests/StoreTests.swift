import Foundation
import Testing
@testable import ProgressStore
import Scheduler

@Suite struct StoreTests {
    let root = makeProgressDirectory()

    @Test func answersSurviveReopeningWithEveryField() throws {
        let store = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0)
        let first = try store.record(answer("c1", .good), at: t0)
        _ = try store.record(answer("c2", .again, given: "B"), at: t0.addingTimeInterval(30))
        _ = try store.record(answer("c1", .hard, mode: .exam), at: t0.addingTimeInterval(700))
        let cardsBefore = store.cards
        try store.close()

        let again = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0)
        #expect(again.warnings.isEmpty)
        #expect(again.cards == cardsBefore)
        let log = try again.reviewLog()
        #expect(log.map(\.seq) == [1, 2, 3])
        #expect(log[0] == first.review)
        #expect(log[1].answer == answer("c2", .again, given: "B"))
        #expect(log[2].answer.mode == .exam)
        #expect(log[2].answer.hints == 1)
        #expect(log[2].before == log[0].after)
        #expect(again.card("c1")?.reps == 2)
    }

    @Test func theSchedulerFollowsTheLearnersRetention() throws {
        let store = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0)
        var settings = store.settings
        settings.desiredRetention = 0.8
        try store.updateSettings(settings)
        let expected = Scheduler(configuration: settings.schedulerConfiguration)
            .review(nil, rating: .easy, at: t0, fuzzSeed: FuzzSeed.make(cardID: "c1", reviewNumber: 0))
        #expect(try store.record(answer("c1", .easy), at: t0).review.after == expected)
        try store.close()
        let reopened = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0)
        #expect(reopened.settings.desiredRetention == 0.8)
        #expect(progressError { try reopened.updateSettings(LearnerSettings(desiredRetention: 1.5)) }.map { "\($0)" }?.contains("0.70 to 0.99") == true)
    }

    @Test func undoRestoresTheCardDurablyAndStopsAtTheStart() throws {
        let store = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0)
        let a = try store.record(answer("c1", .good), at: t0)
        _ = try store.record(answer("c1", .good), at: t0.addingTimeInterval(600))
        let undone = try store.undo(at: t0.addingTimeInterval(601))
        #expect(undone.seq == 2)
        #expect(store.card("c1") == a.card)
        try store.close()

        let reopened = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0)
        #expect(reopened.card("c1") == a.card)
        #expect(try reopened.reviewLog().map(\.seq) == [1])
        // Undo reaches back across sessions (through the snapshot's recent reviews).
        #expect(try reopened.undo(at: t0).seq == 1)
        #expect(reopened.card("c1") == nil)
        #expect(progressError { try reopened.undo(at: t0) } == .nothingToUndo)
        _ = try reopened.record(answer("c1", .easy), at: t0.addingTimeInterval(900))
        #expect(try reopened.reviewLog().map(\.seq) == [5])
    }

    @Test func lapsesCountLeechesAtTheThreshold() throws {
        let store = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0)
        try store.updateSettings(LearnerSettings(leechThreshold: 2))
        var now = t0
        var warnings: [Bool] = []
        _ = try store.record(answer("hard-case", .easy), at: now)  // straight to review
        for _ in 0..<4 {
            now = store.card("hard-case")!.state.due
            let lapse = try store.record(answer("hard-case", .again), at: now)
            warnings.append(lapse.leechWarning)
            now = lapse.card.state.due
            _ = try store.record(answer("hard-case", .good), at: now)  // relearnt, back to review
        }
        #expect(store.card("hard-case")?.lapses == 4)
        #expect(warnings == [false, true, true, true])  // threshold 2, then every 1
        #expect(store.leeches() == ["hard-case"])
        try store.undo(at: now)
        try store.undo(at: now)
        #expect(store.card("hard-case")?.lapses == 3)
        #expect(LearnerSettings().isLeechMilestone(lapses: 8))
        #expect(!LearnerSettings().isLeechMilestone(lapses: 10))
        #expect(LearnerSettings().isLeechMilestone(lapses: 12))
    }

    @Test func newLearnersGetTenNewCardsADay() throws {
        #expect(LearnerSettings().newCardsPerDay == 10)
        let store = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0)
        #expect(store.settings.newCardsPerDay == 10)
        try store.close()
        // A hand-written settings.json without the field takes the default too.
        writeBytes(root + "/ann/settings.json", Array(#"{"schema": 1, "desiredRetention": 0.85}"#.utf8))
        let reopened = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0)
        #expect(reopened.settings.newCardsPerDay == 10)
        #expect(reopened.settings.desiredRetention == 0.85)
    }

    @Test func dueCardsAndDailyCounts() throws {
        let store = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0)
        _ = try store.record(answer("old", .easy), at: t0.addingTimeInterval(-5 * 86_400))
        _ = try store.record(answer("new1", .again), at: t0)        // due in 1 min
        _ = try store.record(answer("new2", .good), at: t0)         // due in 10 min
        _ = try store.record(answer("old", .good), at: t0.addingTimeInterval(60))
        #expect(store.dueCards(at: t0.addingTimeInterval(120)) == ["new1"])
        #expect(store.dueCards(at: t0.addingTimeInterval(700)) == ["new1", "new2"])
        #expect(store.dailyCounts(since: t0.addingTimeInterval(-3600)) == DailyCounts(newCards: 2, reviewedCards: 1))
    }

    @Test func aSecondSessionIsRefusedNamingTheFirst() throws {
        let first = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0)
        let error = progressError { _ = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0) }
        guard case .learnerInUse(let learner, let holder, _) = error else {
            Issue.record("expected learnerInUse, got \(String(describing: error))")
            return
        }
        #expect(learner == "ann")
        #expect(holder.contains("pid \(getpid())"))
        #expect("\(error!)".contains("another quiz session"))
        // Another learner is independent, and the lock is free again after close.
        try LearnerStore.open(progressDirectory: root, learner: "bob", now: t0).close()
        try first.close()
        try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0).close()
    }

    @Test(arguments: ["", "..", "../etc", ".hidden", "-rf", "a/b", "x\u{1B}[2J", String(repeating: "a", count: 65)])
    func learnerNamesThatCannotBeDirectoriesAreRefused(name: String) {
        let error = progressError { _ = try LearnerStore.open(progressDirectory: root, learner: name, now: t0) }
        #expect(error == .invalidLearner(name: name))
        #expect(!"\(error!)".contains("\u{1B}"))
    }

    @Test func answersThatCannotBeStoredAreRefusedWithoutWriting() throws {
        let store = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0)
        let size = bytes(store.logPath).count
        #expect(progressError { _ = try store.record(answer("", .good), at: t0) } == .invalidAnswer(reason: "the card id is empty"))
        #expect(progressError { _ = try store.record(answer("c", .good, given: String(repeating: "x", count: 5000)), at: t0) } != nil)
        #expect(bytes(store.logPath).count == size)
        // Control characters are stored escaped and come back unchanged.
        _ = try store.record(answer("c", .again, given: "M54\u{1B}[31m\n5"), at: t0)
        #expect(try store.reviewLog().last?.answer.given == "M54\u{1B}[31m\n5")
        #expect(!bytes(store.logPath).contains(0x1B))
    }

    /// Growth: an answer appends one line and touches nothing else, whatever the history length.
    @Test func recordingAppendsOneLineAndRewritesNothing() throws {
        let store = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0)
        for i in 0..<50 { _ = try store.record(answer("c\(i % 7)", .good), at: t0.addingTimeInterval(Double(i) * 3600)) }
        try store.compact()
        let snapshot = bytes(store.snapshotPath)
        let log = bytes(store.logPath)
        _ = try store.record(answer("c1", .hard), at: t0.addingTimeInterval(51 * 3600))
        let grown = bytes(store.logPath)
        #expect(Array(grown.prefix(log.count)) == log)
        #expect(grown.dropFirst(log.count).filter { $0 == 10 }.count == 1)
        #expect(bytes(store.snapshotPath) == snapshot)
    }
}

@Suite struct BatchAndSnapshotTests {
    let root = makeProgressDirectory()

    @Test func aBatchIsRecordedWholeOrNotAtAll() throws {
        let store = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0)
        let size = bytes(store.logPath).count
        let bad = [(answer: answer("c1", .good), at: t0), (answer: answer("", .good), at: t0)]
        #expect(progressError { _ = try store.record(contentsOf: bad) } == .invalidAnswer(reason: "the card id is empty"))
        #expect(bytes(store.logPath).count == size)
        #expect(store.cards.isEmpty)

        let good = (0..<20).map { (answer: answer("c\($0 % 4)", $0 % 5 == 0 ? .again : .good), at: t0.addingTimeInterval(Double($0) * 3600)) }
        let outcomes = try store.record(contentsOf: good)
        #expect(outcomes.map(\.review.seq) == Array(1...20))
        let one = try LearnerStore.open(progressDirectory: makeProgressDirectory(), learner: "solo", now: t0)
        for item in good { _ = try one.record(item.answer, at: item.at) }
        #expect(one.cards == store.cards)  // a batch schedules exactly like answers one by one
    }

    @Test func snapshotsRoundTripEveryCardExactly() throws {
        let store = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0)
        var random = SplitMix64(seed: 9)
        let answers = (0..<300).map { i in
            (answer: answer("case \"\(random.next() % 60)\"\\é", Rating(rawValue: Int(random.next() % 4) + 1)!),
             at: t0.addingTimeInterval(Double(i) * 5000 + 0.123456))
        }
        _ = try store.record(contentsOf: answers)
        let cards = store.cards
        try store.close()
        let reopened = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0)
        #expect(reopened.warnings.isEmpty)
        #expect(reopened.cards == cards)
    }

    @Test func aDamagedCardLineIsNamedKeptAndRebuilt() throws {
        let store = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0)
        _ = try store.record(contentsOf: (0..<5).map { (answer: answer("c\($0)", .good), at: t0) })
        let cards = store.cards
        try store.close()
        var lines = String(decoding: bytes(root + "/ann/snapshot.jsonl"), as: UTF8.self).split(separator: "\n").map(String.init)
        lines[3] = String(lines[3].prefix(20))
        let damaged = Array((lines.joined(separator: "\n") + "\n").utf8)
        writeBytes(root + "/ann/snapshot.jsonl", damaged)

        let reopened = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0)
        #expect(reopened.cards == cards)
        #expect(reopened.warnings.first?.contains("snapshot.jsonl:4") == true)
        #expect(bytes(root + "/ann/snapshot.jsonl.corrupt") == damaged)
    }
}
