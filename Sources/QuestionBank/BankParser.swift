import Foundation
import Terminal
import Yams

/// Reads one bank file: YAML syntax, then the schema of the format. Every problem found is
/// reported with its line, and as many as possible in one pass; a broken item is skipped
/// while the rest of the bank still loads.
public enum BankParser {
    /// Files larger than this are refused before parsing (a bank of a thousand cases is ~1 MB).
    public static let maximumFileBytes = 5_000_000
    /// Longer texts (a stem, a rationale, an overview…) are refused: no real case needs them.
    public static let maximumTextLength = 20_000
    /// Deeper YAML nesting than this is refused before parsing (the parser recurses per level).
    public static let maximumNesting = 32
    /// More items (cases, examples, differentials, list entries) than this in one bank are refused.
    public static let maximumItems = 20_000

    /// Parses a bank from the bytes of `file`. `bank` is nil when the file cannot be read as a
    /// bank at all (syntax error, not a mapping, missing `bank:` id…); `problems` says why.
    public static func parse(data: Data, file: String) -> (bank: Bank?, problems: [LintProblem]) {
        var problems: [LintProblem] = []
        func fail(_ line: Int, _ column: Int?, _ message: String) -> (bank: Bank?, problems: [LintProblem]) {
            problems.append(LintProblem(file: file, line: line, column: column, message: message))
            return (nil, problems)
        }
        guard data.count <= maximumFileBytes else {
            return fail(0, nil, "the file is \(Self.megabytes(data.count)); a bank may be at most "
                        + "\(Self.megabytes(maximumFileBytes)): split it into several banks")
        }
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let (offset, line, column) = Self.firstInvalidUTF8(in: Array(bytes))
            return fail(line, column, "invalid UTF-8 at byte \(offset): a bank must be UTF-8 text "
                        + "(re-save the file as UTF-8)")
        }
        if let (line, column) = Self.firstNUL(in: text) {
            return fail(line, column, "the file contains a NUL character: a bank must be plain text")
        }
        if let (line, column) = Self.excessiveNesting(in: text) {
            return fail(line, column, "the YAML nests deeper than \(maximumNesting) levels here; a bank needs at most 6 "
                        + "(bank › pages › page › examples › example › answer)")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            let (line, column, message) = Self.describe(error, text: text)
            return fail(line, column, message)
        } catch {
            return fail(0, nil, "could not parse the file as YAML: \(error)")
        }
        guard let root, !Self.isNull(root) else {
            return fail(0, nil, "the file is empty: a bank needs at least `bank:`, `title:` and `codeset:` "
                        + "(see QuestionBanks/README.md)")
        }
        let reader = SchemaReader(file: file)
        let bank = reader.bank(root)
        problems += reader.problems
        return (bank, problems)
    }

    static func megabytes(_ count: Int) -> String {
        String(format: "%.1f MB", Double(count) / 1_000_000)
    }

    static func isNull(_ node: Node) -> Bool {
        guard case let .scalar(scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// The byte offset, line and column of the first byte that is not valid UTF-8.
    static func firstInvalidUTF8(in bytes: [UInt8]) -> (offset: Int, line: Int, column: Int) {
        var offset = 0
        while offset < bytes.count {
            let byte = bytes[offset]
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: length = 0
            }
            var valid = length > 0 && offset + length <= bytes.count
            if valid, length > 1 {
                let sequence = Array(bytes[offset..<offset + length])
                valid = String(validating: sequence, as: UTF8.self) != nil
            }
            if !valid { break }
            offset += length
        }
        let before = bytes[..<min(offset, bytes.count)]
        let line = before.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).unicodeScalars.count + 1
        return (offset, line, column)
    }

    /// Where the text first nests deeper than ``maximumNesting``, by a conservative scan of
    /// block indentation, compact sequences ("- - -") and flow brackets outside quotes and comments.
    static func excessiveNesting(in text: String) -> (Int, Int)? {
        // Every character that matters here is ASCII, so the scan runs over UTF-8 bytes;
        // a column is counted in characters only when there is something to report.
        var indents: [Int] = []
        var flow = 0
        var lineNumber = 0
        let bytes = Array(text.utf8)
        func column(of offset: Int, lineStart: Int) -> Int {
            String(decoding: bytes[lineStart..<offset], as: UTF8.self).unicodeScalars.count + 1
        }
        let space = UInt8(ascii: " "), dash = UInt8(ascii: "-"), hash = UInt8(ascii: "#")
        let doubleQuote = UInt8(ascii: "\""), singleQuote = UInt8(ascii: "'"), backslash = UInt8(ascii: "\\")
        let openers: Set<UInt8> = [UInt8(ascii: "["), UInt8(ascii: "{")]
        let closers: Set<UInt8> = [UInt8(ascii: "]"), UInt8(ascii: "}")]
        let beforeQuote: Set<UInt8> = Set(" [{,:-".utf8)
        let valueStarts: Set<UInt8> = Set("[{,:-?".utf8)
        // A quoted scalar may be folded over several lines: its quote stays open across them,
        // and what it holds (brackets, `#`, `- `) is text, not structure.
        var quote: UInt8?
        var lineStart = 0
        while lineStart <= bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            defer { lineStart = lineEnd + 1 }
            lineNumber += 1
            var start = lineStart
            while start < lineEnd, bytes[start] == space { start += 1 }
            guard start < lineEnd, quote != nil || bytes[start] != hash else { continue }
            let indent = start - lineStart
            var depth = 0
            if flow == 0, quote == nil {
                while let last = indents.last, last >= indent { indents.removeLast() }
                indents.append(indent)
                // Compact nested sequences and mappings on one line: "- - - x", "- a: - b".
                var position = start
                while position + 1 < lineEnd, bytes[position] == dash, bytes[position + 1] == space {
                    depth += 1
                    position += 2
                    while position < lineEnd, bytes[position] == space { position += 1 }
                }
                depth += indents.count
            }
            let continuesQuote = quote != nil
            var previous = space
            // A quote opens a scalar only where a value starts ("key: 'x", "- 'x", "[a, 'x"),
            // never inside plain text ("the patient's") whose quote YAML leaves alone.
            var lastNonSpace: UInt8?
            var offset = start
            while offset < lineEnd {
                let byte = bytes[offset]
                defer { offset += 1 }
                if let open = quote {
                    if open == singleQuote, byte == singleQuote, offset + 1 < lineEnd, bytes[offset + 1] == singleQuote {
                        offset += 1  // '' is a quote inside single-quoted text
                    } else if byte == open, !(open == doubleQuote && previous == backslash) {
                        quote = nil
                    }
                } else if byte == hash, previous == space {
                    break
                } else if byte == doubleQuote || byte == singleQuote, beforeQuote.contains(previous) || offset == start,
                          lastNonSpace.map(valueStarts.contains) ?? true {
                    quote = byte
                } else if openers.contains(byte) {
                    flow += 1
                    if flow + depth > maximumNesting { return (lineNumber, column(of: offset, lineStart: lineStart)) }
                } else if closers.contains(byte), flow > 0 {
                    flow -= 1
                }
                previous = previous == backslash && byte == backslash ? space : byte
                if byte != space { lastNonSpace = byte }
            }
            if !continuesQuote, depth + flow > maximumNesting { return (lineNumber, column(of: start, lineStart: lineStart)) }
        }
        return nil
    }

    static func firstNUL(in text: String) -> (Int, Int)? {
        guard text.utf8.contains(0) else { return nil }
        var line = 1, column = 1
        for scalar in text.unicodeScalars {
            if scalar.value == 0 { return (line, column) }
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return nil
    }

    /// Line, column and message of a YAML error (libyaml's own words, without the whole file).
    static func describe(_ error: YamlError, text: String) -> (Int, Int?, String) {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            var message = "YAML syntax error: \(problem)"
            if let context {
                message += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
            }
            return (mark.line, mark.column, message)
        case let .reader(problem, offset, value, _):
            var line = 0, column: Int?
            if let offset {
                let prefix = text.utf8.prefix(offset)
                line = prefix.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
                column = String(decoding: prefix.reversed().prefix { $0 != 0x0A }.reversed(), as: UTF8.self)
                    .unicodeScalars.count + 1
            }
            let character = value >= 0 ? String(format: " (U+%04X)", value) : ""
            return (line, column, "YAML cannot read the file: \(problem)\(character)")
        case .memory:
            return (0, nil, "YAML parser ran out of memory")
        default:
            return (0, nil, "YAML error: \(error)")
        }
    }
}

