import CodeSet

/// A case as practice shows it: a stem, the answer, wrong options each with its why-not.
///
/// Guarantees (checked by the builder for every case it returns): the stem names no option's
/// code; the answer codes and the distractors are distinct billable codes; every distractor has
/// a why-not; there are at least two distractors.
public struct Case: Sendable, Hashable, Identifiable {
    /// A wrong option and why it is wrong.
    public struct Option: Sendable, Hashable {
        /// The official code ("M54.50").
        public var code: String
        /// Its official title.
        public var title: String
        public var whyNot: String
        /// True when the why-not was written by the builder from the tabular, not by the bank.
        public var whyNotIsGenerated: Bool
    }

    public enum Source: Sendable, Hashable {
        case handWritten
        case pageExample(page: String, kind: PageExample.Kind, number: Int)
    }

    /// The case id within its bank.
    public var id: String
    /// What progress is keyed on: `<bank>/<case id>@<answer codes joined by +>`.
    public var cardID: String
    public var bank: String
    public var stem: String
    /// The official answer codes, in reporting order.
    public var answer: [String]
    /// The official titles of the answer codes.
    public var answerTitles: [String]
    /// The wrong options (distractors), each with its why-not.
    public var distractors: [Option]
    public var rationale: String
    public var tags: [String]
    public var source: Source
    /// The code page the case was built from, if any.
    public var sourcePage: String? {
        if case let .pageExample(page, _, _) = source { return page }
        return nil
    }
    public var file: String
    public var line: Int

    /// Every code shown as a choice: the answer's and the distractors'.
    public var optionCodes: [String] { answer + distractors.map(\.code) }
}

/// Something the builder did to, or could not do with, an item of a bank.
public struct BuildNote: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// Sentences naming an option's code were left out of the stem.
        case leakRemoved(sentences: [String])
        /// A non-billable code was replaced by a billable one beneath it.
        case replacedNonBillable(from: String, to: String)
        /// A distractor was left out (unknown, not billable with nothing usable beneath, the answer, a repeat).
        case droppedDistractor(code: String, reason: String)
        /// Distractors were added from the code set.
        case toppedUp(codes: [String])
        /// No case could be built from the item.
        case skipped(reason: String)
    }

    public var file: String
    public var line: Int
    public var caseID: String
    public var kind: Kind
}

/// The cases of a bank and what the builder had to do to make them.
public struct CaseBuild: Sendable {
    public var cases: [Case]
    public var notes: [BuildNote]
}

/// Turns a bank's code-page examples and hand-written cases into cases a learner can be shown.
/// Pure and deterministic: the same bank and code set give the same cases.
public struct CaseBuilder: Sendable {
    public let codeSet: CodeSet
    /// A page example's distractors are topped up from the code set to this many.
    public var pageDistractorTarget = 3
    /// A hand-written case is topped up (to ``pageDistractorTarget``) only below this many.
    public var minimumDistractors = 2

    public init(codeSet: CodeSet) {
        self.codeSet = codeSet
    }

    public func build(_ bank: Bank) -> CaseBuild {
        var cases: [Case] = [], notes: [BuildNote] = []
        for page in bank.pages {
            for example in page.examples {
                let id = example.caseID(pageCode: page.code)
                let rationale = example.rationale ?? page.overview.map(Self.leadingSentences) ?? ""
                let candidates = page.differentials.map {
                    Candidate(code: $0.code, whyNot: $0.whyNot)
                }
                let draft = Draft(id: id, line: example.lines.start, stem: example.text,
                                  answer: example.answer ?? [page.code], candidates: candidates,
                                  rationale: rationale, tags: [],
                                  source: .pageExample(page: page.code, kind: example.kind, number: example.number),
                                  target: pageDistractorTarget, alsoHidden: [page.code])
                let (built, caseNotes) = make(draft, bank: bank)
                if let built { cases.append(built) }
                notes += caseNotes
            }
        }
        for handWritten in bank.cases {
            let draft = Draft(id: handWritten.id, line: handWritten.lines.start, stem: handWritten.stem,
                              answer: handWritten.answer,
                              candidates: handWritten.distractors.map { Candidate(code: $0.code, whyNot: $0.whyNot) },
                              rationale: handWritten.rationale, tags: handWritten.tags, source: .handWritten,
                              target: handWritten.distractors.count < minimumDistractors ? pageDistractorTarget : 0)
            let (built, caseNotes) = make(draft, bank: bank)
            if let built { cases.append(built) }
            notes += caseNotes
        }
        return CaseBuild(cases: cases, notes: notes)
    }

    // MARK: One case

    struct Candidate {
        var code: String
        var whyNot: String
    }

