import CodeSet
import Foundation
import Terminal

/// Why a plain-text code page could not be imported.
public enum PageImportError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case notText(path: String)
    case tooLarge(path: String, limit: Int)
    case noCode(path: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): "\(path): cannot be read (\(reason))"
        case let .notText(path): "\(path): not UTF-8 text; save the page as plain UTF-8 text first"
        case let .tooLarge(path, limit):
            "\(path): too large for a code page (at most \(BankParser.megabytes(limit)))"
        case let .noCode(path):
            "\(path): no code found; a code page starts with its code on a line of its own (e.g. M53.3) "
                + "or says \"ICD-10: M53.3\""
        }
    }
}

/// Reads a plain-text code page (like ../shared/seeds/M53.3-code-page.txt) by its headings
/// and keeps what it says, errors included, so that `quiz lint` can point them out.
///
/// Sections are recognised by words in their headings (a heading is a short line of its own,
/// without a colon or final punctuation): "Overview", "Red Flag(s)", "Differential Diagnoses",
/// "Clinical Example(s)", "Coding Example(s)", "Documentation …". Other sections are left out.
public struct PageImporter: Sendable {
    public init() {}

    enum Section: Equatable {
        case overview, redFlags, differentials, clinical, coding, documentation, other
    }

    public func importPage(path: String) throws(PageImportError) -> CodePage {
        let data: Data
        do {
            data = try InputFile.read(path)
        } catch {
            switch error {
            case .unreadable(_, let reason): throw .unreadable(path: path, reason: reason)
            case .tooLarge(_, let limit): throw .tooLarge(path: path, limit: limit)
            }
        }
        guard let text = String(validating: data, as: UTF8.self) else { throw .notText(path: path) }
        guard let page = parse(text: text) else { throw .noCode(path: path) }
        return page
    }

    /// The page's material; nil when no code can be found.
    public func parse(text: String) -> CodePage? {
        let clean = SafeText.sanitized(text.replacingOccurrences(of: "\r\n", with: "\n"), keepNewlines: true)
        let paragraphs = Self.paragraphs(clean)
        var sections: [(Section, String, [[String]])] = []
        var preamble: [[String]] = []
        for paragraph in paragraphs {
            if paragraph.count == 1, Self.isHeading(paragraph[0]) {
                sections.append((Self.section(of: paragraph[0]), paragraph[0], []))
            } else if sections.isEmpty {
                preamble.append(paragraph)
            } else {
                sections[sections.count - 1].2.append(paragraph)
            }
        }
        func content(_ kind: Section) -> [[[String]]] { sections.filter { $0.0 == kind }.map(\.2) }

        guard let code = Self.findCode(preamble: preamble, sections: sections, all: paragraphs) else { return nil }
        var page = CodePage(code: code)
        let overviewText = content(.overview).first.map { Self.prose($0) } ?? []
        if !overviewText.isEmpty { page.overview = overviewText.joined(separator: "\n\n") }
        page.title = Self.findTitle(code: code, in: overviewText + paragraphs.map { $0.joined(separator: " ") })
        page.billable = Self.findBillableClaim(in: clean)
        page.redFlags = content(.redFlags).flatMap { Self.items($0) }
        page.documentation = content(.documentation).flatMap { Self.items($0) }
        page.differentials = content(.differentials).flatMap { paragraphs in
            paragraphs.flatMap { $0 }.compactMap { Self.differential(from: Self.stripMarker($0) ?? $0) }
        }
        page.clinicalExamples = content(.clinical).flatMap { Self.prose($0) }.enumerated().map {
            PageExample(kind: .clinical, number: $0 + 1, text: $1)
        }
        page.codingExamples = content(.coding).flatMap { Self.prose($0) }.enumerated().map {
            PageExample(kind: .coding, number: $0 + 1, text: $1)
        }
        return page
    }

    // MARK: Layout

