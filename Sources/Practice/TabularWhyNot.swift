import CodeSet

/// Why a code is not the answer, in the tabular list's own words: an Excludes1 note that
/// separates the two when there is one, else the option's official title.
public struct TabularWhyNot: Sendable {
    let codeSet: CodeSet

    public init(codeSet: CodeSet) {
        self.codeSet = codeSet
    }

    /// The why-not of `option` for a question whose answer is `answer` (both official codes),
    /// or `nil` when either is not a code of the set.
    public func whyNot(option: String, answer: String) -> String? {
        guard let optionEntry = codeSet.entry(option), let answerEntry = codeSet.entry(answer) else { return nil }
        return whyNot(option: optionEntry, answer: answerEntry)
    }

    public func whyNot(option: CodeEntry, answer: CodeEntry) -> String {
        let note = excludes1(at: option, naming: answer) ?? excludes1(at: answer, naming: option)
        return Self.text(option: option, excludes1: note.map { ($0.note.text, $0.source) })
    }

    /// The why-not of an option: its title, and the Excludes1 note that separates it from the
    /// answer when there is one.
    public static func text(option: CodeEntry, excludes1 note: (text: String, source: String)?) -> String {
        let title = "\(option.code) is \(option.title)."
        guard let note else { return title }
        return "Excludes1 at \(note.source): \(note.text). \(title) The two are never coded together."
    }

    /// An Excludes1 note applying to `entry` whose references cover `other` (or a code above it).
    func excludes1(at entry: CodeEntry, naming other: CodeEntry) -> ApplicableNote? {
        let otherPath = Set(codeSet.path(to: other).map(\.code))
        return codeSet.notes(of: entry, kind: .excludes1).first { applicable in
            codeSet.references(in: applicable.note).contains { reference in
                reference.targets.contains { otherPath.contains($0.code) }
            }
        }
    }
}
