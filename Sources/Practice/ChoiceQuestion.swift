import Scheduler

/// A multiple-choice presentation of an item: the answer and up to four distractors under the
/// letters a–e, in an order fixed by the seed.
public struct ChoiceQuestion: Sendable, Equatable {
    public struct Choice: Sendable, Equatable {
        public var letter: Character
        /// The code(s) of the option; the answer of a multi-code case is one option.
        public var codes: [String]
        public var isAnswer: Bool
        /// Why it is wrong (empty for the answer).
        public var whyNot: String
    }

    public let choices: [Choice]

    /// How many of an item's distractors are shown beside the answer.
    public static let shownDistractors = 4

    /// The item's answer and its first ``shownDistractors`` distractors (adapt the item to the
    /// learner first with ``AdaptiveDistractors``).
    public init(item: QuizItem, seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        var options = [Choice(letter: "a", codes: item.answer, isAnswer: true, whyNot: "")]
        options += item.distractors.prefix(Self.shownDistractors).map { Choice(letter: "a", codes: [$0.code], isAnswer: false, whyNot: $0.whyNot) }
        options.shuffle(using: &generator)
        choices = options.enumerated().map { index, choice in
            var lettered = choice
            lettered.letter = Character(Unicode.Scalar(UInt8(ascii: "a") + UInt8(index)))
            return lettered
        }
    }

    public var letters: String { String(choices.map(\.letter)) }

    /// The choice a typed letter names ("b", "B", "b)"), or `nil`.
    public func choice(for typed: String) -> Choice? {
        let trimmed = typed.trimmingCharacters(in: .whitespaces).lowercased()
        guard let first = trimmed.first, trimmed.count == 1 || (trimmed.count == 2 && [")", "."].contains(trimmed.last!))
        else { return nil }
        return choices.first { $0.letter == first }
    }

    public var answer: Choice { choices.first(where: \.isAnswer)! }
}

import Foundation