/// Walks the composed YAML, checking the shape of every field and building the bank.
final class SchemaReader {
    let file: String
    private(set) var problems: [LintProblem] = []
    private var items = 0
    private var overBudget = false

    init(file: String) { self.file = file }

    // MARK: Shapes

    static let bankKeys = ["bank", "title", "codeset", "description", "pages", "cases"]
    static let pageKeys = ["code", "title", "billable", "overview", "red_flags", "differentials",
                           "clinical_examples", "coding_examples", "documentation"]
    static let differentialKeys = ["code", "title", "why_not"]
    static let exampleKeys = ["id", "text", "answer", "rationale"]
    static let caseKeys = ["id", "stem", "answer", "distractors", "rationale", "tags"]
    static let distractorKeys = ["code", "title", "why_not"]

    func bank(_ root: Node) -> Bank? {
        guard let fields = mapping(root, what: "a bank", keys: Self.bankKeys,
                                   shape: "a mapping with bank:, title:, codeset:, and pages: and/or cases:")
        else { return nil }
        let lines = fields.lines(start: line(root))
        let id = requiredText(fields, "bank", in: "the bank", shape: "the bank's id, e.g. `bank: dorsopathies`")
        let title = requiredText(fields, "title", in: "the bank", shape: "the title shown to learners")
        let release = requiredText(fields, "codeset", in: "the bank",
                                   shape: "the ICD-10-CM release the bank was written for, e.g. `codeset: 2026-04-01`")
        if let id, !Self.isIdentifier(id) {
            error(lines["bank"], "bank id \"\(id)\" must use only a-z, 0-9 and -, e.g. `bank: dorsopathies`")
        }
        let description = fields["description"].flatMap { text($0, field: "description") }
        var pages: [CodePage] = []
        if let node = fields["pages"] {
            pages = list(node, field: "pages", shape: "a list of code pages (each a mapping with code:)")
                .compactMap(page)
        }
        var cases: [HandWrittenCase] = []
        if let node = fields["cases"] {
            cases = list(node, field: "cases", shape: "a list of cases (each a mapping with id:, stem:, answer:, …)")
                .compactMap(handWrittenCase)
        }
        if fields["pages"] == nil, fields["cases"] == nil {
            error(lines.start, "the bank has neither `pages:` nor `cases:`: it would give no cases")
        }
        guard let id else { return nil }
        return Bank(id: id, title: title ?? "", codeSetRelease: release ?? "", description: description,
                    pages: pages, cases: cases, file: file, lines: lines)
    }

