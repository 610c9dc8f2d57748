import CodeSet
import Foundation

/// Checks banks against the format's rules and the official code set (see QuestionBanks/README.md).
public struct Linter: Sendable {
    public let codeSet: CodeSet
    /// What changed between the release a bank names (`codeset:`) and ``codeSet``, by the
    /// bank's release: with it, lint says which items the new release breaks and what replaces
    /// them (`quiz lint --codeset NEW`).
    public var releaseChanges: [String: CodeSetDiff]

    public init(codeSet: CodeSet, releaseChanges: [String: CodeSetDiff] = [:]) {
        self.codeSet = codeSet
        self.releaseChanges = releaseChanges
    }

    /// Loads and checks every bank under the paths; problems sorted by file and line.
    public func lint(paths: [String]) throws(BankLoadError) -> (files: [String], problems: [LintProblem]) {
        let loaded = try BankLoader().load(paths: paths)
        return (loaded.files, lint(loaded))
    }

    /// The loader's problems plus those found in the banks that loaded.
    public func lint(_ loaded: LoadedBanks) -> [LintProblem] {
        var problems = loaded.problems
        var banksByID: [String: Bank] = [:]
        for bank in loaded.banks {
            if let other = banksByID[bank.id] {
                problems.append(LintProblem(file: bank.file, line: bank.lines["bank"], message:
                    "bank id \"\(bank.id)\" is also used by \(other.file): bank ids must be unique (card ids start with them)"))
            } else {
                banksByID[bank.id] = bank
            }
            let loadProblems = loaded.problems.filter { $0.file == bank.file }
            problems += lint(bank, hasSchemaErrors: loadProblems.hasErrors)
        }
        return problems.sortedByLocation()
    }

    /// The problems of one loaded bank.
    public func lint(_ bank: Bank, hasSchemaErrors: Bool = false) -> [LintProblem] {
        var check = BankCheck(bank: bank, codeSet: codeSet, changes: releaseChanges[bank.codeSetRelease].map(ReleaseChanges.init))
        check.run()
        let build = CaseBuilder(codeSet: codeSet).build(bank)
        for note in build.notes {
            switch note.kind {
            case let .leakRemoved(sentences):
                // Only page examples get here (a hand-written stem's leak is an error already).
                guard bank.cases.allSatisfy({ $0.id != note.caseID }) else { continue }
                let quoted = sentences.map { "\"\(Self.shortened($0))\"" }.joined(separator: ", ")
                check.add(note.line, .warning, nil, "example \(note.caseID) names its answer or an option: "
                          + "the case built from it leaves out \(quoted)")
            case let .skipped(reason) where !check.problems.hasErrors && !hasSchemaErrors:
                check.add(note.line, .error, nil, "no case can be built from \(note.caseID): \(reason)")
            default:
                continue
            }
        }
        return check.problems
    }

    static func shortened(_ text: String, limit: Int = 80) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}

/// The checks of one bank, collecting problems.
/// A release diff indexed by code.
struct ReleaseChanges {
    let diff: CodeSetDiff
    let replaced: [String: CodeSetDiff.Replaced]
    let retitled: [String: CodeSetDiff.Retitled]

    init(_ diff: CodeSetDiff) {
        self.diff = diff
        replaced = Dictionary(diff.replaced.map { (CodeNormalizer.key($0.code), $0) }, uniquingKeysWith: { first, _ in first })
        retitled = Dictionary(diff.retitled.map { (CodeNormalizer.key($0.code), $0) }, uniquingKeysWith: { first, _ in first })
    }
}

struct BankCheck {
    let bank: Bank
    let codeSet: CodeSet
    var changes: ReleaseChanges?
    var problems: [LintProblem] = []

    mutating func add(_ line: Int, _ severity: LintProblem.Severity = .error, _ code: String?, _ message: String) {
        problems.append(LintProblem(file: bank.file, line: line, severity: severity, code: code, message: message))
    }

    mutating func run() {
        if !bank.codeSetRelease.isEmpty, bank.codeSetRelease != codeSet.metadata.release {
            add(bank.lines["codeset"], .warning, nil, "the bank was written for ICD-10-CM \(bank.codeSetRelease); "
                + "it is checked against the \(codeSet.metadata.release) release (update `codeset:` once it is reviewed)")
        }
        var ids: [String: Int] = [:]
        var stems: [String: (String, Int)] = [:]
        func register(id: String, line: Int, stem: String, answer: [String], into problems: inout BankCheck) {
            if let first = ids[id] {
                problems.add(line, .error, nil, "case id \"\(id)\" is used twice (first at line \(first)): ids must be unique within a bank")
            } else {
                ids[id] = line
            }
            let key = stem.normalizedForComparison + "@" + answer.map { CodeNormalizer.key($0) }.joined(separator: "+")
            if let (other, otherLine) = stems[key] {
                problems.add(line, .error, nil, "case \(id) repeats case \(other) (line \(otherLine)): same stem, same answer")
            } else {
                stems[key] = (id, line)
            }
        }
        for page in bank.pages {
            checkPage(page)
            for example in page.examples {
                register(id: example.caseID(pageCode: page.code), line: example.lines.start, stem: example.text,
                         answer: example.answer ?? [page.code], into: &self)
            }
        }
        for handWritten in bank.cases {
            checkCase(handWritten)
            register(id: handWritten.id, line: handWritten.lines.start, stem: handWritten.stem,
                     answer: handWritten.answer, into: &self)
        }
        for (text, line) in allTexts() where text.contains("\u{FFFD}") {
            add(line, .warning, nil, "a text contains U+FFFD (a character lost in an encoding conversion): fix the text")
        }
    }

