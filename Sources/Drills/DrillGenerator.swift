import CodeSet
import Foundation
import Practice

/// Generates practice items from the official tabular list: inclusion terms, Excludes1 notes,
/// the specificity beneath headers and 7th characters. Pure and deterministic: the same code set
/// gives the same drills, in tabular order, with the same ids.
///
/// Guarantees for every drill: the answer is one billable code; the distractors are distinct
/// billable codes other than the answer (at least two, at most ``distractorCount``); the stem
/// names no option's code (nor a code above or beneath one); the card id is
/// `drill/<kind>/<answer code>/<8 hex digits>`, the digits a hash of the tabular text the drill
/// was made from, so a drill keeps its progress across releases while its code and text stand.
///
/// Inclusion terms that are nearly the answer's title (every meaningful word of the term is in
/// the title: "Low back pain NOS" under M54.50 Low back pain, unspecified) are skipped: with
/// titles shown beside the options they would be a matching exercise, not a coding one.
/// Distractors whose title has exactly the term's meaningful words (and so would look as right
/// as the answer) or that list the same term are left out.
public struct DrillGenerator: Sendable {
    /// The bank name drills are practised and recorded under.
    public static let bank = "drills"

    public let codeSet: CodeSet
    /// Distractors per drill, at most (practice shows four).
    public var distractorCount = 4

    public init(codeSet: CodeSet) {
        self.codeSet = codeSet
    }

    /// A range as the command line takes it: a chapter number ("13"), a chapter or block
    /// ("M00-M99", "M40-M54"), a category or any code ("M54", "M54.5").
    public func range(_ text: String) -> Result<CodeEntry, DrillRangeError> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let number = Int(trimmed) {
            guard let chapter = codeSet.chapter(number: number) else {
                return .failure(DrillRangeError(description: "there is no chapter \(number): chapters are numbered 1–\(codeSet.chapters().count)"))
            }
            return .success(chapter)
        }
        switch codeSet.lookup(trimmed) {
        case let .success(entry):
            return .success(entry)
        case let .failure(invalid):
            let suggestions = invalid.suggestions.prefix(3).map(\.code)
            return .failure(DrillRangeError(description: invalid.description
                + (suggestions.isEmpty ? "" : "; did you mean \(suggestions.joined(separator: ", "))?")
                + " A range is a chapter (13 or M00-M99), a block (M40-M54) or a category (M54)"))
        }
    }

    /// The drills whose tabular text is written at or beneath `range`.
    public func drills(in range: CodeEntry, kinds: Set<DrillKind> = Set(DrillKind.allCases)) -> [Drill] {
        let run = Run(codeSet: codeSet, kinds: kinds, distractorCount: distractorCount)
        let path = codeSet.path(to: range)
        run.visit(range, block: path.last { $0.kind == .block }, category: path.first { $0.kind == .category })
        return run.drills
    }

    /// Every drill of the code set, chapter by chapter.
    public func allDrills(kinds: Set<DrillKind> = Set(DrillKind.allCases)) -> [Drill] {
        let run = Run(codeSet: codeSet, kinds: kinds, distractorCount: distractorCount)
        for chapter in codeSet.chapters() { run.visit(chapter, block: nil, category: nil) }
        return run.drills
    }
}

/// One generation: walks the tree, keeps caches of the option pools it builds.
private final class Run {
    let codeSet: CodeSet
    let kinds: Set<DrillKind>
    let distractorCount: Int
    var drills: [Drill] = []
    private var ids = Set<String>()
    private var pools: [String: [CodeEntry]] = [:]
    private var words: [String: Set<String>] = [:]
    private var paths: [String: [CodeEntry]] = [:]
    private var definitionOrders: [String: [[Int]]] = [:]
    private var wordings: [String: String] = [:]
    private var initialCodes: [String: CodeEntry?] = [:]
    /// The Excludes1 notes written at a code, with the codes each one names, by code.
    private var excludes1Cache: [String: [(text: String, source: String, targets: Set<String>)]] = [:]

    init(codeSet: CodeSet, kinds: Set<DrillKind>, distractorCount: Int) {
        self.codeSet = codeSet
        self.kinds = kinds
        self.distractorCount = distractorCount
    }