    /// Runs of non-blank lines, each line trimmed.
    static func paragraphs(_ text: String) -> [[String]] {
        var result: [[String]] = [], current: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = String(line).trimmingWhitespace()
            if trimmed.isEmpty {
                if !current.isEmpty { result.append(current); current = [] }
            } else {
                current.append(trimmed)
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    static func isHeading(_ line: String) -> Bool {
        guard line.count <= 60, line.contains(where: \.isLetter), stripMarker(line) == nil,
              !line.contains(":"), let last = line.last, !".,;:?!".contains(last) else { return false }
        return true
    }

    static func section(of heading: String) -> Section {
        let words = heading.lowercased()
        if words.contains("overview") { return .overview }
        if words.contains("red flag") { return .redFlags }
        if words.contains("differential") { return .differentials }
        if words.contains("clinical example") || words.contains("clinical scenario") || words.contains("case example") {
            return .clinical
        }
        if words.contains("coding example") || words.contains("coding scenario") { return .coding }
        if words.contains("documentation") { return .documentation }
        return .other
    }

    /// The text of a list item without its marker ("• ", "- ", "1. ", "2) "), or nil for a line
    /// that is not a list item.
    static func stripMarker(_ line: String) -> String? {
        for marker in ["• ", "- ", "* ", "– ", "· "] where line.hasPrefix(marker) {
            return String(line.dropFirst(marker.count)).trimmingWhitespace()
        }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 3 else { return nil }
        let rest = line.dropFirst(digits.count)
        guard let marker = rest.first, marker == "." || marker == ")", rest.dropFirst().first == " " else { return nil }
        return String(rest.dropFirst(2)).trimmingWhitespace()
    }

    /// List items of a section.
    static func items(_ paragraphs: [[String]]) -> [String] {
        paragraphs.flatMap { $0 }.compactMap(stripMarker).filter { !$0.isEmpty }
    }

    /// The prose paragraphs of a section (list items and sub-headings like "Mild:" left out),
    /// each as one line.
    static func prose(_ paragraphs: [[String]]) -> [String] {
        paragraphs.compactMap { lines in
            let text = lines.filter { stripMarker($0) == nil }.joined(separator: " ")
            return text.count < 3 || (text.hasSuffix(":") && lines.count == 1) ? nil : text
        }
    }

    // MARK: Facts

    static func findCode(preamble: [[String]], sections: [(Section, String, [[String]])], all: [[String]]) -> String? {
        let lines = all.flatMap { $0 }
        if let line = lines.first(where: { CodeNormalizer.looksLikeCode($0) && AnswerLeaks.codeMentions(in: $0) == [$0] }) {
            return line
        }
        for line in lines {
            guard let range = line.range(of: "ICD-10: ", options: .caseInsensitive) ?? line.range(of: "ICD-10-CM: ") else { continue }
            if let code = AnswerLeaks.codeMentions(in: String(line[range.upperBound...])).first { return code }
        }
        let headings = sections.map(\.1) + preamble.flatMap { $0 }
        return headings.lazy.compactMap { AnswerLeaks.codeMentions(in: $0).first }.first
    }

    /// The title the page gives its code: `M53.3 refers to "…"`, `M53.3 - …`, `M53.3 (…)`.
    static func findTitle(code: String, in texts: [String]) -> String? {
        for text in texts {
            var search = text[...]
            while let range = search.range(of: code) {
                let after = search[range.upperBound...]
                search = after
                if let title = title(after: after) { return title }
            }
        }
        return nil
    }

    static func title(after text: Substring) -> String? {
        var rest = text
        func cut(_ body: Substring, at terminators: Set<Character>) -> String? {
            let end = body.firstIndex(where: terminators.contains) ?? body.endIndex
            var title = String(body[..<end]).trimmingWhitespace()
            while let last = title.last, ",;.".contains(last) { title.removeLast() }
            return title.count >= 3 && title.count <= 200 ? title : nil
        }
        if rest.hasPrefix(" refers to \"") || rest.hasPrefix(" refers to “") {
            rest = rest.dropFirst(" refers to \"".count)
            return cut(rest, at: ["\"", "”"])
        }
        for dash in [" - ", " – ", " — "] where rest.hasPrefix(dash) {
            return cut(rest.dropFirst(dash.count), at: [".", ":", "\n"])
        }
        if rest.hasPrefix(" (") {
            return cut(rest.dropFirst(2), at: [")"])
        }
        return nil
    }

    /// "Billable: Yes" on one line; nil when the page never says, or says both.
    static func findBillableClaim(in text: String) -> Bool? {
        var claims = Set<Bool>()
        for line in text.split(separator: "\n") {
            var search = line[...]
            while let range = search.range(of: "billable:", options: .caseInsensitive) {
                let value = search[range.upperBound...].drop { $0 == " " }.prefix { $0.isLetter }.lowercased()
                if value == "yes" || value == "true" { claims.insert(true) }
                if value == "no" || value == "false" { claims.insert(false) }
                search = search[range.upperBound...]
            }
        }
        return claims.count == 1 ? claims.first : nil
    }

    /// "M54.5 - Low back pain: Generalized pain …" → code, title, description.
    static func differential(from item: String) -> Differential? {
        let token = item.prefix { !$0.isWhitespace && $0 != ":" && $0 != "," }
        guard CodeNormalizer.looksLikeCode(token), AnswerLeaks.codeMentions(in: String(token)).count == 1 else { return nil }
        var rest = item.dropFirst(token.count).drop { $0 == " " }
        for dash in ["- ", "– ", "— ", ": "] where rest.hasPrefix(dash) { rest = rest.dropFirst(dash.count) }
        var title: String?, description: String
        if rest.hasPrefix("(") , let close = rest.firstIndex(of: ")") {
            title = String(rest[rest.index(after: rest.startIndex)..<close]).trimmingWhitespace()
            description = String(rest[rest.index(after: close)...]).drop { ": -–—".contains($0) }.trimmingWhitespaceString()
        } else if let colon = rest.firstIndex(of: ":") {
            title = String(rest[..<colon]).trimmingWhitespace()
            description = String(rest[rest.index(after: colon)...]).trimmingWhitespace()
        } else {
            title = rest.isEmpty ? nil : String(rest).trimmingWhitespace()
            description = ""
        }
        if title?.isEmpty == true { title = nil }
        return Differential(code: String(token), title: title, whyNot: description)
    }
}

extension Substring {
    func trimmingWhitespaceString() -> String { String(self).trimmingWhitespace() }
}
