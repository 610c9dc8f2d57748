import CodeSet
import QuestionBank

/// Banks as an Anki text file (File › Import in Anki 2.1.54 or later), with the header lines
/// that tell Anki how to read it, so it imports as is (QuestionBanks/README.md, "Anki"):
///
///     #separator:tab
///     #html:true
///     #notetype:Basic
///     #deck:ICD-10-CM::Dorsopathies (M40-M54)
///     #columns:Front	Back	Tags	GUID
///     #tags column:3
///     #guid column:4
///
/// One note per case: the stem and the options (a, b, c… in an order fixed by the card id) on
/// the front; the answer with its title, the rationale and each option's why-not on the back;
/// the bank, the chapter and block of the answer and the case's tags as tags; the card id as
/// the GUID, so importing a newer export updates the notes in place and keeps their reviews.
public enum AnkiFormat {
    public static func export(_ banks: [ExportedBank], codeSet: CodeSet) -> String {
        var out = "#separator:tab\n#html:true\n#notetype:Basic\n"
        let oneDeck = banks.count == 1
        if oneDeck, let bank = banks.first {
            out += "#deck:\(deck(bank))\n"
            out += "#columns:Front\tBack\tTags\tGUID\n#tags column:3\n#guid column:4\n"
        } else {
            out += "#columns:Front\tBack\tTags\tGUID\tDeck\n#tags column:3\n#guid column:4\n#deck column:5\n"
        }
        for bank in banks {
            for item in bank.cases {
                var fields = [front(item), back(item), tags(item, bank: bank, codeSet: codeSet).joined(separator: " "),
                              field(item.cardID)]
                if !oneDeck { fields.append(field(deck(bank))) }
                out += fields.joined(separator: "\t") + "\n"
            }
        }
        return out
    }

    /// "ICD-10-CM::<bank title>": Anki's `::` makes a subdeck.
    static func deck(_ bank: ExportedBank) -> String {
        "ICD-10-CM::" + bank.title.replacingOccurrences(of: "::", with: ":").split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// A field's text as HTML with nothing Anki's reader would split on (tabs, line breaks, quotes).
    static func field(_ text: String) -> String { HTMLText.escape(text) }

    /// The options in a fixed order per card (the answer is not always first), lettered a, b, c…:
    /// each option's codes with their official titles.
    static func options(_ item: Case) -> [(letter: Character, isAnswer: Bool, text: String)] {
        var options = [(key: item.answer.joined(separator: "+"), isAnswer: true,
                        text: zip(item.answer, item.answerTitles).map { "\($0) \($1)" }.joined(separator: " + "))]
        options += item.distractors.map { (key: $0.code, isAnswer: false, text: "\($0.code) \($0.title)") }
        let ordered = options.enumerated().sorted {
            (stableHash(item.cardID + "#" + $0.element.key), $0.offset) < (stableHash(item.cardID + "#" + $1.element.key), $1.offset)
        }.map(\.element)
        return zip("abcdefghijklmnopqrstuvwxyz", ordered).map { ($0, $1.isAnswer, $1.text) }
    }

    static func front(_ item: Case) -> String {
        var html = "<div class=\"stem\">\(field(item.stem))</div><ol type=\"a\">"
        for option in options(item) { html += "<li>\(field(option.text))</li>" }
        return html + "</ol>"
    }

    static func back(_ item: Case) -> String {
        let answer = options(item).first { $0.isAnswer }
        var html = "<p><b>(\(answer?.letter ?? "?")) \(field(answer?.text ?? ""))</b></p>"
        html += "<p>\(field(item.rationale))</p><ul>"
        for option in item.distractors {
            html += "<li><b>\(field(option.code)) \(field(option.title))</b>: \(field(option.whyNot))</li>"
        }
        return html + "</ul>"
    }

    /// Tags have no spaces in Anki: `quiz::<bank>`, `ICD-10-CM::Chapter_13`, `ICD-10-CM::M50-M54`,
    /// and the case's own tags.
    static func tags(_ item: Case, bank: ExportedBank, codeSet: CodeSet) -> [String] {
        var tags = ["quiz::\(bank.id)"]
        if let code = item.answer.first, let placement = Placement(code: code, in: codeSet) {
            tags.append("ICD-10-CM::Chapter_\(placement.chapter.chapterNumber ?? 0)")
            if let block = placement.block { tags.append("ICD-10-CM::\(block.code)") }
        }
        tags += item.tags
        return tags.map { tag in
            String(tag.map { $0.isWhitespace || $0 == "\"" ? "_" : $0 })
        }.map(field)
    }

    /// FNV-1a, the same on every run and platform (Swift's `hashValue` is seeded per process).
    static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
