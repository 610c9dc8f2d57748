import CodeSet
import Foundation
import QuestionBank

/// Banks as GIFT, Moodle's question format (QuestionBanks/README.md, "GIFT").
///
/// Export: one multiple-choice question per case, under a `$CATEGORY:` naming the ICD-10-CM
/// chapter and block of its answer:
///
///     ::case-id::Stem {
///     =M54.50 Low back pain, unspecified#Correct.
///     ~M54.59 Other low back pain#why not
///     ####rationale
///     }
///
/// Import: multiple-choice questions whose options start with a code become cases; every other
/// question type is reported as skipped, with its line.
public enum GIFTFormat {
    /// Characters GIFT gives a meaning to; written with a backslash in front inside texts.
    static let special: Set<Character> = ["~", "=", "#", "{", "}", ":"]

    // MARK: Export

    public static func export(_ banks: [ExportedBank], codeSet: CodeSet) -> String {
        var out = ""
        for bank in banks {
            out += "// quiz bank: \(bank.id)\n"
            out += "// title: \(oneLine(bank.title))\n"
            out += "// codeset: \(bank.codeSetRelease)\n"
            out += "// Exported by `quiz export gift`: \(bank.cases.count) multiple-choice question"
                + "\(bank.cases.count == 1 ? "" : "s"). Moodle: Question bank › Import › GIFT format.\n\n"
            var category: String?
            for item in bank.cases {
                let path = categoryPath(item, codeSet: codeSet)
                if path != category {
                    out += "$CATEGORY: \(path)\n\n"
                    category = path
                }
                out += question(item) + "\n"
            }
        }
        return out
    }

    /// `$course$/ICD-10-CM/<chapter>/<block>` of the case's (first) answer code; `/` in a
    /// name is doubled, as Moodle reads category paths.
    static func categoryPath(_ item: Case, codeSet: CodeSet) -> String {
        var parts = ["ICD-10-CM"]
        if let answer = item.answer.first, let placement = Placement(code: answer, in: codeSet) {
            parts.append(placement.chapterLabel)
            if let block = placement.blockLabel { parts.append(block) }
        }
        return "$course$/" + parts.map { oneLine($0).replacingOccurrences(of: "/", with: "//") }.joined(separator: "/")
    }

    static func question(_ item: Case) -> String {
        var out = ""
        if !item.tags.isEmpty { out += "// tags: \(item.tags.map(oneLine).joined(separator: ", "))\n" }
        out += "::\(escape(item.id))::\(escape(item.stem)) {\n"
        let answer = zip(item.answer, item.answerTitles).map { "\($0) \($1)" }.joined(separator: " + ")
        out += "=\(escape(answer))#Correct.\n"
        for option in item.distractors {
            out += "~\(escape("\(option.code) \(option.title)"))#\(escape(option.whyNot))\n"
        }
        out += "####\(escape(item.rationale))\n}\n"
        return out
    }