    struct Draft {
        var id: String
        var line: Int
        var stem: String
        var answer: [String]
        var candidates: [Candidate]
        var rationale: String
        var tags: [String]
        var source: Case.Source
        /// Top distractors up to this many from the code set.
        var target: Int
        /// Other codes the stem must not name (a page's own code, when an example's answer differs).
        var alsoHidden: [String] = []
    }

    func make(_ draft: Draft, bank: Bank) -> (Case?, [BuildNote]) {
        var notes: [BuildNote] = []
        func note(_ kind: BuildNote.Kind) {
            notes.append(BuildNote(file: bank.file, line: draft.line, caseID: draft.id, kind: kind))
        }
        // The answer: every code must be billable as written.
        var answer: [CodeEntry] = []
        for code in draft.answer {
            guard let entry = codeSet.entry(code) else {
                note(.skipped(reason: "its answer \(code) is not an ICD-10-CM code"))
                return (nil, notes)
            }
            guard entry.isBillable else {
                note(.skipped(reason: "its answer \(entry.code) is not billable"))
                return (nil, notes)
            }
            guard !answer.contains(entry) else { continue }
            answer.append(entry)
        }
        guard let primary = answer.first else {
            note(.skipped(reason: "it has no answer"))
            return (nil, notes)
        }
        // The distractors the bank gives, made billable and distinct.
        var options: [Case.Option] = []
        func isTaken(_ entry: CodeEntry) -> Bool {
            answer.contains(entry) || options.contains { $0.code == entry.code }
        }
        for candidate in draft.candidates {
            guard let entry = codeSet.entry(candidate.code) else {
                note(.droppedDistractor(code: candidate.code, reason: "not an ICD-10-CM code"))
                continue
            }
            if entry.isBillable {
                if isTaken(entry) {
                    note(.droppedDistractor(code: entry.code, reason: answer.contains(entry) ? "it is the answer" : "it is repeated"))
                    continue
                }
                let whyNot = candidate.whyNot.isEmpty ? generatedWhyNot(for: entry, answer: primary) : candidate.whyNot
                options.append(Case.Option(code: entry.code, title: entry.title, whyNot: whyNot,
                                           whyNotIsGenerated: candidate.whyNot.isEmpty))
                continue
            }
            guard let replacement = representative(of: codeSet.billableCodes(under: entry).filter({ !isTaken($0) })) else {
                note(.droppedDistractor(code: entry.code, reason: "not billable, and no billable code beneath it is free"))
                continue
            }
            note(.replacedNonBillable(from: entry.code, to: replacement.code))
            let lead = "\(entry.code) (\(entry.title)) is not billable; \(replacement.code) (\(replacement.title)) is a billable code beneath it."
            let whyNot = candidate.whyNot.isEmpty ? generatedWhyNot(for: replacement, answer: primary)
                : "\(lead) \(candidate.whyNot)"
            options.append(Case.Option(code: replacement.code, title: replacement.title, whyNot: whyNot,
                                       whyNotIsGenerated: candidate.whyNot.isEmpty))
        }
        // Topped up from the tabular: codes an Excludes1 note points at, then siblings.
        if options.count < draft.target {
            var added: [String] = []
            for (entry, whyNot) in tabularDistractors(for: primary) {
                guard options.count < draft.target else { break }
                guard !isTaken(entry) else { continue }
                options.append(Case.Option(code: entry.code, title: entry.title, whyNot: whyNot, whyNotIsGenerated: true))
                added.append(entry.code)
            }
            if !added.isEmpty { note(.toppedUp(codes: added)) }
        }
        guard options.count >= 2 else {
            note(.skipped(reason: "fewer than 2 usable distractors"))
            return (nil, notes)
        }
        // The stem, without anything that names a code shown as a choice.
        let shown = answer.map(\.code) + options.map(\.code)
        let written = draft.answer + draft.candidates.map(\.code) + draft.alsoHidden
        let (stem, removed) = AnswerLeaks.removingMentions(of: shown + written, from: draft.stem)
        if !removed.isEmpty { note(.leakRemoved(sentences: removed)) }
        guard !stem.isEmpty else {
            note(.skipped(reason: "nothing is left of its text once the sentences naming its codes are removed"))
            return (nil, notes)
        }
        let rationale = draft.rationale.isEmpty
            ? answer.map { "\($0.code) is \($0.title)." }.joined(separator: " ")
            : draft.rationale
        let built = Case(id: draft.id, cardID: CardID.make(bank: bank.id, caseID: draft.id, answer: answer.map(\.code)),
                         bank: bank.id, stem: stem, answer: answer.map(\.code), answerTitles: answer.map(\.title),
                         distractors: options, rationale: rationale, tags: draft.tags, source: draft.source,
                         file: bank.file, line: draft.line)
        return (built, notes)
    }