    func visit(_ entry: CodeEntry, block: CodeEntry?, category: CodeEntry?) {
        guard entry.seventhCharacter == nil else { return }
        let block = entry.kind == .block ? entry : block
        let category = entry.kind == .category ? entry : category
        if kinds.contains(.excludes1) { excludes1(at: entry) }
        if entry.isBillable {
            if kinds.contains(.term), let block { terms(of: entry, answer: entry, category: category, block: block) }
            return
        }
        if entry.needsSeventhCharacter {
            if kinds.contains(.term), let block, let initial = initialCode(of: entry) {
                terms(of: entry, answer: initial, category: category, block: block)
            }
            if kinds.contains(.seventh) { seventh(leaf: entry) }
            return
        }
        if kinds.contains(.specificity), entry.kind == .category || entry.kind == .subcategory {
            specificity(header: entry, category: category)
        }
        for child in codeSet.children(of: entry) { visit(child, block: block, category: category) }
    }

    // MARK: Inclusion terms

    private func terms(of owner: CodeEntry, answer: CodeEntry, category: CodeEntry?, block: CodeEntry) {
        let title = content(answer.seventhCharacter == nil ? answer.title : owner.title)
        for note in codeSet.ownNotes(of: owner) where note.kind == .inclusionTerm {
            let term = note.text.trimmingCharacters(in: .whitespaces)
            let termWords = Words.content(term)
            // Nearly the title: a matching exercise, not a coding one.
            guard !termWords.isEmpty, !termWords.isSubset(of: title) else { continue }
            let normalizedTerm = Words.all(term).joined(separator: " ")
            var pool = category.map { self.pool(under: $0, character: answer.seventhCharacter) } ?? []
            if pool.count <= distractorCount { pool = self.pool(under: block, character: answer.seventhCharacter) }
            let answerParent = tabularParent(of: answer)
            let ranked = rank(pool, answer: answer, words: termWords) { candidate in
                (self.tabularParent(of: candidate) == answerParent ? 2 : 0)
                    + (category.map { candidate.code.hasPrefix($0.code) } == true ? 1 : 0)
            }
            var chosen: [CodeEntry] = []
            for candidate in ranked where chosen.count < distractorCount {
                // A distractor whose title is the term in other words, or that lists the same term,
                // would be as right as the answer: left out. (Titles that add to the term's words,
                // "Lumbago with sciatica" for "Lumbago NOS", are the traps worth keeping.)
                if content(candidate.title) == termWords { continue }
                if listsTerm(normalizedTerm, candidate) { continue }
                chosen.append(candidate)
            }
            var stem = "Which code does the tabular list give for “\(term)”?"
            if let character = answer.seventhCharacter, let meaning = meaning(of: character, at: owner) {
                stem += " " + wording(meaning)
            }
            let rationale = "“\(term)” is an inclusion term of \(owner.code) \(owner.title)"
                + (answer.seventhCharacter == nil ? "." : "; with its 7th character: \(answer.code) \(answer.title).")
            add(.term, source: owner.code, identity: term, stem: stem, answer: answer,
                distractors: chosen.map { ($0, whyNot(option: $0, answer: answer)) },
                rationale: rationale, family: category?.code ?? block.code)
        }
    }

    /// Whether the candidate (or the leaf of a 7th-character code) lists this inclusion term.
    private func listsTerm(_ normalizedTerm: String, _ candidate: CodeEntry) -> Bool {
        let owner = candidate.seventhCharacter == nil ? candidate : (codeSet.parent(of: candidate) ?? candidate)
        if Words.all(owner.title).joined(separator: " ") == normalizedTerm { return true }
        return codeSet.ownNotes(of: owner).contains {
            $0.kind == .inclusionTerm && Words.all($0.text).joined(separator: " ") == normalizedTerm
        }
    }

    // MARK: Excludes1