    private func page(_ node: Node) -> CodePage? {
        guard let fields = mapping(node, what: "a code page", keys: Self.pageKeys,
                                   shape: "a mapping with code: and the page's sections") else { return nil }
        let lines = fields.lines(start: line(node))
        guard let code = requiredText(fields, "code", in: "a code page", shape: "the page's code, e.g. `code: M53.3`")
        else { return nil }
        var page = CodePage(code: code, lines: lines)
        page.title = fields["title"].flatMap { text($0, field: "title") }
        page.billable = fields["billable"].flatMap { bool($0, field: "billable") }
        page.overview = fields["overview"].flatMap { text($0, field: "overview") }
        page.redFlags = fields["red_flags"].map { textList($0, field: "red_flags") } ?? []
        page.documentation = fields["documentation"].map { textList($0, field: "documentation") } ?? []
        if let node = fields["differentials"] {
            page.differentials = list(node, field: "differentials",
                                      shape: "a list of {code, why_not} mappings").compactMap(differential)
        }
        for kind in [PageExample.Kind.clinical, .coding] {
            let key = "\(kind.rawValue)_examples"
            guard let node = fields[key] else { continue }
            let examples = list(node, field: key, shape: "a list of {text, answer?, id?, rationale?} mappings")
                .enumerated().compactMap { example($1, kind: kind, number: $0 + 1) }
            if kind == .clinical { page.clinicalExamples = examples } else { page.codingExamples = examples }
        }
        return page
    }

    private func differential(_ node: Node) -> Differential? {
        guard let fields = mapping(node, what: "a differential", keys: Self.differentialKeys,
                                   shape: "a mapping {code, title?, why_not}") else { return nil }
        let code = requiredText(fields, "code", in: "a differential", shape: "the code, e.g. `code: M54.50`")
        let whyNot = requiredText(fields, "why_not", in: "a differential",
                                  shape: "why this code is not the answer for this page's examples")
        let title = fields["title"].flatMap { text($0, field: "title") }
        guard let code else { return nil }
        return Differential(code: code, title: title, whyNot: whyNot ?? "", lines: fields.lines(start: line(node)))
    }

