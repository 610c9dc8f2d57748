import CodeSet
import Foundation

/// Which wrong codes a learner has picked for which right answers, and whether they have got
/// past each mix-up since.
///
/// Built from the review log (every answer records the code(s) the learner gave). A confusion
/// is a pair (answer code, chosen code). The rule, as README.md states it:
/// - a wrong answer whose given codes include a code that is not part of the answer counts one
///   confusion of that code with the answer, and sets its "passes since" to 0;
/// - any wrong answer for that answer code sets "passes since" of all its confusions to 0 (a
///   streak of passes is unbroken only by right answers);
/// - a right answer for that answer code adds one pass to each of its confusions;
/// - a confusion is **resolved** once it has ``passesToResolve`` (3) passes in a row since the
///   learner last picked that code for that answer. Picking it again makes it unresolved.
///
/// Confusions are keyed by codes, not cards: a drill and a bank case with the same answer share
/// them.
public struct ConfusionHistory: Sendable, Equatable {
    /// Right answers in a row, since the last wrong pick, that resolve a confusion.
    public static let passesToResolve = 3

    /// One answer, as far as confusions are concerned.
    public struct Event: Sendable, Hashable {
        /// The right code(s) of the question, in reporting order (the first keys confusions).
        public var answer: [String]
        /// The code(s) the learner gave.
        public var given: [String]
        public var correct: Bool
        public var at: Date

        /// The right codes of a logged answer: those its card id names ("backs/lbp@E11.22+N18.31")
        /// when they start with the logged `code`, else `code` alone, so that a correctly typed
        /// second code of a multi-code answer is not taken for a confusion.
        public static func answerCodes(cardID: String, code: String) -> [String] {
            guard let at = cardID.lastIndex(of: "@") else { return [code] }
            let named = cardID[cardID.index(after: at)...].split(separator: "+").map(String.init)
            return named.first == code ? named : [code]
        }

        public init(answer: [String], given: [String], correct: Bool, at: Date) {
            self.answer = answer
            self.given = given
            self.correct = correct
            self.at = at
        }
    }

    /// A code the learner picked for an answer, and how they have done since.
    public struct Confusion: Sendable, Hashable {
        /// The right code.
        public let answer: String
        /// The code the learner picked instead.
        public let chosen: String
        /// How many times they picked it for this answer.
        public internal(set) var count: Int
        /// When they last picked it.
        public internal(set) var lastConfused: Date
        /// Right answers in a row (for this answer code) since they last picked it, or since
        /// their last wrong answer, whichever is later.
        public internal(set) var passesSince: Int

        public var isResolved: Bool { passesSince >= ConfusionHistory.passesToResolve }
    }

    /// Confusions by answer code, then chosen code.
    private var byAnswer: [String: [String: Confusion]] = [:]

    public init() {}

    /// The history after `events`, oldest first.
    public init(events: some Sequence<Event>) {
        for event in events { record(event) }
    }

    /// Updates the history with one more answer.
    public mutating func record(_ event: Event) {
        guard let answer = Self.key(of: event.answer) else { return }
        if event.correct {
            // The common case, and most answers have no confusion to credit. Changed in place:
            // taking the inner dictionary out would copy it on every answer.
            guard let index = byAnswer.index(forKey: answer) else { return }
            byAnswer.values[index].creditPass()
            return
        }
        var confusions = byAnswer[answer] ?? [:]
        Self.miss(event, answer: answer, into: &confusions)
        if !confusions.isEmpty { byAnswer[answer] = confusions }
    }

    /// An answer as ``record(answers:of:)`` takes it: a pass needs nothing more.
    public enum Outcome: Sendable {
        case pass
        case miss(Event)
    }

    /// The code that keys an answer's confusions: its first, in the code book's form.
    public static func key(of answer: [String]) -> String? {
        answer.first.map(normalized)
    }

