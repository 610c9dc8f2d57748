import CodeSet

/// Hints that narrow the search without naming the answer: first where the answer sits in the
/// tabular list (chapter and block), then a note of the tabular list that describes it.
public struct Hints: Sendable {
    let codeSet: CodeSet

    public init(codeSet: CodeSet) {
        self.codeSet = codeSet
    }

    /// The hint at `level` (0 first), or `nil` when there are no more.
    public func hint(for item: QuizItem, level: Int) -> String? {
        guard let code = item.answer.first, let entry = codeSet.entry(code) else { return nil }
        let path = codeSet.path(to: entry)
        switch level {
        case 0:
            let chapter = path.first { $0.kind == .chapter }
            let blocks = path.filter { $0.kind == .block }
            guard let chapter else { return nil }
            var text = "Chapter \(chapter.chapterNumber ?? 0), \(chapter.title)"
            if let block = blocks.last { text += " › \(block.title) (\(block.code))" }
            return text
        case 1:
            let options = Set(([item.answer] + item.distractors.map { [$0.code] }).flatMap { $0 })
            // The most specific descriptive note: an inclusion term, else an Includes note.
            for kind in [NoteKind.inclusionTerm, .includes] {
                if let note = path.reversed().lazy.flatMap({ self.codeSet.ownNotes(of: $0) }).first(where: { $0.kind == kind }) {
                    return "\(kind.heading) under the answer's code: \(Self.masking(options, in: note.text))"
                }
            }
            let category = path.first { $0.kind == .category }
            return category.map { "The answer is in category \($0.code), \($0.title)." }
        default:
            return nil
        }
    }

    /// The text with every option's code replaced by "…", so a hint never names one.
    static func masking(_ codes: Set<String>, in text: String) -> String {
        var result = text
        for code in codes {
            result = result.replacingOccurrences(of: code, with: "…")
            result = result.replacingOccurrences(of: code.replacingOccurrences(of: ".", with: ""), with: "…")
        }
        return result
    }
}

import Foundation