    /// GIFT's escapes: a backslash before `~ = # { } :` and before itself, `\n` for a line break.
    public static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            if character == "\\" {
                out += "\\\\"
            } else if special.contains(character) {
                out += "\\\(character)"
            } else if character == "\n" || character == "\r\n" {
                out += "\\n"
            } else if character != "\r" {
                out.append(character)
            }
        }
        return out
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    // MARK: Import

    public static func importBank(data: Data, file: String, bankID: String?, title: String?,
                                  codeSetRelease: String, codeSet: CodeSet) throws(FormatError) -> ImportResult {
        let text = try InputText.decode(data, file: file)
        var reader = Reader(file: file, codeSet: codeSet)
        try reader.read(text)
        if reader.cases.isEmpty, !reader.problems.hasErrors {
            let skipped = reader.problems.count
            throw FormatError(file: file, line: 0, message: skipped == 0
                ? "no GIFT question found (questions are separated by blank lines; a multiple-choice question is "
                    + "`Stem { =right ~wrong #why not }`)"
                : "none of its \(skipped) question\(skipped == 1 ? "" : "s") is multiple choice: nothing to import")
        }
        let id = bankID ?? reader.header["quiz bank"].flatMap { Identifier.isValid($0) ? $0 : nil }
            ?? Identifier.bank(fromFile: file)
        let bank = Bank(id: id, title: title ?? reader.header["title"] ?? "Imported from \((file as NSString).lastPathComponent)",
                        codeSetRelease: reader.header["codeset"] ?? codeSetRelease,
                        description: "Imported from \((file as NSString).lastPathComponent) by quiz import gift.",
                        cases: reader.cases)
        return ImportResult(bank: bank, problems: reader.problems)
    }

    /// One pass over a GIFT file.
    struct Reader {
        let file: String
        let codeSet: CodeSet
        var cases: [HandWrittenCase] = []
        var problems: [LintProblem] = []
        /// `// quiz bank: …`, `// title: …`, `// codeset: …` as quiz writes them.
        var header: [String: String] = [:]
        var pendingTags: [String] = []
        var usedIDs: Set<String> = []

        init(file: String, codeSet: CodeSet) {
            self.file = file
            self.codeSet = codeSet
        }

        mutating func warn(_ line: Int, _ message: String) {
            problems.append(LintProblem(file: file, line: line, severity: .warning, message: message))
        }

        mutating func error(_ line: Int, _ message: String) {
            problems.append(LintProblem(file: file, line: line, severity: .error, message: message))
        }

        mutating func read(_ text: String) throws(FormatError) {
            var block: [String] = [], blockStart = 0
            let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            for (offset, raw) in lines.enumerated() {
                let number = offset + 1
                let line = String(raw)
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("//") {
                    comment(trimmed.dropFirst(2).trimmingCharacters(in: .whitespaces), line: number)
                    continue
                }
                // A blank line ends a question, as in Moodle (even inside unclosed braces).
                if trimmed.isEmpty {
                    if !block.isEmpty { try question(block, line: blockStart) }
                    block = []
                    continue
                }
                if block.isEmpty { blockStart = number }
                block.append(line)
            }
            if !block.isEmpty { try question(block, line: blockStart) }
        }

        mutating func comment(_ text: String, line: Int) {
            for key in ["quiz bank", "title", "codeset"] where text.hasPrefix(key + ":") {
                let value = text.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces)
                if key == "quiz bank", let existing = header[key], existing != value {
                    warn(line, "a second bank (\(value)) begins here; its questions join bank \(existing) "
                         + "(export one bank per file to keep them apart)")
                    return
                }
                if header[key] == nil { header[key] = value }
            }
            if text.hasPrefix("tags:") {
                pendingTags = text.dropFirst(5).split(separator: ",")
                    .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
        }

        // MARK: One question

        mutating func question(_ lines: [String], line start: Int) throws(FormatError) {
            defer { pendingTags = [] }
            var lines = lines
            if lines[0].trimmingCharacters(in: .whitespaces).hasPrefix("$CATEGORY:") {
                lines.removeFirst()
                if lines.isEmpty { return }
                return try question(lines, line: start + 1)
            }
            let text = Array(lines.joined(separator: "\n"))
            func lineAt(_ index: Int) -> Int { start + text[..<min(index, text.count)].filter { $0 == "\n" }.count }
            var position = 0
            while position < text.count, text[position].isWhitespace { position += 1 }
            var title: String?
            if Self.matches(text, "::", at: position) {
                guard let close = Self.find("::", in: text, from: position + 2) else {
                    throw FormatError(file: file, line: lineAt(position), message: "the question title opened with :: "
                                      + "is never closed with :: (write \\: for a colon inside it)")
                }
                title = Self.clean(Array(text[(position + 2)..<close]), html: false)
                position = close + 2
            }
            var html = false
            while position < text.count, text[position].isWhitespace { position += 1 }
            if text[position...].starts(with: "[") , let close = text[position...].firstIndex(of: "]"), close - position <= 10 {
                let format = String(text[(position + 1)..<close]).lowercased()
                if ["html", "moodle", "plain", "markdown"].contains(format) {
                    html = format == "html"
                    position = close + 1
                }
            }
            let label = title.map { "question \"\($0)\"" } ?? "the question"
            guard let open = Self.find("{", in: text, from: position) else {
                warn(start, "\(label) is a description (no answers in { }): skipped")
                return
            }
            guard let close = Self.find("}", in: text, from: open + 1) else {
                throw FormatError(file: file, line: lineAt(open), message: "the answers opened with { are never closed with } "
                                  + "(write \\{ and \\} for braces inside a text)")
            }
            if let stray = Self.find("{", in: text, from: open + 1), stray < close {
                throw FormatError(file: file, line: lineAt(stray), message: "a { inside the answers of \(label): "
                                  + "write \\{ for a brace inside a text")
            }
            if let extra = Self.find("{", in: text, from: close + 1) {
                warn(lineAt(extra), "\(label) has a second answer block: skipped (quiz imports one multiple-choice "
                     + "question per block)")
                return
            }
            let before = Self.clean(Array(text[position..<open]), html: html)
            let after = Self.clean(Array(text[(close + 1)...]), html: html)
            // A "missing word" question keeps its blank; a question that starts with its answer
            // block has no text before the blank.
            let stem = after.isEmpty ? before : [before, "_____", after].filter { !$0.isEmpty }.joined(separator: " ")
            let body = Array(text[(open + 1)..<close])
            let bodyStart = open + 1
            try answers(body, bodyStart: bodyStart, lineAt: lineAt, stem: stem, title: title, label: label,
                        html: html, start: start)
        }

        mutating func answers(_ body: [Character], bodyStart: Int, lineAt: (Int) -> Int, stem: String, title: String?,
                              label: String, html: Bool, start: Int) throws(FormatError) {
            let trimmed = String(body).trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { return warn(start, "\(label) is an essay question ({}): skipped") }
            if trimmed.hasPrefix("#") { return warn(start, "\(label) is a numeric question: skipped") }
            let head = trimmed.prefix { $0 != "#" }.trimmingCharacters(in: .whitespaces).uppercased()
            if ["T", "F", "TRUE", "FALSE"].contains(head) { return warn(start, "\(label) is a true/false question: skipped") }
            // General feedback: after an unescaped ####.
            var itemsEnd = body.count
            var general: String?
            if let marker = Self.find("####", in: body, from: 0) {
                itemsEnd = marker
                general = Self.clean(Array(body[(marker + 4)...]), html: html)
            }
            // Items start at unescaped = or ~.
            struct Item {
                var marker: Character
                var start: Int
                var raw: [Character]
            }
            var items: [Item] = []
            var index = 0, escaped = false
            var leading: [Character] = []
            while index < itemsEnd {
                let character = body[index]
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "=" || character == "~" {
                    items.append(Item(marker: character, start: index, raw: []))
                    index += 1
                    continue
                }
                if items.isEmpty { leading.append(character) } else { items[items.count - 1].raw.append(character) }
                index += 1
            }
            guard items.isEmpty || String(leading).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw FormatError(file: file, line: lineAt(bodyStart), message: "text before the first = or ~ in the answers "
                                  + "of \(label) (write \\= or \\~ for those characters inside a text)")
            }
            if items.isEmpty { return warn(start, "\(label) has no = or ~ answers: skipped") }
            if items.contains(where: { $0.marker == "=" && Self.find("->", in: $0.raw, from: 0) != nil }) {
                return warn(start, "\(label) is a matching question: skipped")
            }
            let wrong = items.filter { $0.marker == "~" }
            if wrong.isEmpty { return warn(start, "\(label) is a short-answer question (only = answers): skipped") }
            // Weights: ~%100% is right, ~%50% partial (multiple answer), ~%-25% wrong.
            var right: [Item] = [], distractors: [Item] = []
            var partial = false
            for var item in items {
                var weight: Double?
                let lead = item.raw.prefix { $0.isWhitespace }.count
                if lead < item.raw.count, item.raw[lead] == "%",
                   let end = item.raw[(lead + 1)...].firstIndex(of: "%") {
                    weight = Double(String(item.raw[(lead + 1)..<end]))
                    item.raw = Array(item.raw[(end + 1)...])
                }
                if item.marker == "=" || (weight ?? 0) >= 100 {
                    right.append(item)
                } else if let weight, weight > 0 {
                    partial = true
                } else {
                    distractors.append(item)
                }
            }
            if right.isEmpty || partial {
                return warn(start, "\(label) is a multiple-answer question (partial credit, no single = answer): skipped")
            }
            if right.count > 1 {
                return warn(start, "\(label) has \(right.count) right answers; quiz cases have one (list the codes of a "
                            + "multi-code answer in one option, joined by +): skipped")
            }
            // One multiple-choice question.
            var failed = false
            func split(_ item: Item) -> (text: String, feedback: String?) {
                if let hash = Self.find("#", in: item.raw, from: 0) {
                    return (Self.clean(Array(item.raw[..<hash]), html: html), Self.clean(Array(item.raw[(hash + 1)...]), html: html))
                }
                return (Self.clean(item.raw, html: html), nil)
            }
            let (answerText, answerFeedback) = split(right[0])
            let answer = OptionText.parse(answerText)
            if answer == nil {
                error(lineAt(bodyStart + right[0].start), "the right answer \"\(answerText)\" of \(label) does not start with "
                      + "an ICD-10-CM code (write e.g. \"M54.50 Low back pain, unspecified\" or \"M54.50\")")
                failed = true
            }
            var built: [Distractor] = []
            for item in distractors {
                let (optionText, feedback) = split(item)
                let line = lineAt(bodyStart + item.start)
                guard let parsed = OptionText.parse(optionText), parsed.codes.count == 1 else {
                    error(line, "the option \"\(optionText)\" of \(label) does not start with an ICD-10-CM code "
                          + "(write e.g. \"M54.59 Other low back pain\" or \"M54.59\"; one code per wrong option)")
                    failed = true
                    continue
                }
                var whyNot = feedback ?? ""
                if whyNot.isEmpty {
                    if let answer, let generated = generatedWhyNot(parsed.codes[0], answer.codes[0]) {
                        whyNot = generated
                        warn(line, "the option \(parsed.codes[0]) of \(label) has no # feedback: quiz wrote a why-not "
                             + "from the tabular; rewrite it as why the code is wrong here")
                    } else {
                        error(line, "the option \(parsed.codes[0]) of \(label) has no # feedback saying why it is wrong")
                        failed = true
                    }
                }
                built.append(Distractor(code: parsed.codes[0], title: parsed.title, whyNot: whyNot))
            }
            var rationale = general ?? ""
            if let answerFeedback, !Self.isBareAcknowledgement(answerFeedback) {
                rationale = rationale.isEmpty ? answerFeedback : answerFeedback + " " + rationale
            }
            if rationale.isEmpty, let answer {
                let titles = answer.codes.compactMap { code in codeSet.entry(code).map { "\($0.code) is \($0.title)." } }
                if titles.count == answer.codes.count {
                    rationale = titles.joined(separator: " ")
                    warn(start, "\(label) has no general feedback (####): quiz wrote the answer's title as its rationale; "
                         + "say why it is the answer")
                } else {
                    error(start, "\(label) has no general feedback (####) to serve as its rationale")
                    failed = true
                }
            }
            if stem.isEmpty {
                error(start, "\(label) has no question text")
                failed = true
            }
            guard !failed, let answer else { return }
            let id = uniqueID(title: title, line: start)
            cases.append(HandWrittenCase(id: id, stem: stem, answer: answer.codes, distractors: built,
                                         rationale: rationale, tags: pendingTags, lines: SourceLines(start: start)))
        }

        func generatedWhyNot(_ distractor: String, _ answer: String) -> String? {
            guard let wrong = codeSet.entry(distractor), let right = codeSet.entry(answer) else { return nil }
            return CaseBuilder(codeSet: codeSet).generatedWhyNot(for: wrong, answer: right)
        }

        mutating func uniqueID(title: String?, line: Int) -> String {
            var base = title.flatMap { Identifier.isValid($0) ? $0 : Identifier.slug($0) } ?? "question-line-\(line)"
            if base.isEmpty { base = "question-line-\(line)" }
            var id = base, number = 2
            while usedIDs.contains(id) {
                id = "\(base)-\(number)"
                number += 1
            }
            usedIDs.insert(id)
            return id
        }

        static func isBareAcknowledgement(_ text: String) -> Bool {
            let words = text.lowercased().filter { $0.isLetter || $0 == " " }.trimmingCharacters(in: .whitespaces)
            return ["correct", "right", "yes", "well done", "correct answer", "good", "that is correct", "thats right"]
                .contains(words)
        }

        // MARK: Scanning with escapes

        /// The index of the first unescaped occurrence of `needle` at or after `from`.
        static func find(_ needle: String, in text: [Character], from: Int) -> Int? {
            let pattern = Array(needle)
            var index = 0, escaped = false
            while index < text.count {
                if escaped {
                    escaped = false
                } else if text[index] == "\\" {
                    escaped = true
                } else if index >= from, matches(text, pattern, at: index) {
                    return index
                }
                index += 1
            }
            return nil
        }

        static func matches(_ text: [Character], _ pattern: [Character], at index: Int) -> Bool {
            index + pattern.count <= text.count && Array(text[index..<(index + pattern.count)]) == pattern
        }

        static func matches(_ text: [Character], _ pattern: String, at index: Int) -> Bool {
            matches(text, Array(pattern), at: index)
        }

        /// A text as written between GIFT's markers: line breaks in the file read as spaces,
        /// escapes resolved (`\n` is a line break), HTML made plain for [html] questions,
        /// spaces collapsed and trimmed.
        static func clean(_ raw: [Character], html: Bool) -> String {
            var out = ""
            var index = 0
            while index < raw.count {
                let character = raw[index]
                if character == "\\", index + 1 < raw.count {
                    let next = raw[index + 1]
                    if next == "n" {
                        out.append("\n")
                    } else if next == "\\" || GIFTFormat.special.contains(next) {
                        out.append(next)
                    } else {
                        out.append(character)
                        out.append(next)
                    }
                    index += 2
                    continue
                }
                if character == "\n" {
                    // A line break in the file is a space; the indentation around it is not kept.
                    while out.last == " " || out.last == "\t" { out.removeLast() }
                    if out.last != "\n" { out.append(" ") }
                    index += 1
                    while index < raw.count, raw[index] == " " || raw[index] == "\t" { index += 1 }
                    continue
                }
                out.append(character)
                index += 1
            }
            if html { out = HTMLText.plain(out) }
            return out.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }
}