    private func excludes1(at source: CodeEntry) {
        for note in codeSet.ownNotes(of: source) where note.kind == .excludes1 {
            let references = codeSet.references(in: note)
            guard references.count == 1, let reference = references.first, reference.isResolved, !reference.isQualified,
                  reference.targets.allSatisfy({ $0.kind != .chapter && $0.kind != .block }),
                  let answer = singleCode(reference.targets)
            else { continue }
            let condition = Self.condition(note.text)
            guard !condition.isEmpty, Words.codeMentions(condition).isEmpty, !Words.content(condition).isEmpty else { continue }
            let answerPath = codeSet.path(to: answer)
            guard !answerPath.contains(source) else { continue }
            let conditionWords = Words.content(condition)
            // A fragment read in its header's sense ("vascular NOS" under Nevus) is no question.
            guard conditionWords.count > 1 || !conditionWords.isDisjoint(with: content(answer.title)) else { continue }
            // The trap: the codes of the header whose note sends the condition elsewhere.
            let sourceCodes = source.isBillable ? [source] : pool(under: source, character: answer.seventhCharacter)
            let trap = rank(sourceCodes, answer: nil, words: conditionWords) { _ in 0 }
                .filter { $0.code != answer.code }.prefix(max(distractorCount - 1, 1))
            guard !trap.isEmpty else { continue }
            let answerParent = answerPath.dropLast().last { $0.seventhCharacter == nil && $0.code != answer.code && !$0.needsSeventhCharacter }
            let neighbours = answerParent.map { pool(under: $0, character: answer.seventhCharacter) } ?? []
            var chosen = Array(trap)
            let answerFamily = tabularParent(of: answer)
            let ranked = rank(neighbours, answer: answer, words: conditionWords) { candidate in
                self.tabularParent(of: candidate) == answerFamily ? 2 : 0
            }
            for candidate in ranked
            where chosen.count < distractorCount && !chosen.contains(candidate) {
                chosen.append(candidate)
            }
            let header = "Excludes1 at \(source.code) \(source.title): \(note.text)."
            let distractors = chosen.map { candidate -> (CodeEntry, String) in
                trap.contains(candidate)
                    ? (candidate, "\(header) \(candidate.code) is \(candidate.title); the condition is coded elsewhere, never here.")
                    : (candidate, whyNot(option: candidate, answer: answer))
            }
            // A note that reads on from its header ("while boarding or alighting" under Occupant of
            // streetcar injured by fall in streetcar) is quoted with the header it belongs to.
            let readsOn = Self.connectives.contains(Words.all(condition).first ?? "")
            var stem = readsOn
                ? "An Excludes1 note under “\(source.title)” names “\(condition)”."
                : "The record documents \(condition)."
            if let character = answer.seventhCharacter, let meaning = meaning(of: character, at: answer) {
                stem += " " + wording(meaning)
            }
            stem += readsOn ? " Which code does it send you to?" : " Which code do you report?"
            let rationale = "The Excludes1 note at \(source.code) (\(source.title)) sends \(condition) to "
                + "\(reference.text): \(answer.code) \(answer.title)."
            add(.excludes1, source: source.code, identity: source.code + "|" + note.text, stem: stem, answer: answer,
                distractors: distractors, rationale: rationale,
                family: answerPath.first { $0.kind == .category }?.code ?? source.code)
        }
    }

    /// Words an Excludes1 condition starts with when it reads on from its header's title.
    static let connectives: Set<String> = [
        "while", "with", "without", "in", "of", "due", "after", "during", "when", "by", "from", "for", "on", "at",
        "as", "following", "involving", "affecting", "to", "and", "or", "but", "not", "that", "which",
    ]

    /// The one billable code a reference stands for: a billable code, or a leaf that needs a
    /// 7th character (its initial encounter, A, where it has one); `nil` when it covers several.
    private func singleCode(_ targets: [CodeEntry]) -> CodeEntry? {
        guard targets.count == 1, let target = targets.first else { return nil }
        if target.isBillable { return target }
        if target.needsSeventhCharacter { return initialCode(of: target) }
        let beneath = codeSet.billableCodes(under: target)
        if beneath.count == 1 { return beneath[0] }
        return nil
    }

    /// A note's text without its parenthesised code references: "low back strain (S39.012)" →
    /// "low back strain".
    static func condition(_ text: String) -> String {
        var result = ""
        var depth = 0
        for character in text {
            if character == "(" { depth += 1; continue }
            if character == ")" { depth = max(depth - 1, 0); continue }
            if depth == 0 { result.append(character) }
        }
        let collapsed = result.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return collapsed.trimmingSuffix(while: { ",;:.- ".contains($0) })
    }

