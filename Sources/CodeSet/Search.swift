/// One result of a word search, with the text that matched.
public struct SearchMatch: Sendable, Hashable {
    public let entry: CodeEntry
    /// The title or inclusion term the words were found in.
    public let matchedText: String
    /// Higher is better; only meaningful for ordering one search's results.
    public let score: Double
}

extension CodeSet {
    /// Codes whose title or inclusion terms contain every word of the query, best first, as a
    /// coder would look them up in the code book ("coccygodynia" → M53.3).
    ///
    /// Each query word must start a word of the text ("lumb" finds "lumbar"). Texts the query
    /// covers more fully rank higher, titles above inclusion terms, billable codes above headers.
    public func search(_ query: String, limit: Int = 10) -> [SearchMatch] {
        let words = SearchText.words(query).filter { !SearchText.stopWords.contains($0) }
        guard !words.isEmpty else { return [] }
        let queryWords = words.map { Array($0.utf8) }
        var best: [Int: (text: String, score: Double)] = [:]
        for node in 0..<nodeCount {
            let record = record(node)
            guard record.kind != .chapter, record.kind != .block else { continue }
            var texts = [(record.titleOffset, record.titleLength, 1.0)]
            for number in record.firstNote..<record.firstNote + record.noteCount {
                let location = noteLocation(number)
                if location.kind == NoteKind.inclusionTerm.rawCode { texts.append((location.offset, location.length, 0.9)) }
            }
            for (offset, length, weight) in texts {
                guard let coverage = SearchText.coverage(of: queryWords, in: stringBytes(offset: offset, length: length))
                else { continue }
                var score = coverage * weight
                if record.flags & CodeSetFormat.Flag.billable != 0 { score += 0.05 }
                if score > best[node]?.score ?? 0 {
                    best[node] = (string(offset: offset, length: length), score)
                }
            }
        }
        return best.sorted { lhs, rhs in
            lhs.value.score != rhs.value.score ? lhs.value.score > rhs.value.score : lhs.key < rhs.key
        }
        .prefix(limit)
        .map { SearchMatch(entry: entry(node: $0.key), matchedText: $0.value.text, score: $0.value.score) }
    }

}

/// Word splitting and matching for ``CodeSet/search(_:limit:)``, on raw UTF-8 so a search
/// over the whole code set stays fast.
enum SearchText {
    static let stopWords: Set<String> = ["of", "the", "and", "in", "with", "to", "a", "an", "or", "for", "nos"]

    static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    /// The share of the text's words matched by the query (1 when they are the same words),
    /// or `nil` unless every query word starts some word of the text.
    static func coverage(of query: [[UInt8]], in text: UnsafeRawBufferPointer) -> Double? {
        var textWords: [Range<Int>] = []
        var start: Int?
        for index in 0...text.count {
            let isWordByte = index < text.count && isWordCharacter(text[index])
            if isWordByte, start == nil { start = index }
            if !isWordByte, let wordStart = start {
                textWords.append(wordStart..<index)
                start = nil
            }
        }
        var matchedLetters = 0, exactWords = 0
        for word in query {
            var matched = false
            for range in textWords where range.count >= word.count {
                if startsWith(text, range, word) {
                    matched = true
                    matchedLetters += word.count
                    if range.count == word.count { exactWords += 1 }
                    break
                }
            }
            guard matched else { return nil }
        }
        let contentWords = textWords.filter { !isStopWord(text, $0) }
        let totalLetters = contentWords.reduce(0) { $0 + $1.count }
        return Double(matchedLetters) / Double(max(totalLetters, 1)) + 0.1 * Double(exactWords) / Double(query.count)
    }

    private static func isWordCharacter(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte >= 0x80
    }

    private static func startsWith(_ text: UnsafeRawBufferPointer, _ range: Range<Int>, _ word: [UInt8]) -> Bool {
        for offset in 0..<word.count {
            var byte = text[range.lowerBound + offset]
            if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
            if byte != word[offset] { return false }
        }
        return true
    }

    private static let stopWordBytes: [[UInt8]] = stopWords.map { Array($0.utf8) }

    private static func isStopWord(_ text: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        stopWordBytes.contains { $0.count == range.count && startsWith(text, range, $0) }
    }
}

extension CodeSet {
    /// Billable codes that start with what has been typed so far ("M54.5" → M54.50, M54.51,
    /// M54.59), for tab completion. Any case, with or without the dot.
    public func completions(of typed: String, limit: Int = 100) -> [CodeEntry] {
        let key = Array(CodeNormalizer.key(typed).utf8)
        guard !key.isEmpty else { return [] }
        var results: [CodeEntry] = []
        var position = lowerBound(of: key)
        while position < nodeCount, results.count < limit {
            let node = indexedNode(at: position)
            guard Array(self.key(of: node).utf8).starts(with: key) else { break }
            let flags = record(node).flags
            if flags & CodeSetFormat.Flag.billable != 0 {
                results.append(entry(node: node))
            } else if flags & CodeSetFormat.Flag.needsSeventhCharacter != 0 {
                results += seventhCharacterCodes(leaf: node)
            }
            position += 1
        }
        return Array(results.prefix(limit))
    }
}
