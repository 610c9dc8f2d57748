import CodeSet
import Foundation
import QuestionBank
import Terminal

/// The cases of one bank as they are exported: what learners see (page examples built into
/// cases, official codes and titles), with the bank's id, title and release.
public struct ExportedBank: Sendable {
    public var id: String
    public var title: String
    public var codeSetRelease: String
    public var cases: [Case]

    public init(id: String, title: String, codeSetRelease: String, cases: [Case]) {
        self.id = id
        self.title = title
        self.codeSetRelease = codeSetRelease
        self.cases = cases
    }

    /// A loaded bank's cases, built as practice builds them.
    public init(_ bank: Bank, codeSet: CodeSet) {
        self.init(id: bank.id, title: bank.title, codeSetRelease: bank.codeSetRelease,
                  cases: CaseBuilder(codeSet: codeSet).build(bank).cases)
    }
}

/// Input that cannot be read as the format at all: nothing is imported.
public struct FormatError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based; 0 when the problem concerns the whole file.
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { line > 0 ? "\(file):\(line): error: \(message)" : "\(file): error: \(message)" }
}

/// What an import made of a file: the bank, and what could not become a case (errors) or was
/// deliberately passed over (warnings, e.g. a GIFT essay question). Problems carry the line
/// of the input file.
public struct ImportResult: Sendable {
    public var bank: Bank
    public var problems: [LintProblem]

    /// Whether the bank may be written: no input problem is an error.
    public var isComplete: Bool { !problems.hasErrors }
}

/// Where a code sits in the classification: its chapter and the block that holds it.
public struct Placement: Sendable, Hashable {
    public var chapter: CodeEntry
    /// The innermost block (M50-M54 rather than the header range M40-M54).
    public var block: CodeEntry?

    /// "Chapter 13 Diseases of the musculoskeletal system and connective tissue (M00-M99)".
    public var chapterLabel: String {
        "Chapter \(chapter.chapterNumber ?? 0) \(chapter.title) (\(chapter.code))"
    }

    /// "M50-M54 Other dorsopathies".
    public var blockLabel: String? { block.map { "\($0.code) \($0.title)" } }

    public init?(code: String, in codeSet: CodeSet) {
        guard let entry = codeSet.entry(code) else { return nil }
        let path = codeSet.path(to: entry)
        guard let chapter = path.first(where: { $0.kind == .chapter }) else { return nil }
        self.chapter = chapter
        block = path.last { $0.kind == .block }
    }
}

/// Reading the codes an option's text starts with, as other tools write them:
/// "M54.50", "M54.50 Low back pain, unspecified", "M54.50 - Low back pain", "m54.50: …",
/// several codes joined by "+" ("I11.0 Hypertensive heart disease with heart failure + I50.22 …").
public enum OptionText {
    public struct Parsed: Sendable, Equatable {
        public var codes: [String]
        /// The text after the single code, when one code was given with a title.
        public var title: String?
    }

    /// The codes the text names, or nil when it does not start with a code.
    public static func parse(_ text: String) -> Parsed? {
        let segments = split(text.trimmingCharacters(in: .whitespacesAndNewlines))
        var codes: [String] = []
        var titles: [String] = []
        for segment in segments {
            guard let (code, title) = leadingCode(segment) else { return nil }
            codes.append(code)
            titles.append(title)
        }
        guard !codes.isEmpty else { return nil }
        let title = codes.count == 1 && !titles[0].isEmpty ? titles[0] : nil
        return Parsed(codes: codes, title: title)
    }

