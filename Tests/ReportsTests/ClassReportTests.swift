import Foundation
import ProgressStore
import Reports
import Scheduler
import Testing

/// Item analysis against a small matrix worked out by hand.
@Suite struct ClassReportTests {
    static let calendar = LearnerReportTests.calendar
    static let now = LearnerReportTests.now

    /// A learner's answers in order: (card, right?, given). Card "x" has the answer code "X".
    static func member(_ name: String, _ answers: [(String, Bool, String?)], start: String = "2026-10-01T10:00:00Z") -> Reports.ClassMember {
        var h = ReviewHistory()
        var t = Timestamp.parse(start)!
        for (card, correct, given) in answers {
            let code = card.uppercased()
            h.append(at: t, card: card, bank: "b", code: code, given: given ?? code, rating: correct ? .good : .again, correct: correct)
            t = t.addingTimeInterval(3600)
        }
        return Reports.ClassMember(name: name, history: h)
    }

    static func report(_ members: [Reports.ClassMember], skipped: [ClassReport.Skipped] = []) -> ClassReport {
        Reports.classReport(members: members, skipped: skipped, now: now, calendar: calendar)
    }

    @Test func discriminationIsTheCorrelationWithTheRestOfTheTest() throws {
        // Scores      i1 i2 i3  total
        //   L1         1  1  1   3
        //   L2         1  0  1   2
        //   L3         0  1  0   1
        //   L4         0  0  0   0
        // i1: x = 1 1 0 0, rest y = 2 1 1 0: Cov = 0.25, Var x = 0.25, Var y = 0.5,
        //     r = 0.25 / √0.125 = 0.70711; sorted pairing gives the same Cov: efficiency 100.
        // i2: x = 1 0 1 0, y = 2 2 0 0: Cov = 0: discrimination 0.
        let r = Self.report([
            Self.member("l1", [("i1", true, nil), ("i2", true, nil), ("i3", true, nil)]),
            Self.member("l2", [("i1", true, nil), ("i2", false, "W"), ("i3", true, nil)]),
            Self.member("l3", [("i1", false, "W"), ("i2", true, nil), ("i3", false, "V")]),
            Self.member("l4", [("i1", false, "V"), ("i2", false, "W"), ("i3", false, "V")]),
        ])
        #expect(r.items.map(\.card) == ["i1", "i2", "i3"])
        let i1 = r.items[0], i2 = r.items[1], i3 = r.items[2]
        #expect(i1.attempts == 4 && i1.facility == 50)
        #expect(abs(try #require(i1.discrimination) - 70.7107) < 0.001)
        #expect(abs(try #require(i1.discriminativeEfficiency) - 100) < 1e-9)
        #expect(abs(try #require(i2.discrimination)) < 1e-9)
        #expect(abs(try #require(i3.discrimination) - 70.7107) < 0.001)
        #expect(i1.flags.isEmpty && i2.flags.isEmpty)
        // Distractor analysis: the answers given, most frequent first.
        #expect(i1.responses.map { "\($0.given) \($0.count) \($0.isAnswer)" } == ["I1 2 true", "V 1 false", "W 1 false"])
        #expect(i1.responses.first?.share == 0.5)
        #expect(i2.responses.map { "\($0.given) \($0.count)" } == ["I2 2", "W 2"])
        #expect(r.learners.map(\.firstAnswerScore.correct) == [3, 2, 1, 0])
    }

    @Test func negativeDiscriminationTooEasyAndTooHardAreFlagged() throws {
        // Scores      a  b  c  total
        //   L1         0  1  1   2
        //   L2         1  0  1   2      (c: everyone right → too easy)
        //   L3         0  0  1   1
        let r = Self.report([
            Self.member("l1", [("a", false, "Q"), ("b", true, nil), ("c", true, nil), ("d", false, nil)]),
            Self.member("l2", [("a", true, nil), ("b", false, "Q"), ("c", true, nil), ("d", false, nil)]),
            Self.member("l3", [("a", false, "Q"), ("b", false, "Q"), ("c", true, nil), ("d", false, nil)]),
        ])
        let a = r.items[0], c = r.items[2], d = r.items[3]
        // a: x = 0 1 0, rest y = 2 1 1 (totals 2, 2, 1 minus x). mean x = 1/3, mean y = 4/3.
        // Cov = [(−1/3)(2/3) + (2/3)(−1/3) + (−1/3)(−1/3)] / 3 = (−2/9 − 2/9 + 1/9) / 3 = −1/9.
        // Var x = (1/9 + 4/9 + 1/9) / 3 = 2/9; Var y = (4/9 + 1/9 + 1/9) / 3 = 2/9. r = −1/9 / (2/9) = −0.5.
        #expect(abs(try #require(a.discrimination) + 50) < 1e-9)
        #expect(a.flags == ["negative-discrimination"])
        #expect(abs(a.facility - 100.0 / 3) < 1e-9)
        #expect(c.facility == 100 && c.flags == ["too-easy"] && c.discrimination == nil)
        #expect(d.facility == 0 && d.flags == ["too-hard"])
    }

    @Test func theFirstAnswerToACaseIsTheAttempt() {
        let r = Self.report([
            Self.member("l1", [("a", false, "Q"), ("a", true, nil), ("a", true, nil)]),
            Self.member("l2", [("a", true, nil), ("a", false, "Q")]),
        ])
        #expect(r.items.count == 1)
        #expect(r.items[0].attempts == 2)
        #expect(r.items[0].facility == 50)
        #expect(r.items[0].responses.map { "\($0.given) \($0.count)" } == ["A 1", "Q 1"])
        #expect(r.learners.map(\.reviews) == [3, 2])
        #expect(r.learners.map(\.accuracy) == [Rate(answered: 3, correct: 2), Rate(answered: 2, correct: 1)])
        #expect(r.learners.map(\.cases) == [1, 1])
    }

    @Test func learnersWithNoOverlappingItems() {
        let r = Self.report([
            Self.member("l1", [("a", true, nil), ("b", true, nil)]),
            Self.member("l2", [("c", false, "Q")]),
        ], skipped: [ClassReport.Skipped(learner: "broken", reason: "reviews.jsonl:3: damaged")])
        #expect(r.items.map(\.card) == ["a", "b", "c"])
        #expect(r.items.map(\.attempts) == [1, 1, 1])
        #expect(r.items.map(\.facility) == [100, 100, 0])
        // One attempt each: no variance, so no discrimination (and no negative flag).
        #expect(r.items.allSatisfy { $0.discrimination == nil })
        #expect(r.learners.map(\.firstAnswerScore) == [Rate(answered: 2, correct: 2), Rate(answered: 1, correct: 0)])
        #expect(r.skipped.map(\.learner) == ["broken"])
    }

    @Test func noLearnersGiveAnEmptyReport() {
        let r = Self.report([])
        #expect(r.learners.isEmpty && r.items.isEmpty)
        let text = TextReport(style: .init(usesColor: false), calendar: Self.calendar).render(r)
        #expect(text.contains("Class report: 0 learners"))
        #expect(text.contains("No answers yet."))
    }

    @Test func theDiscriminationIndexOfScoresThatDoNotVaryIsUndefined() {
        #expect(Reports.discriminationIndex(x: [1, 1, 1], y: [0, 1, 2]).index == nil)
        #expect(Reports.discriminationIndex(x: [1], y: [3]).index == nil)
        let perfect = Reports.discriminationIndex(x: [0, 1], y: [0, 1])
        #expect(perfect.index == 100 && perfect.efficiency == 100)
    }
}
