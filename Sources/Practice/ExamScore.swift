import CodeSet

/// The score of a mock exam, overall and by ICD-10-CM chapter and block of each answer, as
/// certification prep reports it.
public struct ExamScore: Sendable, Equatable {
    public struct Group: Sendable, Equatable {
        /// "M00-M99" or "M50-M54".
        public var code: String
        public var title: String
        public var right: Int
        public var total: Int
    }

    public struct Response: Sendable, Equatable {
        public var item: QuizItem
        /// What the learner gave (codes), or `nil` when left unanswered.
        public var given: [String]?
        public var correct: Bool

        public init(item: QuizItem, given: [String]?, correct: Bool) {
            self.item = item
            self.given = given
            self.correct = correct
        }
    }

    public var responses: [Response]
    public var chapters: [Group]
    public var blocks: [Group]

    public var right: Int { responses.filter(\.correct).count }
    public var total: Int { responses.count }
    public var percent: Double { total == 0 ? 0 : Double(right) / Double(total) * 100 }
    /// AAPC's CPC exam passes at 70%.
    public static let passMark = 70.0
    public var passed: Bool { percent >= Self.passMark }

    public init(responses: [Response], codeSet: CodeSet) {
        self.responses = responses
        var chapters: [String: Group] = [:], blocks: [String: Group] = [:]
        var chapterOrder: [String] = [], blockOrder: [String] = []
        for response in responses {
            guard let code = response.item.answer.first, let entry = codeSet.entry(code) else { continue }
            let path = codeSet.path(to: entry)
            if let chapter = path.first(where: { $0.kind == .chapter }) {
                if chapters[chapter.code] == nil { chapterOrder.append(chapter.code) }
                chapters[chapter.code, default: Group(code: chapter.code, title: chapter.title, right: 0, total: 0)].add(response.correct)
            }
            if let block = path.last(where: { $0.kind == .block }) {
                if blocks[block.code] == nil { blockOrder.append(block.code) }
                blocks[block.code, default: Group(code: block.code, title: block.title, right: 0, total: 0)].add(response.correct)
            }
        }
        self.chapters = chapterOrder.sorted().compactMap { chapters[$0] }
        self.blocks = blockOrder.sorted().compactMap { blocks[$0] }
    }
}

extension ExamScore.Group {
    mutating func add(_ correct: Bool) {
        total += 1
        if correct { right += 1 }
    }
}