    private func example(_ node: Node, kind: PageExample.Kind, number: Int) -> PageExample? {
        guard let fields = mapping(node, what: "a \(kind.rawValue) example", keys: Self.exampleKeys,
                                   shape: "a mapping {text, answer?, id?, rationale?}") else { return nil }
        let lines = fields.lines(start: line(node))
        guard let text = requiredText(fields, "text", in: "a \(kind.rawValue) example",
                                      shape: "the example as a clinician documents it") else { return nil }
        let id = fields["id"].flatMap { self.text($0, field: "id") }
        if let id, !Self.isIdentifier(id) {
            error(lines["id"], "case id \"\(id)\" must use only a-z, 0-9 and -")
        }
        let answer = fields["answer"].flatMap { codes($0, field: "answer") }
        let rationale = fields["rationale"].flatMap { self.text($0, field: "rationale") }
        return PageExample(kind: kind, number: number, writtenID: id, text: text, answer: answer,
                           rationale: rationale, lines: lines)
    }

    private func handWrittenCase(_ node: Node) -> HandWrittenCase? {
        guard let fields = mapping(node, what: "a case", keys: Self.caseKeys,
                                   shape: "a mapping {id, stem, answer, distractors, rationale, tags?}") else { return nil }
        let lines = fields.lines(start: line(node))
        let id = requiredText(fields, "id", in: "a case", shape: "a stable id, e.g. `id: dors-low-back-pain-01`")
        if let id, !Self.isIdentifier(id) {
            error(lines["id"], "case id \"\(id)\" must use only a-z, 0-9 and -")
        }
        let stem = requiredText(fields, "stem", in: "a case", shape: "the clinical vignette")
        var answer: [String]?
        if let node = fields["answer"] {
            answer = codes(node, field: "answer")
        } else {
            error(lines.start, "a case needs `answer:` (one or more codes in reporting order, e.g. `answer: [M54.50]`)")
        }
        var distractors: [Distractor] = []
        if let node = fields["distractors"] {
            distractors = list(node, field: "distractors", shape: "a list of {code, why_not} mappings")
                .compactMap(distractor)
        } else {
            error(lines.start, "a case needs `distractors:` (at least 2, each {code, why_not})")
        }
        let rationale = requiredText(fields, "rationale", in: "a case", shape: "why the answer is right")
        let tags = fields["tags"].map { textList($0, field: "tags") } ?? []
        guard let id, let stem, let answer else { return nil }
        return HandWrittenCase(id: id, stem: stem, answer: answer, distractors: distractors,
                               rationale: rationale ?? "", tags: tags, lines: lines)
    }

    private func distractor(_ node: Node) -> Distractor? {
        guard let fields = mapping(node, what: "a distractor", keys: Self.distractorKeys,
                                   shape: "a mapping {code, why_not}") else { return nil }
        let code = requiredText(fields, "code", in: "a distractor", shape: "the code, e.g. `code: M54.59`")
        let whyNot = requiredText(fields, "why_not", in: "a distractor",
                                  shape: "why this option is wrong here (cite the tabular where it decides)")
        let title = fields["title"].flatMap { text($0, field: "title") }
        guard let code else { return nil }
        return Distractor(code: code, title: title, whyNot: whyNot ?? "", lines: fields.lines(start: line(node)))
    }

    // MARK: Typed fields

    struct Fields {
        var start: Int
        var values: [String: Node] = [:]
        var keyLines: [String: Int] = [:]
        subscript(_ key: String) -> Node? { values[key] }
        func lines(start: Int) -> SourceLines { SourceLines(start: start, fields: keyLines) }
    }

    private func line(_ node: Node) -> Int { node.mark?.line ?? 0 }

    private func error(_ line: Int, _ message: String, column: Int? = nil) {
        problems.append(LintProblem(file: file, line: line, column: column, message: message))
    }