    // MARK: Pages

    mutating func checkPage(_ page: CodePage) {
        let entry = checkCode(page.code, line: page.lines["code"], role: "the page's code", billable: false)
        if let entry {
            if let title = page.title { checkTitle(title, of: entry, line: page.lines["title"]) }
            if let claim = page.billable, claim != entry.isBillable {
                add(page.lines["billable"], .error, page.code, claim
                    ? "the page says \(entry.code) is billable; it is not: \(beneath(entry))"
                    : "the page says \(entry.code) is not billable; it is (write `billable: true`)")
            }
            if !entry.isBillable, page.examples.contains(where: { $0.answer == nil }) {
                add(page.lines["code"], .error, page.code, "\(entry.code) is not billable, so it cannot be the answer "
                    + "of this page's examples: set `answer:` on each example (\(beneath(entry)))")
            }
        }
        var seen: [String: Int] = [:]
        for differential in page.differentials {
            let line = differential.lines["code"]
            if let first = seen[CodeNormalizer.key(differential.code)] {
                add(line, .error, differential.code, "differential \(differential.code) is listed twice (first at line \(first))")
            }
            seen[CodeNormalizer.key(differential.code)] = line
            if CodeNormalizer.key(differential.code) == CodeNormalizer.key(page.code) {
                add(line, .error, differential.code, "differential \(differential.code) is the page's own code")
            }
            if let entry = checkCode(differential.code, line: line, role: "differential", billable: true),
               let title = differential.title {
                checkTitle(title, of: entry, line: differential.lines["title"])
            }
        }
        for example in page.examples {
            let id = example.caseID(pageCode: page.code)
            for code in example.answer ?? [] {
                _ = checkCode(code, line: example.lines["answer"], role: "answer of \(id)", billable: true)
                if page.differentials.contains(where: { CodeNormalizer.key($0.code) == CodeNormalizer.key(code) }) {
                    add(example.lines["answer"], .warning, code, "\(code), the answer of \(id), is also a differential "
                        + "of the page: it is left out of that case's distractors")
                }
            }
            if example.rationale == nil, page.overview == nil {
                add(example.lines.start, .error, nil, "example \(id) has no rationale: write `rationale:` "
                    + "(or an `overview:` for the page, whose first sentences serve as one)")
            }
        }
    }

    // MARK: Hand-written cases

    mutating func checkCase(_ handWritten: HandWrittenCase) {
        let answerLine = handWritten.lines["answer"]
        var answers: [CodeEntry] = []
        for code in handWritten.answer {
            if let entry = checkCode(code, line: answerLine, role: "answer", billable: true) {
                if answers.contains(entry) { add(answerLine, .error, code, "the answer lists \(entry.code) twice") }
                answers.append(entry)
            }
        }
        if handWritten.distractors.count < 2 {
            add(handWritten.lines["distractors"], .error, nil, "case \(handWritten.id) has \(handWritten.distractors.count) "
                + "distractor\(handWritten.distractors.count == 1 ? "" : "s"); it needs at least 2 (3 or more recommended)")
        }
        var seen: [String: Int] = [:]
        for distractor in handWritten.distractors {
            let line = distractor.lines["code"]
            let key = CodeNormalizer.key(distractor.code)
            if handWritten.answer.contains(where: { CodeNormalizer.key($0) == key }) {
                add(line, .error, distractor.code, "distractor \(distractor.code) is the answer of case \(handWritten.id)")
            } else if let first = seen[key] {
                add(line, .error, distractor.code, "distractor \(distractor.code) is listed twice (first at line \(first))")
            }
            seen[key] = line
            if let entry = checkCode(distractor.code, line: line, role: "distractor", billable: true),
               let title = distractor.title {
                checkTitle(title, of: entry, line: distractor.lines["title"])
            }
        }
        let options = handWritten.answer + handWritten.distractors.map(\.code)
        let leaked = AnswerLeaks.leakedCodes(options, in: handWritten.stem)
        if !leaked.isEmpty {
            add(handWritten.lines["stem"], .error, leaked.first, "the stem of \(handWritten.id) names "
                + leaked.joined(separator: ", ") + ", a code shown as a choice: it gives the answer away (remove it)")
        }
    }

