/// Word-level helpers for comparing tabular texts.
enum Words {
    /// Words that say nothing about which code fits.
    static let filler: Set<String> = [
        "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to",
        "with", "without", "nos", "unspecified", "other", "not", "elsewhere", "classified", "nec",
        "specified", "type", "due", "site", "sites",
    ]

    /// The words of a text, lower case, letters and digits only ("Low back pain, NOS" →
    /// low, back, pain, nos).
    static func all(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// The words that carry meaning, without filler, with simple plurals folded ("disorders" →
    /// "disorder").
    static func content(_ text: String) -> Set<String> {
        Set(all(text).filter { !filler.contains($0) }.map(stem))
    }

    static func stem(_ word: String) -> String {
        if word.count > 4, word.hasSuffix("s"), !word.hasSuffix("ss"), !word.hasSuffix("is") { return String(word.dropLast()) }
        return word
    }

    /// The words of `child` left over once the words of `header` are taken away (each header
    /// word takes one occurrence), in the child's order and as written there:
    /// "Low back pain" / "Vertebrogenic low back pain" → "Vertebrogenic".
    ///
    /// "Other", "unspecified" or "specified" left on their own say nothing; the word that follows
    /// them in the child's title is kept with them ("Dislocation … of other finger" → "other
    /// finger"), unless the title starts with "Other" or ends with them ("Dorsalgia, unspecified").
    static func distinguishing(_ child: String, from header: String) -> [String] {
        var remaining: [String: Int] = [:]
        for word in writtenWords(header) { remaining[word.lowercased(), default: 0] += 1 }
        let words = writtenWords(child)
        var keptIndices: [Int] = []
        for (index, written) in words.enumerated() {
            let key = written.lowercased()
            if let count = remaining[key], count > 0 {
                remaining[key] = count - 1
            } else {
                keptIndices.append(index)
            }
        }
        let vague: Set<String> = ["other", "unspecified", "specified", "nos"]
        if let last = keptIndices.last, keptIndices.allSatisfy({ vague.contains(words[$0].lowercased()) }),
           last + 1 < words.count, !(keptIndices == [0] && words[0].lowercased() == "other") {
            keptIndices.append(last + 1)
        }
        return keptIndices.map { words[$0] }
    }

    /// Words as written (case kept), split at anything that is not a letter or digit, except
    /// that hyphens and apostrophes inside a word stay ("non-traumatic").
    static func writtenWords(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in text {
            if character.isLetter || character.isNumber || ((character == "-" || character == "'") && !current.isEmpty) {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current.trimmingSuffix(while: { $0 == "-" || $0 == "'" }))
                current = ""
            }
        }
        if !current.isEmpty { words.append(current.trimmingSuffix(while: { $0 == "-" || $0 == "'" })) }
        return words.filter { !$0.isEmpty }
    }

    /// A stable 32-bit FNV-1a hash of a text, as eight hex digits (the same in every run and
    /// on every platform).
    static func shortHash(_ text: String) -> String {
        var hash: UInt32 = 0x811c_9dc5
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// Whether the text mentions something shaped like a code (a letter, a digit, then letters
    /// or digits: "M54", "S39.012A"), which a stem must not.
    static func mentionsCode(_ text: String) -> Bool {
        !codeMentions(text).isEmpty
    }

    /// The code-shaped tokens of a text: runs of ASCII letters, digits and dots that start with
    /// a capital letter and a digit, at least three characters long (trailing dots dropped).
    static func codeMentions(_ text: String) -> [String] {
        var mentions: [String] = []
        let bytes = Array(text.utf8)
        var start = 0
        func isPart(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2E
        }
        while start < bytes.count {
            guard isPart(bytes[start]) else { start += 1; continue }
            var end = start
            while end < bytes.count, isPart(bytes[end]) { end += 1 }
            var last = end
            while last > start, bytes[last - 1] == 0x2E { last -= 1 }
            let token = bytes[start..<last]
            if token.count >= 3, token.count <= 8, (0x41...0x5A).contains(token[start]), (0x30...0x39).contains(token[start + 1]),
               token.filter({ $0 == 0x2E }).count <= 1 {
                mentions.append(String(decoding: token, as: UTF8.self))
            }
            start = end
        }
        return mentions
    }
}

extension String {
    /// The text without the trailing characters for which `predicate` holds.
    func trimmingSuffix(while predicate: (Character) -> Bool) -> String {
        var result = Substring(self)
        while let last = result.last, predicate(last) { result.removeLast() }
        return String(result)
    }
}
