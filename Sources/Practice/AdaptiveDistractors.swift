import CodeSet

/// Puts the codes a learner falls for in front of a question's distractors, so that the options
/// shown (the first ``ChoiceQuestion/shownDistractors``) include them until the confusion is
/// resolved (see ``ConfusionHistory``).
///
/// In order, the distractors become:
/// 1. codes this learner picked for this answer and has not got past, most recent first: the
///    item's own distractor when it has one for the code, else the code itself with a why-not
///    from the tabular list, provided it is billable and in the answer's block;
/// 2. codes they picked (and have not got past) for other answers in the answer's block, when
///    the item has them as distractors or they are billable codes of the answer's category;
/// 3. the item's other distractors, in their own order.
/// Every option stays a distinct billable code that is not the answer. Pure: the same item and
/// history give the same result.
public struct AdaptiveDistractors: Sendable {
    let codeSet: CodeSet
    let whyNots: TabularWhyNot
    /// At most this many distractors are chosen from the learner's confusions.
    public var maximumPreferred = ChoiceQuestion.shownDistractors

    public init(codeSet: CodeSet) {
        self.codeSet = codeSet
        whyNots = TabularWhyNot(codeSet: codeSet)
    }

    /// The item with its distractors reordered (and, where needed, one of the learner's
    /// confused codes added) for this learner.
    public func adapt(_ item: QuizItem, history: ConfusionHistory) -> QuizItem {
        guard let answerCode = item.answer.first, let answer = codeSet.entry(answerCode) else { return item }
        let direct = history.unresolved(for: answer.code)
        let answerPath = codeSet.path(to: answer)
        guard let block = answerPath.last(where: { $0.kind == .block }) else { return item }
        let category = answerPath.first { $0.kind == .category }
        let elsewhere = history.unresolved(elsewhere: answer.code) { other in
            guard let entry = codeSet.entry(other) else { return false }
            return codeSet.path(to: entry).contains(block)
        }
        if direct.isEmpty && elsewhere.isEmpty { return item }

        let answerCodes = Set(item.answer.compactMap { codeSet.entry($0)?.code ?? $0 })
        var preferred: [QuizItem.Distractor] = []
        var taken = answerCodes
        func prefer(_ code: String, within scope: CodeEntry?) {
            guard preferred.count < maximumPreferred, !taken.contains(code) else { return }
            if let own = item.distractors.first(where: { $0.code == code }) {
                preferred.append(own)
                taken.insert(code)
            } else if let scope, let entry = codeSet.entry(code), entry.isBillable, entry.code == code,
                      codeSet.path(to: entry).contains(scope) {
                preferred.append(QuizItem.Distractor(code: code, whyNot: whyNots.whyNot(option: entry, answer: answer)))
                taken.insert(code)
            }
        }
        for confusion in direct { prefer(confusion.chosen, within: block) }
        for confusion in elsewhere { prefer(confusion.chosen, within: category) }
        if preferred.isEmpty { return item }
        var adapted = item
        adapted.distractors = preferred + item.distractors.filter { !taken.contains($0.code) }
        return adapted
    }
}