    /// Splits at "+" (or ",") signs followed by a code; other "+" signs stay in the titles.
    static func split(_ text: String) -> [String] {
        var segments: [String] = []
        var current = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "+" || character == "," || character == ";" {
                let rest = text[text.index(after: index)...].drop { $0 == " " }
                if leadingCode(String(rest)) != nil, !current.trimmingCharacters(in: .whitespaces).isEmpty {
                    segments.append(current.trimmingCharacters(in: .whitespaces))
                    current = ""
                    index = text.index(after: index)
                    continue
                }
            }
            current.append(character)
            index = text.index(after: index)
        }
        segments.append(current.trimmingCharacters(in: .whitespaces))
        return segments
    }

    /// The code a text starts with and the title after it ("M54.50 - Low back pain" → ("M54.50", "Low back pain")).
    static func leadingCode(_ text: String) -> (String, String)? {
        let word = text.prefix { !$0.isWhitespace && $0 != ":" && $0 != "," && $0 != "+" && $0 != ";" && $0 != "(" }
        var code = String(word)
        while code.hasSuffix(".") || code.hasSuffix("-") { code.removeLast() }
        guard CodeNormalizer.looksLikeCode(code), code.filter({ $0 == "." }).count <= 1 else { return nil }
        var rest = text.dropFirst(word.count)
        rest = rest.drop { $0.isWhitespace || ":-–—,".contains($0) }
        return (code, String(rest).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// Bank and case ids made from names other tools give.
enum Identifier {
    /// "Low back pain #1" → "low-back-pain-1"; nil when nothing usable is left.
    static func slug(_ text: String, limit: Int = 60) -> String? {
        var slug = ""
        for scalar in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, !slug.hasSuffix("-") {
                slug.append("-")
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        if slug.count > limit {
            slug = String(slug.prefix(limit))
            while slug.hasSuffix("-") { slug.removeLast() }
        }
        return slug.isEmpty ? nil : slug
    }

    static func isValid(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// A bank id from a file name: "Low Back (2026).gift" → "low-back-2026".
    static func bank(fromFile file: String) -> String {
        let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        return slug(name) ?? "imported"
    }
}

/// Plain text from the HTML Moodle and Anki write: tags removed, paragraphs and breaks as
/// newlines, entities decoded, runs of spaces collapsed.
enum HTMLText {
    static func plain(_ html: String) -> String {
        var text = ""
        var index = html.startIndex
        while index < html.endIndex {
            let character = html[index]
            if character == "<", let close = html[index...].firstIndex(of: ">") {
                let tag = html[html.index(after: index)..<close].lowercased()
                let name = tag.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }
                if ["br", "p", "div", "li", "tr"].contains(String(name)), !text.isEmpty, !text.hasSuffix("\n") {
                    text.append("\n")
                }
                index = html.index(after: close)
                continue
            }
            if character == "&", let semicolon = html[index...].prefix(12).firstIndex(of: ";") {
                let entity = String(html[html.index(after: index)..<semicolon])
                if let decoded = decode(entity) {
                    text.append(decoded)
                    index = html.index(after: semicolon)
                    continue
                }
            }
            text.append(character)
            index = html.index(after: index)
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map {
            $0.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{A0}" }).joined(separator: " ")
        }.filter { !$0.isEmpty }
        return lines.joined(separator: "\n")
    }

    static func decode(_ entity: String) -> String? {
        switch entity {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        case "nbsp": return " "
        default:
            var number: UInt32?
            if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                number = UInt32(entity.dropFirst(2), radix: 16)
            } else if entity.hasPrefix("#") {
                number = UInt32(entity.dropFirst())
            }
            return number.flatMap(Unicode.Scalar.init).map { String(Character($0)) }
        }
    }

    /// Text for an HTML field: `& < > "` escaped, newlines as `<br>`.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n", "\r\n": out += "<br>"
            case "\t": out += " "
            default: out.append(character)
            }
        }
        return out
    }
}

/// Decodes a file's bytes as UTF-8 (a byte-order mark is dropped), or says where it is not.
enum InputText {
    static func decode(_ data: Data, file: String) throws(FormatError) -> String {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            var line = 1
            var valid = 0
            // The line of the first invalid byte: decode growing prefixes line by line.
            for chunk in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
                if String(validating: chunk, as: UTF8.self) == nil { break }
                line += 1
                valid += chunk.count + 1
            }
            throw FormatError(file: file, line: line, message: "the file is not UTF-8 text (invalid byte at offset \(valid) "
                              + "or after): save it as UTF-8 and import it again")
        }
        if text.unicodeScalars.contains("\0") {
            let line = text.prefix { $0 != "\0" }.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
            throw FormatError(file: file, line: line, message: "the file contains a NUL character: it is not a text file")
        }
        // Line ends of every system read alike (a spreadsheet's multi-line cell holds CRLF).
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        if let (line, column, scalar) = SafeText.firstControlCharacter(in: normalized) {
            let what = scalar.value == 0x1B || scalar.value == 0x9B ? "a terminal escape sequence"
                : "a control character (U+\(String(format: "%04X", scalar.value)))"
            throw FormatError(file: file, line: line, message: "column \(column) holds \(what): questions are plain text, "
                              + "and a bank may not hold it (remove it and import again)")
        }
        return normalized
    }
}