    static func describe(_ node: Node) -> String {
        if BankParser.isNull(node) { return "nothing" }
        switch node {
        case .scalar: return "a text"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }

    private func countItem(_ node: Node) -> Bool {
        items += 1
        if items > BankParser.maximumItems {
            if !overBudget {
                overBudget = true
                error(line(node), "the bank has more than \(BankParser.maximumItems) items: split it into several banks")
            }
            return false
        }
        return true
    }

    private func mapping(_ node: Node, what: String, keys: [String], shape: String) -> Fields? {
        guard countItem(node) else { return nil }
        guard case let .mapping(mapping) = node else {
            error(line(node), "\(what) must be \(shape); found \(Self.describe(node))")
            return nil
        }
        var fields = Fields(start: line(node))
        for (keyNode, value) in mapping {
            guard case let .scalar(scalar) = keyNode else {
                error(line(keyNode), "a key in \(what) must be a plain word; found \(Self.describe(keyNode))")
                continue
            }
            let key = scalar.string
            if let first = fields.keyLines[key] {
                error(line(keyNode), "duplicate key `\(key)` in \(what) (first at line \(first)): each key may appear once")
                continue
            }
            guard keys.contains(key) else {
                let suggestion = keys.first { Self.isNear(key, $0) }.map { " (did you mean `\($0)`?)" } ?? ""
                error(line(keyNode), "unknown key `\(SafeText.sanitized(key))` in \(what)\(suggestion); "
                      + "expected: \(keys.joined(separator: ", "))")
                continue
            }
            fields.values[key] = value
            fields.keyLines[key] = line(keyNode)
        }
        return fields
    }

    private func list(_ node: Node, field: String, shape: String) -> [Node] {
        if BankParser.isNull(node) { return [] }
        guard case let .sequence(sequence) = node else {
            error(line(node), "`\(field)` must be \(shape); found \(Self.describe(node))")
            return []
        }
        return Array(sequence)
    }

    private func requiredText(_ fields: Fields, _ key: String, in what: String, shape: String) -> String? {
        guard let node = fields[key] else {
            error(fields.start, "\(what) is missing `\(key):` (\(shape))")
            return nil
        }
        return text(node, field: key, shape: shape)
    }

    func text(_ node: Node, field: String, shape: String = "a text") -> String? {
        guard case let .scalar(scalar) = node, !BankParser.isNull(node) else {
            error(line(node), "`\(field)` must be \(shape); found \(Self.describe(node))")
            return nil
        }
        let value = scalar.string.trimmingWhitespace()
        guard value.count <= BankParser.maximumTextLength else {
            error(line(node), "`\(field)` is \(value.count) characters long; texts are limited to "
                  + "\(BankParser.maximumTextLength): shorten it")
            return nil
        }
        guard !value.isEmpty else {
            error(line(node), "`\(field)` is empty; expected \(shape)")
            return nil
        }
        if SafeText.containsControlCharacters(value, allowNewlines: true) {
            let what = value.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B }
                ? "a terminal escape sequence" : "a control character"
            error(line(node), "`\(field)` contains \(what); banks hold plain text only (remove it)")
            return SafeText.sanitized(value, keepNewlines: true)
        }
        return value
    }

    private func textList(_ node: Node, field: String) -> [String] {
        if case .scalar = node, !BankParser.isNull(node) {
            error(line(node), "`\(field)` must be a list of texts (`- …` on each line); found a text")
            return []
        }
        return list(node, field: field, shape: "a list of texts").compactMap { item in
            countItem(item) ? text(item, field: field) : nil
        }
    }

    /// `answer:` as a list of codes, or one code written alone.
    private func codes(_ node: Node, field: String) -> [String]? {
        if case .scalar = node {
            return text(node, field: field, shape: "one or more codes, e.g. [M54.50]").map { [$0] }
        }
        let items = list(node, field: field, shape: "one or more codes in reporting order, e.g. [M54.50]")
        let codes = items.compactMap { text($0, field: field, shape: "a code") }
        guard !codes.isEmpty, codes.count == items.count else {
            if items.isEmpty { error(line(node), "`\(field)` must name at least one code") }
            return nil
        }
        return codes
    }

    private func bool(_ node: Node, field: String) -> Bool? {
        if case let .scalar(scalar) = node {
            switch scalar.string.lowercased() {
            case "true", "yes": return true
            case "false", "no": return false
            default: break
            }
        }
        error(line(node), "`\(field)` must be true or false; found \(Self.describe(node))")
        return nil
    }

    static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// One edit apart, or the same ignoring case, underscores and dashes ("whynot" → why_not).
    static func isNear(_ lhs: String, _ rhs: String) -> Bool {
        let simplify = { (text: String) in text.lowercased().filter { $0 != "_" && $0 != "-" } }
        if simplify(lhs) == simplify(rhs) { return true }
        let a = Array(lhs), b = Array(rhs)
        guard abs(a.count - b.count) <= 1 else { return false }
        if a.count == b.count {
            let differences = a.indices.filter { a[$0] != b[$0] }
            if differences.count <= 1 { return true }
            // Two neighbours swapped ("titel" for "title").
            return differences.count == 2 && differences[1] == differences[0] + 1
                && a[differences[0]] == b[differences[1]] && a[differences[1]] == b[differences[0]]
        }
        let (short, long) = a.count < b.count ? (a, b) : (b, a)
        var i = 0, j = 0, skipped = false
        while i < short.count, j < long.count {
            if short[i] == long[j] { i += 1; j += 1 } else if skipped { return false } else { skipped = true; j += 1 }
        }
        return true
    }
}