    // MARK: Specificity

    private func specificity(header: CodeEntry, category: CodeEntry?) {
        let children = codeSet.children(of: header)
        let answers: [(code: CodeEntry, leaf: CodeEntry)] = children.compactMap { child in
            if child.isBillable { return (child, child) }
            if child.needsSeventhCharacter, let initial = initialCode(of: child) { return (initial, child) }
            return nil
        }
        guard answers.count >= 2 else { return }
        let descriptions = answers.map { Words.distinguishing($0.leaf.title, from: header.title) }
        let keys = descriptions.map { $0.map { $0.lowercased() }.joined(separator: " ") }
        var counts: [String: Int] = [:]
        for key in keys { counts[key, default: 0] += 1 }
        let cousins = category.map { pool(under: $0, character: answers[0].code.seventhCharacter) } ?? []
        let answerCodes = Set(answers.map(\.code.code))
        for (index, answer) in answers.enumerated() {
            let key = keys[index]
            guard counts[key] == 1, Words.all(key).contains(where: { !["of", "and", "the", "with", "in", "or", "to"].contains($0) })
            else { continue }
            let descriptionWords = Set(Words.all(key).map(Words.stem))
            var chosen = rank(window(answers.map(\.code), around: answer.code), answer: answer.code, words: descriptionWords) { _ in 0 }
            chosen = Array(chosen.prefix(distractorCount))
            if chosen.count < distractorCount {
                for cousin in rank(window(cousins, around: answer.code), answer: answer.code, words: descriptionWords, closeness: { _ in 0 })
                where chosen.count < distractorCount && !chosen.contains(cousin) && !answerCodes.contains(cousin.code) {
                    chosen.append(cousin)
                }
            }
            var stem = "\(header.title): the record specifies \(Self.phrase(descriptions[index]))."
            if let character = answer.code.seventhCharacter, let meaning = meaning(of: character, at: answer.leaf) {
                stem += " " + wording(meaning)
            }
            stem += " Which billable code?"
            let rationale = "\(header.code) \(header.title) is a header; \(answer.code.code) \(answer.code.title) is its code for "
                + "\(descriptions[index].joined(separator: " "))."
            add(.specificity, source: header.code, identity: header.title + "|" + answer.leaf.title, stem: stem,
                answer: answer.code, distractors: chosen.map { ($0, whyNot(option: $0, answer: answer.code)) },
                rationale: rationale, family: category?.code ?? header.code)
        }
    }

    /// The distinguishing words as a phrase: "vertebrogenic"; "Unspecified" and "Other" alone
    /// are said in words, as the coding conventions mean them.
    static func phrase(_ words: [String]) -> String {
        let lowered = words.map { $0.lowercased() }
        if lowered == ["unspecified"] || lowered == ["nos"] { return "nothing more (no further detail is documented)" }
        if lowered == ["other"] || lowered == ["other", "specified"] {
            return "a specific kind that has no code of its own here"
        }
        return "“" + words.joined(separator: " ") + "”"
    }

    // MARK: 7th characters

    private func seventh(leaf: CodeEntry) {
        guard let definitions = codeSet.seventhCharacters(for: leaf), definitions.count >= 2 else { return }
        let codes = codeSet.children(of: leaf)
        guard codes.count == definitions.count else { return }
        let parent = codeSet.parent(of: leaf)
        for (index, definition) in definitions.enumerated() {
            let answer = codes[index]
            let others = closestDefinitions(definitions)[index]
            var chosen = others.prefix(distractorCount).map { (codes[$0], "\(codes[$0].code): 7th character \(definitions[$0].character) is “\(definitions[$0].meaning)”.") }
            // Fewer than three characters to choose from: the neighbouring codes with the same character.
            if chosen.count < 3, let parent {
                for neighbour in pool(under: parent, character: definition.character)
                where chosen.count < 3 && neighbour.code != answer.code && !chosen.contains(where: { $0.0 == neighbour }) {
                    chosen.append((neighbour, "\(neighbour.code) is \(neighbour.title)."))
                }
            }
            let stem = "\(leaf.title). \(wording(definition.meaning)) Which code, 7th character included?"
            let placeholder = answer.code.count - leaf.code.count > 1
                ? " X fills the empty places so that the 7th character stands 7th: \(answer.code)." : ""
            let rationale = "\(leaf.code) takes a 7th character; \(definition.character) is “\(definition.meaning)”.\(placeholder)"
            add(.seventh, source: leaf.code, identity: leaf.title + "|" + definition.meaning, stem: stem, answer: answer,
                distractors: chosen, rationale: rationale, family: leaf.code)
        }
    }

