/// Writes a bank as YAML in the documented format. Every text is a double-quoted scalar
/// (escaped, so nothing in it can change the YAML's structure), folded at about 96 columns.
public enum BankWriter {
    public static func yaml(_ bank: Bank, comment: [String] = []) -> String {
        var out = comment.map { "# \($0)\n" }.joined()
        out += "bank: \(quoted(bank.id, indent: 0))\n"
        out += "title: \(quoted(bank.title, indent: 0))\n"
        out += "codeset: \(quoted(bank.codeSetRelease, indent: 0))\n"
        if let description = bank.description { out += "description: \(quoted(description, indent: 2))\n" }
        if !bank.pages.isEmpty {
            out += "\npages:\n"
            for page in bank.pages { out += pageYAML(page) }
        }
        if !bank.cases.isEmpty {
            out += "\ncases:\n"
            for item in bank.cases { out += caseYAML(item) }
        }
        return out
    }

    static func pageYAML(_ page: CodePage) -> String {
        var out = "  - code: \(quoted(page.code, indent: 6))\n"
        if let title = page.title { out += "    title: \(quoted(title, indent: 6))\n" }
        if let billable = page.billable { out += "    billable: \(billable)\n" }
        if let overview = page.overview { out += "    overview: \(quoted(overview, indent: 6))\n" }
        out += list("red_flags", page.redFlags, indent: 4)
        if !page.differentials.isEmpty {
            out += "    differentials:\n"
            for differential in page.differentials {
                out += "      - code: \(quoted(differential.code, indent: 10))\n"
                if let title = differential.title { out += "        title: \(quoted(title, indent: 10))\n" }
                out += "        why_not: \(quoted(differential.whyNot, indent: 10))\n"
            }
        }
        for (key, examples) in [("clinical_examples", page.clinicalExamples), ("coding_examples", page.codingExamples)]
        where !examples.isEmpty {
            out += "    \(key):\n"
            for example in examples {
                var first = true
                func field(_ name: String, _ value: String) {
                    out += (first ? "      - " : "        ") + "\(name): \(value)\n"
                    first = false
                }
                if let id = example.writtenID { field("id", quoted(id, indent: 10)) }
                field("text", quoted(example.text, indent: 10))
                if let answer = example.answer { field("answer", "[" + answer.map { quoted($0, indent: 10) }.joined(separator: ", ") + "]") }
                if let rationale = example.rationale { field("rationale", quoted(rationale, indent: 10)) }
            }
        }
        out += list("documentation", page.documentation, indent: 4)
        return out
    }

    static func caseYAML(_ item: HandWrittenCase) -> String {
        var out = "  - id: \(quoted(item.id, indent: 6))\n"
        out += "    stem: \(quoted(item.stem, indent: 6))\n"
        out += "    answer: [" + item.answer.map { quoted($0, indent: 6) }.joined(separator: ", ") + "]\n"
        out += "    distractors:\n"
        for distractor in item.distractors {
            out += "      - code: \(quoted(distractor.code, indent: 10))\n"
            if let title = distractor.title { out += "        title: \(quoted(title, indent: 10))\n" }
            out += "        why_not: \(quoted(distractor.whyNot, indent: 10))\n"
        }
        out += "    rationale: \(quoted(item.rationale, indent: 6))\n"
        if !item.tags.isEmpty { out += "    tags: [" + item.tags.map { quoted($0, indent: 6) }.joined(separator: ", ") + "]\n" }
        return out
    }

    static func list(_ key: String, _ values: [String], indent: Int) -> String {
        guard !values.isEmpty else { return "" }
        let pad = String(repeating: " ", count: indent)
        return "\(pad)\(key):\n" + values.map { "\(pad)  - \(quoted($0, indent: indent + 4))\n" }.joined()
    }

    /// A YAML double-quoted scalar, escaped, folded at spaces onto lines indented by `indent`.
    public static func quoted(_ text: String, indent: Int, width: Int = 96) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            default:
                // Outside YAML's printable set (C0, DEL, C1, U+FFFE, U+FFFF), or read back changed
                // (line and paragraph separators, the byte-order mark): written as an escape.
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
                    || scalar.value == 0xFEFF || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    escaped += String(format: "\\u%04X", scalar.value)
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        // Fold at a single space between two non-space characters; a fold reads back as one space.
        let characters = Array(escaped)
        var lines: [String] = [], current = "", column = indent + 1
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == " ", column >= width, index > 0, index + 1 < characters.count,
               characters[index - 1] != " ", characters[index - 1] != "\\", characters[index + 1] != " " {
                lines.append(current)
                current = ""
                column = indent
            } else {
                current.append(character)
                column += 1
            }
            index += 1
        }
        lines.append(current)
        let pad = String(repeating: " ", count: indent)
        return "\"" + lines.joined(separator: "\n" + pad) + "\""
    }
}
