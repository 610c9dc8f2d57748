import CodeSet

/// Finding and removing code mentions that would give a case's answer away.
public enum AnswerLeaks {
    /// The code-like words of a text ("M53.3", "m533", "S39.012A"), as written.
    public static func codeMentions(in text: String) -> [String] {
        var mentions: [String] = []
        var current = ""
        func flush() {
            // Trailing dots belong to the sentence, not the code.
            while current.hasSuffix(".") { current.removeLast() }
            // Most words fail the cheap test (a letter, then a digit) before the full one.
            let utf8 = current.utf8
            if utf8.count >= 3, let first = utf8.first, (UInt8(ascii: "A")...UInt8(ascii: "z")).contains(first),
               (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(utf8[utf8.index(after: utf8.startIndex)]),
               CodeNormalizer.looksLikeCode(current), current.filter({ $0 == "." }).count <= 1 {
                mentions.append(current)
            }
            current = ""
        }
        for character in text {
            if character.isASCII, character.isLetter || character.isNumber || character == "." {
                current.append(character)
            } else {
                flush()
            }
        }
        flush()
        return mentions
    }

    /// The codes among `codes` that the text names (with or without the dot, any case).
    public static func leakedCodes(_ codes: [String], in text: String) -> [String] {
        let mentioned = Set(codeMentions(in: text).map { CodeNormalizer.key($0) })
        var seen = Set<String>()
        return codes.filter { mentioned.contains(CodeNormalizer.key($0)) && seen.insert(CodeNormalizer.key($0)).inserted }
    }

    /// Whether a mention gives `code` away: the code itself, or its category or subcategory
    /// ("M53" for M53.3), or a more specific code beneath it.
    static func reveals(_ mention: String, code: String) -> Bool {
        let mentionKey = CodeNormalizer.key(mention), codeKey = CodeNormalizer.key(code)
        guard mentionKey.count >= 3, codeKey.count >= 3 else { return false }
        return codeKey.hasPrefix(mentionKey) || mentionKey.hasPrefix(codeKey)
    }

    /// The text without the sentences that mention any of `codes` (or a code above or beneath
    /// one of them): "Diagnosis: M53.3 - …", "Code as M53.3 because …", "ICD-10: M53.3".
    /// Returns the cleaned text and the sentences removed.
    public static func removingMentions(of codes: [String], from text: String) -> (text: String, removed: [String]) {
        var removed: [String] = []
        var paragraphs: [String] = []
        // Most texts name no code at all: then no sentence needs looking at.
        let anyLeak = codeMentions(in: text).contains { mention in codes.contains { reveals(mention, code: $0) } }
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard anyLeak else {
                paragraphs.append(String(paragraph).trimmingWhitespace())
                continue
            }
            var kept: [String] = []
            for sentence in sentences(of: String(paragraph)) {
                let leaks = codeMentions(in: sentence).contains { mention in codes.contains { reveals(mention, code: $0) } }
                if leaks {
                    removed.append(sentence.trimmingWhitespace())
                } else {
                    kept.append(sentence)
                }
            }
            paragraphs.append(kept.joined().trimmingWhitespace())
        }
        // Paragraph breaks are kept; blank runs collapse to one blank line.
        var lines: [String] = []
        for line in paragraphs where !(line.isEmpty && (lines.last?.isEmpty ?? true)) { lines.append(line) }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return (lines.joined(separator: "\n"), removed)
    }

    /// A paragraph's sentences, each with its trailing spaces: a sentence ends at ".", "!" or
    /// "?" followed by a space (so the dot inside "M53.3" does not end one).
    static func sentences(of paragraph: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        var previous: Character?
        for character in paragraph {
            if character == " ", let previous, ".!?".contains(previous) {
                current.append(character)
                sentences.append(current)
                current = ""
            } else if character == " ", current.isEmpty, !sentences.isEmpty {
                sentences[sentences.count - 1].append(character)
            } else {
                current.append(character)
            }
            previous = character
        }
        if !current.isEmpty { sentences.append(current) }
        return sentences
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }

    /// Whitespace runs collapsed, for comparing texts written differently.
    var normalizedForComparison: String {
        split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
    }
}