    /// For each definition, the others, those sharing most words with it first (malunion of a
    /// closed fracture: nonunion, delayed and routine healing of a closed fracture). The same
    /// definitions recur under many leaves, so each list is worked out once.
    private func closestDefinitions(_ definitions: [SeventhCharacter]) -> [[Int]] {
        let key = definitions.map { "\($0.character)=\($0.meaning)" }.joined(separator: "|")
        if let cached = definitionOrders[key] { return cached }
        let words = definitions.map { Set(Words.all($0.meaning)) }
        let orders = definitions.indices.map { index in
            definitions.indices.filter { $0 != index }.sorted { lhs, rhs in
                let left = words[index].intersection(words[lhs]).count, right = words[index].intersection(words[rhs]).count
                return left != right ? left > right : lhs < rhs
            }
        }
        definitionOrders[key] = orders
        return orders
    }

    // MARK: Building blocks

    /// ``EncounterWording/describe(_:)``, once per definition.
    private func wording(_ meaning: String) -> String {
        if let cached = wordings[meaning] { return cached }
        let described = EncounterWording.describe(meaning)
        wordings[meaning] = described
        return described
    }

    /// The billable codes at or beneath `scope`, one per leaf: codes formed with a 7th character
    /// only with `character` (initial encounter, A, when none is asked for, else the first).
    private func pool(under scope: CodeEntry, character: Character?) -> [CodeEntry] {
        let key = scope.code + "|" + (character.map(String.init) ?? "")
        if let cached = pools[key] { return cached }
        var result: [CodeEntry] = []
        var leafChoice: [String: CodeEntry] = [:]
        var leafOrder: [String] = []
        for code in codeSet.billableCodes(under: scope) {
            guard let seventh = code.seventhCharacter else {
                result.append(code)
                continue
            }
            let leaf = String(code.code.dropLast())
            if character != nil {
                if seventh == character { result.append(code) }
                continue
            }
            if leafChoice[leaf] == nil {
                leafOrder.append(leaf)
                result.append(code)
                leafChoice[leaf] = code
            } else if seventh == "A", let previous = leafChoice[leaf], let position = result.firstIndex(of: previous) {
                result[position] = code
                leafChoice[leaf] = code
            }
        }
        pools[key] = result
        return result
    }

    /// The codes of a pool within `radius` places of `answer` (the whole pool when the answer is
    /// not in it and the pool is small; else its start), so that ranking stays cheap in large
    /// categories and prefers near neighbours.
    private func window(_ pool: [CodeEntry], around answer: CodeEntry, radius: Int = 24) -> [CodeEntry] {
        guard pool.count > radius * 2 + 1 else { return pool }
        guard let index = pool.firstIndex(where: { $0.code == answer.code }) else { return Array(pool.prefix(radius * 2 + 1)) }
        return Array(pool[max(index - radius, 0)..<min(index + radius + 1, pool.count)])
    }

    /// Candidates ranked by how many meaningful words their title shares with the question, then
    /// how close they sit to the answer (``closeness`` and tabular distance).
    private func rank(_ candidates: [CodeEntry], answer: CodeEntry?, words: Set<String>,
                      closeness: (CodeEntry) -> Int) -> [CodeEntry] {
        let answerIndex = answer.flatMap { answer in candidates.firstIndex { $0.code == answer.code } }
        var scored: [(entry: CodeEntry, score: Int, distance: Int)] = []
        for (index, candidate) in candidates.enumerated() where candidate.code != answer?.code {
            let score = content(candidate.title).intersection(words).count * 4 + closeness(candidate)
            let distance = answerIndex.map { abs($0 - index) } ?? index
            scored.append((candidate, score, distance))
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.distance < $1.distance }
        return scored.map(\.entry)
    }