    // MARK: From the tabular

    /// The billable code that best stands for a header: an "unspecified" one, else the first.
    /// Among the codes nearest the header (the shortest), an "unspecified" one, else the first:
    /// M47 gives M47.9 Spondylosis, unspecified; M54.5 gives M54.50.
    func representative(of codes: [CodeEntry]) -> CodeEntry? {
        guard let shortest = codes.map({ CodeNormalizer.key($0.code).count }).min() else { return nil }
        let nearest = codes.filter { CodeNormalizer.key($0.code).count == shortest }
        return nearest.first { $0.title.localizedLowercase.contains("unspecified") } ?? nearest.first
    }

    /// Candidates for topping up, nearest first, each with a why-not from the tabular:
    /// codes an Excludes1 note of the answer (or its ancestors, nearest first) points at,
    /// then the answer's billable siblings.
    func tabularDistractors(for answer: CodeEntry) -> [(CodeEntry, String)] {
        var found: [(CodeEntry, String)] = []
        var seen: Set<String> = [answer.code]
        for applicable in nearestFirstExcludes1(of: answer) {
            for reference in codeSet.references(in: applicable.note) {
                for target in reference.targets {
                    let beneath = target.isBillable ? [target] : codeSet.billableCodes(under: target)
                    guard let entry = representative(of: beneath), seen.insert(entry.code).inserted else { continue }
                    let whyNot = "\(entry.code) is \"\(entry.title)\". The tabular's Excludes1 note under "
                        + "\(applicable.source) (\"\(applicable.note.text)\") separates it from \(answer.code) "
                        + "\"\(answer.title)\": the two are not coded together for one condition."
                    found.append((entry, whyNot))
                }
            }
        }
        let leaf = answer.seventhCharacter == nil ? answer : (codeSet.parent(of: answer) ?? answer)
        for sibling in codeSet.siblings(of: leaf) where sibling.kind != .block && sibling.kind != .chapter {
            let beneath = sibling.isBillable ? [sibling] : codeSet.billableCodes(under: sibling)
            guard var entry = representative(of: beneath) else { continue }
            if let character = answer.seventhCharacter,
               let same = beneath.first(where: { $0.seventhCharacter == character }) { entry = same }
            guard seen.insert(entry.code).inserted else { continue }
            found.append((entry, generatedWhyNot(for: entry, answer: answer)))
        }
        return found
    }

    /// A factual why-not from titles and notes only: what the code is, and the Excludes1 note
    /// that separates it from the answer when there is one.
    public func generatedWhyNot(for distractor: CodeEntry, answer: CodeEntry) -> String {
        var text = "\(distractor.code) is \"\(distractor.title)\"; the answer, \(answer.code), is \"\(answer.title)\"."
        if let parent = codeSet.parent(of: distractor), codeSet.parent(of: answer) == parent {
            text = "\(distractor.code) is \"\(distractor.title)\", another code under \(parent.code) \(parent.title); "
                + "the answer, \(answer.code), is \"\(answer.title)\"."
        }
        if let separating = separatingNote(distractor, answer) {
            text += " The tabular's Excludes1 note under \(separating.source) reads \"\(separating.note.text)\"."
        }
        return text
    }

    /// The Excludes1 notes that apply to an entry: its own first, then each level up, each
    /// level's notes in the order the tabular writes them.
    func nearestFirstExcludes1(of entry: CodeEntry) -> [ApplicableNote] {
        let notes = codeSet.notes(of: entry, kind: .excludes1)
        return codeSet.path(to: entry).reversed().flatMap { level in notes.filter { $0.source == level.code } }
    }

    /// An Excludes1 note of one code that points at the other.
    func separatingNote(_ lhs: CodeEntry, _ rhs: CodeEntry) -> ApplicableNote? {
        func points(from entry: CodeEntry, to other: CodeEntry) -> ApplicableNote? {
            let otherPath = Set(codeSet.path(to: other).map(\.code))
            return nearestFirstExcludes1(of: entry).first { applicable in
                codeSet.references(in: applicable.note).contains { $0.targets.contains { otherPath.contains($0.code) } }
            }
        }
        return points(from: rhs, to: lhs) ?? points(from: lhs, to: rhs)
    }

    /// The first sentence of a text, or the first two when the first is short.
    static func leadingSentences(_ text: String) -> String {
        let firstParagraph = text.split(separator: "\n").first.map(String.init) ?? text
        let sentences = AnswerLeaks.sentences(of: firstParagraph)
        var result = ""
        for sentence in sentences {
            result += sentence
            if result.count >= 80 { break }
        }
        return result.trimmingWhitespace()
    }
}