    /// What ``record(_:)`` does for each of `outcomes`, oldest first, all answers to questions
    /// keyed by `answer` (``key(of:)``). Confusions of different keys never touch, so a report
    /// over a long log can replay each key's answers apart, and looks each key up once.
    public mutating func record(answers outcomes: [Outcome], of answer: String) {
        var confusions = byAnswer.removeValue(forKey: answer) ?? [:]
        for outcome in outcomes {
            switch outcome {
            case .pass: confusions.creditPass()
            case .miss(let event): Self.miss(event, answer: answer, into: &confusions)
            }
        }
        if !confusions.isEmpty { byAnswer[answer] = confusions }
    }

    /// A wrong answer: every confusion of the answer loses its streak, and each code given that
    /// is not one of the answer's counts one more confusion.
    private static func miss(_ event: Event, answer: String, into confusions: inout [String: Confusion]) {
        let rightCodes = Set(event.answer.map(normalized))
        for chosen in confusions.keys { confusions[chosen]!.passesSince = 0 }
        for code in event.given.map(normalized) where !code.isEmpty && !rightCodes.contains(code) {
            if var existing = confusions[code] {
                existing.count += 1
                existing.lastConfused = max(existing.lastConfused, event.at)
                confusions[code] = existing
            } else {
                confusions[code] = Confusion(answer: answer, chosen: code, count: 1, lastConfused: event.at, passesSince: 0)
            }
        }
    }

    /// Every confusion, most recent first (then by answer and chosen code).
    public var all: [Confusion] {
        byAnswer.values.flatMap(\.values).sorted(by: Self.mostRecentFirst)
    }

    /// Confusions the learner has got past (``Confusion/isResolved``), for reports.
    public var resolved: [Confusion] { all.filter(\.isResolved) }

    /// The confusions of one answer code, most recent first.
    public func confusions(for answer: String) -> [Confusion] {
        (byAnswer[Self.normalized(answer)] ?? [:]).values.sorted(by: Self.mostRecentFirst)
    }

    /// The unresolved confusions of one answer code, most recent first.
    public func unresolved(for answer: String) -> [Confusion] {
        confusions(for: answer).filter { !$0.isResolved }
    }

    /// Unresolved confusions of other answers for which `belongs` holds (e.g. answers in the
    /// same block), most recent first.
    public func unresolved(elsewhere answer: String, where belongs: (String) -> Bool) -> [Confusion] {
        let key = Self.normalized(answer)
        return byAnswer.filter { $0.key != key && belongs($0.key) }.values.flatMap(\.values)
            .filter { !$0.isResolved }.sorted(by: Self.mostRecentFirst)
    }

    private static func mostRecentFirst(_ lhs: Confusion, _ rhs: Confusion) -> Bool {
        if lhs.lastConfused != rhs.lastConfused { return lhs.lastConfused > rhs.lastConfused }
        if lhs.count != rhs.count { return lhs.count > rhs.count }
        return (lhs.answer, lhs.chosen) < (rhs.answer, rhs.chosen)
    }

    /// Codes as the log holds them ("M54.50"); typed answers are already normalised there, but
    /// older or hand-made logs may differ in case or dots.
    static func normalized(_ code: String) -> String {
        if isPrinted(code) { return code }  // codes in the log are written this way already
        return CodeNormalizer.looksLikeCode(code) ? CodeNormalizer.display(key: CodeNormalizer.key(code)) : code
    }

    /// Already in the code book's form: upper-case letters and digits, a dot after the third.
    private static func isPrinted(_ code: String) -> Bool {
        var code = code
        return code.withUTF8 { bytes in
            guard (3...8).contains(bytes.count), bytes.count != 4 else { return false }
            for (offset, byte) in bytes.enumerated() {
                let isDot = byte == UInt8(ascii: ".")
                if offset == 3 { guard isDot else { return false } }
                else if isDot || !((UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)) {
                    return false
                }
            }
            return true
        }
    }
}

private extension Dictionary where Key == String, Value == ConfusionHistory.Confusion {
    /// One more right answer for each of these confusions, in place.
    mutating func creditPass() {
        var index = startIndex
        while index != endIndex {
            values[index].passesSince += 1
            formIndex(after: &index)
        }
    }
}