    // MARK: Codes and titles

    /// Looks a code up, reporting an unknown code (with suggestions), a non-billable one where a
    /// billable one is needed, and a code not written as the code book prints it.
    mutating func checkCode(_ code: String, line: Int, role: String, billable: Bool) -> CodeEntry? {
        if let changes, let replaced = changes.replaced[CodeNormalizer.key(code)] {
            let release = "ICD-10-CM \(changes.diff.newRelease)"
            let codes = replaced.replacements.prefix(6).map { "\($0.code) (\($0.title))" }.joined(separator: ", ")
            let more = replaced.replacements.count > 6 ? " and \(replaced.replacements.count - 6) more" : ""
            switch replaced.change {
            case .deleted:
                add(line, .error, code, "\(role) \(replaced.code) (\(replaced.oldTitle)) was deleted in \(release)"
                    + (codes.isEmpty ? " (quiz lookup the condition to find its new code)" : "; nearest codes: \(codes)\(more)"))
            case .becameHeader:
                add(line, .error, code, "\(role) \(replaced.code) (\(replaced.oldTitle)) is a header in \(release), "
                    + "no longer billable: " + (codes.isEmpty ? "no billable code lies beneath it" : "use \(codes)\(more)"))
            }
            return nil
        }
        switch codeSet.lookup(code) {
        case let .failure(invalid):
            var message = "\(role) \(invalid.description)"
            if !invalid.suggestions.isEmpty {
                message += "; did you mean " + invalid.suggestions.prefix(5).map { "\($0.code) (\($0.title))" }
                    .joined(separator: ", ") + "?"
            }
            add(line, .error, code, message)
            return nil
        case let .success(entry):
            if entry.kind == .chapter || entry.kind == .block {
                add(line, .error, code, "\(role) \(entry.code) is a range of the tabular (\(entry.title)), not a code: "
                    + beneath(entry))
                return nil
            }
            if billable, !entry.isBillable {
                add(line, .error, code, "\(role) \(entry.code) (\(entry.title)) is not billable: \(beneath(entry))")
            } else if code != entry.code {
                add(line, .warning, code, "write \(code) as the code book prints it: \(entry.code)")
            }
            return entry
        }
    }

    /// "use one of M54.50 (…), M54.51 (…)", naming the billable codes beneath a header.
    func beneath(_ entry: CodeEntry) -> String {
        // The codes nearest the header first (M47.9 before M47.011), in tabular order otherwise.
        let codes = codeSet.billableCodes(under: entry).enumerated()
            .sorted { ($0.element.code.count, $0.offset) < ($1.element.code.count, $1.offset) }.map(\.element)
        guard !codes.isEmpty else { return "no billable code lies beneath it" }
        let shown = codes.prefix(6).map { "\($0.code) (\($0.title))" }.joined(separator: ", ")
        let more = codes.count > 6 ? " and \(codes.count - 6) more (quiz lookup \(entry.code))" : ""
        return codes.count == 1 ? "use \(shown)" : "use one of \(shown)\(more)"
    }

    mutating func checkTitle(_ title: String, of entry: CodeEntry, line: Int) {
        let written = title.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard written != entry.title else { return }
        if let changes, let retitled = changes.retitled[CodeNormalizer.key(entry.code)], written == retitled.oldTitle {
            add(line, .error, entry.code, "\(entry.code) was retitled in ICD-10-CM \(changes.diff.newRelease): "
                + "\"\(retitled.oldTitle)\" is now \"\(retitled.newTitle)\"")
            return
        }
        add(line, .error, entry.code, "the title written for \(entry.code), \"\(title)\", is not its official title: "
            + "\"\(entry.title)\"")
    }

    /// Every text of the bank with its line.
    func allTexts() -> [(String, Int)] {
        var texts: [(String, Int)] = [(bank.title, bank.lines["title"])]
        if let description = bank.description { texts.append((description, bank.lines["description"])) }
        for page in bank.pages {
            texts += [page.title, page.overview].compactMap { $0 }.map { ($0, page.lines.start) }
            texts += (page.redFlags + page.documentation).map { ($0, page.lines.start) }
            texts += page.differentials.map { ($0.whyNot, $0.lines.start) }
            for example in page.examples {
                texts.append((example.text, example.lines["text"]))
                if let rationale = example.rationale { texts.append((rationale, example.lines["rationale"])) }
            }
        }
        for handWritten in bank.cases {
            texts += [(handWritten.stem, handWritten.lines["stem"]), (handWritten.rationale, handWritten.lines["rationale"])]
            texts += handWritten.distractors.map { ($0.whyNot, $0.lines.start) }
        }
        return texts
    }
}
