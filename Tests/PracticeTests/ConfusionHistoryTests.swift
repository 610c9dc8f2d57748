import CodeSet
import Foundation
import Practice
import Testing

@Suite struct ConfusionHistoryTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func event(_ answer: String, given: String, day: Int) -> ConfusionHistory.Event {
        ConfusionHistory.Event(answer: [answer], given: [given], correct: given == answer,
                               at: start.addingTimeInterval(Double(day) * 86_400))
    }

    @Test func aWrongPickIsAConfusionUntilPassedThreeTimesInARow() {
        var history = ConfusionHistory()
        history.record(Self.event("M53.3", given: "M54.50", day: 0))
        var confusion = history.unresolved(for: "M53.3")
        #expect(confusion.map(\.chosen) == ["M54.50"])
        #expect(confusion.first?.count == 1)
        history.record(Self.event("M53.3", given: "M53.3", day: 1))
        history.record(Self.event("M53.3", given: "M53.3", day: 2))
        #expect(history.unresolved(for: "M53.3").first?.passesSince == 2)
        history.record(Self.event("M53.3", given: "M53.3", day: 3))
        #expect(history.unresolved(for: "M53.3").isEmpty)
        #expect(history.resolved.map(\.chosen) == ["M54.50"])
        // Picking it again undoes the resolution and counts again.
        history.record(Self.event("M53.3", given: "M54.50", day: 4))
        confusion = history.unresolved(for: "M53.3")
        #expect(confusion.first?.count == 2)
        #expect(confusion.first?.passesSince == 0)
        #expect(confusion.first?.lastConfused == Self.start.addingTimeInterval(4 * 86_400))
    }

    @Test func anyWrongAnswerBreaksTheStreak() {
        let history = ConfusionHistory(events: [
            Self.event("M53.3", given: "M54.50", day: 0),
            Self.event("M53.3", given: "M53.3", day: 1),
            Self.event("M53.3", given: "M53.3", day: 2),
            Self.event("M53.3", given: "M54.59", day: 3),
            Self.event("M53.3", given: "M53.3", day: 4),
        ])
        #expect(Set(history.unresolved(for: "M53.3").map(\.chosen)) == ["M54.50", "M54.59"])
        #expect(history.confusions(for: "M53.3").allSatisfy { $0.passesSince == 1 })
        // Answers to other codes do not count as passes.
        #expect(ConfusionHistory(events: [Self.event("M53.3", given: "M54.50", day: 0), Self.event("M54.50", given: "M54.50", day: 1)])
            .unresolved(for: "M53.3").first?.passesSince == 0)
    }

    @Test func theOtherCodesOfAMultiCodeAnswerAreNotConfusions() {
        let history = ConfusionHistory(events: [
            ConfusionHistory.Event(answer: ["E11.22", "N18.31"], given: ["N18.31", "E11.22"], correct: false, at: Self.start),
            ConfusionHistory.Event(answer: ["E11.22", "N18.31"], given: ["e1122", "N18.30"], correct: false, at: Self.start),
        ])
        #expect(history.all.map(\.chosen) == ["N18.30"])
    }
}

@Suite struct AdaptiveDistractorsTests {
    static let codeSet = try! CodeSet.shipped()

    /// A coccyx case whose own first four distractors leave M54.50 out.
    static let item = QuizItem(
        cardID: "backs/coccyx@M53.3", bank: "backs", stem: "Pain at the tip of the tailbone.", answer: ["M53.3"],
        distractors: ["M54.59", "M54.89", "M53.80", "M53.9", "M54.9"].map { QuizItem.Distractor(code: $0, whyNot: "why not \($0)") },
        rationale: "Coccygodynia.")

    static func history(_ picks: [(String, String)]) -> ConfusionHistory {
        ConfusionHistory(events: picks.enumerated().map { index, pick in
            ConfusionHistory.Event(answer: [pick.0], given: [pick.1], correct: pick.0 == pick.1,
                                   at: Date(timeIntervalSince1970: 1_800_000_000 + Double(index) * 60))
        })
    }

    static func shown(_ item: QuizItem) -> [String] {
        Array(item.distractors.prefix(ChoiceQuestion.shownDistractors).map(\.code))
    }

    @Test func aLearnerWithoutConfusionsSeesTheCaseAsWritten() {
        let adapted = AdaptiveDistractors(codeSet: Self.codeSet).adapt(Self.item, history: ConfusionHistory())
        #expect(adapted == Self.item)
    }

    @Test func aConfusedOwnDistractorMovesIntoTheOptionsShown() {
        let adapted = AdaptiveDistractors(codeSet: Self.codeSet).adapt(Self.item, history: Self.history([("M53.3", "M54.9")]))
        #expect(Self.shown(adapted).first == "M54.9")
        #expect(adapted.distractors.first?.whyNot == "why not M54.9")
        #expect(Set(adapted.distractors.map(\.code)) == Set(Self.item.distractors.map(\.code)))
    }

    @Test func aConfusedCodeOfTheBlockIsAddedWithAWhyNotFromTheTabular() {
        let adapted = AdaptiveDistractors(codeSet: Self.codeSet).adapt(Self.item, history: Self.history([("M53.3", "M54.50")]))
        #expect(Self.shown(adapted).first == "M54.50")
        #expect(adapted.distractors.first?.whyNot == "M54.50 is Low back pain, unspecified.")
        #expect(!adapted.distractors.contains { $0.code == "M53.3" })
    }

    @Test func implausibleOrInvalidPicksAreNotShown() {
        // Another block (J18.9), a header (M54.5), not a code (XYZ), the answer itself.
        let adapted = AdaptiveDistractors(codeSet: Self.codeSet).adapt(
            Self.item, history: Self.history([("M53.3", "J18.9"), ("M53.3", "M54.5"), ("M53.3", "XYZ")]))
        #expect(adapted == Self.item)
    }

    @Test func aResolvedConfusionIsNoLongerPreferred() {
        let resolved = Self.history([("M53.3", "M54.50"), ("M53.3", "M53.3"), ("M53.3", "M53.3"), ("M53.3", "M53.3")])
        #expect(AdaptiveDistractors(codeSet: Self.codeSet).adapt(Self.item, history: resolved) == Self.item)
    }

    @Test func confusionsElsewhereInTheBlockArePreferredAmongTheCasesOwn() {
        // M54.9 picked for low back pain (M54.50, same block M50-M54): preferred in the coccyx case too.
        let adapted = AdaptiveDistractors(codeSet: Self.codeSet).adapt(Self.item, history: Self.history([("M54.50", "M54.9")]))
        #expect(Self.shown(adapted).first == "M54.9")
        // Elsewhere in another block (I10 for I11.9): nothing changes.
        #expect(AdaptiveDistractors(codeSet: Self.codeSet).adapt(Self.item, history: Self.history([("I11.9", "M54.9")])) == Self.item)
    }
}