    /// ``TabularWhyNot``'s why-not, with the notes of each level read once per generation.
    private func whyNot(option: CodeEntry, answer: CodeEntry) -> String {
        let optionPath = path(to: option), answerPath = path(to: answer)
        let optionCodes = Set(optionPath.map(\.code)), answerCodes = Set(answerPath.map(\.code))
        let note = optionPath.lazy.flatMap { self.excludes1Notes(at: $0) }.first { !$0.targets.isDisjoint(with: answerCodes) }
            ?? answerPath.lazy.flatMap { self.excludes1Notes(at: $0) }.first { !$0.targets.isDisjoint(with: optionCodes) }
        return TabularWhyNot.text(option: option, excludes1: note.map { ($0.text, $0.source) })
    }

    private func path(to entry: CodeEntry) -> [CodeEntry] {
        if let cached = paths[entry.code] { return cached }
        // A code formed with a 7th character sits under its leaf: one walk up per leaf.
        let computed = entry.seventhCharacter != nil
            ? codeSet.parent(of: entry).map { path(to: $0) + [entry] } ?? [entry]
            : codeSet.path(to: entry)
        paths[entry.code] = computed
        return computed
    }

    private func excludes1Notes(at level: CodeEntry) -> [(text: String, source: String, targets: Set<String>)] {
        if let cached = excludes1Cache[level.code] { return cached }
        let notes = codeSet.ownNotes(of: level).filter { $0.kind == .excludes1 }.map { note in
            (text: note.text, source: level.code,
             targets: Set(codeSet.references(in: note).flatMap { $0.targets.map(\.code) }))
        }
        excludes1Cache[level.code] = notes
        return notes
    }

    private func content(_ title: String) -> Set<String> {
        if let cached = words[title] { return cached }
        let computed = Words.content(title)
        words[title] = computed
        return computed
    }

    private func tabularParent(of entry: CodeEntry) -> String? {
        let leaf = entry.seventhCharacter == nil ? entry : codeSet.parent(of: entry)
        return leaf.flatMap { codeSet.parent(of: $0)?.code }
    }

    /// A leaf's code with 7th character A (initial encounter), or its first character.
    private func initialCode(of leaf: CodeEntry) -> CodeEntry? {
        if let cached = initialCodes[leaf.code] { return cached }
        let codes = codeSet.children(of: leaf)
        let initial = codes.first { $0.seventhCharacter == "A" } ?? codes.first
        initialCodes[leaf.code] = initial
        return initial
    }

    private func meaning(of character: Character, at entry: CodeEntry) -> String? {
        codeSet.seventhCharacters(for: entry)?.first { $0.character == character }?.meaning
    }

    private func add(_ kind: DrillKind, source: String, identity: String, stem: String, answer: CodeEntry,
                     distractors: [(CodeEntry, String)], rationale: String, family: String) {
        var seen: Set<String> = [answer.code]
        let options = distractors.filter { $0.0.isBillable && seen.insert($0.0.code).inserted }.prefix(distractorCount)
        guard options.count >= 2 else { return }
        let optionKeys = ([answer.code] + options.map(\.0.code)).map(CodeNormalizer.key)
        let leaks = Words.codeMentions(stem).map(CodeNormalizer.key).contains { mention in
            optionKeys.contains { $0.hasPrefix(mention) || mention.hasPrefix($0) }
        }
        guard !leaks else { return }
        let id = "drill/\(kind.rawValue)/\(answer.code)/\(Words.shortHash(identity))"
        guard ids.insert(id).inserted else { return }
        let item = QuizItem(cardID: id, bank: DrillGenerator.bank, stem: stem, answer: [answer.code],
                            distractors: options.map { QuizItem.Distractor(code: $0.0.code, whyNot: $0.1) },
                            rationale: rationale, family: "drill:" + family, tags: ["drill", kind.rawValue])
        drills.append(Drill(kind: kind, item: item, source: source))
    }
}
