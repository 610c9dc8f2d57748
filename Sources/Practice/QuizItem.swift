/// One question as practice asks it, whatever made it: a hand-written case, a case built from
/// a code page, or (later) a drill generated from the tabular list.
public struct QuizItem: Sendable, Hashable, Identifiable {
    /// The progress key: stable while the answer stands (see QuestionBanks/README.md).
    public var cardID: String
    public var bank: String
    public var stem: String
    /// The right code(s), in reporting order.
    public var answer: [String]
    /// Wrong options, each with why it is wrong here.
    public var distractors: [Distractor]
    /// Why the answer is right.
    public var rationale: String
    /// Items that share a family (the cases of one code page) are not asked back to back.
    public var family: String?
    public var tags: [String]

    public var id: String { cardID }

    public init(cardID: String, bank: String, stem: String, answer: [String], distractors: [Distractor],
                rationale: String, family: String? = nil, tags: [String] = []) {
        self.cardID = cardID
        self.bank = bank
        self.stem = stem
        self.answer = answer
        self.distractors = distractors
        self.rationale = rationale
        self.family = family
        self.tags = tags
    }

    /// Words in the stem, for the reading time the rating allows.
    public var stemWords: Int { stem.split { $0 == " " || $0 == "\n" }.count }

    /// A wrong option: its code and why it is not the answer.
    public struct Distractor: Sendable, Hashable {
        public var code: String
        public var whyNot: String

        public init(code: String, whyNot: String) {
            self.code = code
            self.whyNot = whyNot
        }
    }
}
