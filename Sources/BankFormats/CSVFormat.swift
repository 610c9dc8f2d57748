import CSV
import CodeSet
import Foundation
import QuestionBank

/// Banks as CSV, one row per case (QuestionBanks/README.md, "CSV"):
///
///     id,stem,answer,distractors,rationale,why_nots,tags
///
/// RFC 4180 quoting (fields with commas, quotes or line breaks in double quotes, `""` for a
/// quote, CRLF between rows). Fields holding several values (answer codes, distractor codes,
/// why-nots, tags) join them with ``separator``; the n-th why-not belongs to the n-th
/// distractor. A `|` inside a value is written `||`.
public enum CSVFormat {
    public static let columns = ["id", "stem", "answer", "distractors", "rationale", "why_nots", "tags"]
    public static let separator = " | "

    // MARK: Export

    public static func export(_ banks: [ExportedBank]) throws -> String {
        let stream = OutputStream(toMemory: ())
        let writer = try CSVWriter(stream: stream, newline: .crlf)
        try writer.write(row: columns)
        for bank in banks {
            for item in bank.cases {
                try writer.write(row: [
                    item.id, item.stem, join(item.answer), join(item.distractors.map(\.code)), item.rationale,
                    join(item.distractors.map(\.whyNot)), join(item.tags),
                ])
            }
        }
        writer.stream.close()
        guard let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else {
            throw FormatError(file: "(csv)", line: 0, message: "the CSV writer produced no data")
        }
        return String(decoding: data, as: UTF8.self) + "\r\n"
    }

    static func join(_ values: [String]) -> String {
        values.map { $0.replacingOccurrences(of: "|", with: "||") }.joined(separator: separator)
    }

    static func splitValues(_ field: String) -> [String] {
        let trimmed = field.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return [] }
        // Escaped texts hold pipes only in pairs, so a lone pipe between spaces is a separator.
        var values: [String] = [], current = ""
        let characters = Array(trimmed)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "|" {
                var run = 1
                while index + run < characters.count, characters[index + run] == "|" { run += 1 }
                let spaced = index > 0 && characters[index - 1] == " " && index + run < characters.count
                    && characters[index + run] == " "
                if run == 1, spaced || index == 0 || index + 1 == characters.count {
                    values.append(current)
                    current = ""
                } else {
                    current += String(repeating: "|", count: (run + 1) / 2)
                }
                index += run
                continue
            }
            current.append(character)
            index += 1
        }
        values.append(current)
        return values.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    // MARK: Import

    /// Reads a CSV file into a bank. A file that is not CSV with the documented header (or has
    /// an unclosed quote) throws; rows that cannot become cases are problems with their line.
    public static func importBank(data: Data, file: String, bankID: String?, title: String?,
                                  codeSetRelease: String, codeSet: CodeSet) throws(FormatError) -> ImportResult {
        let text = try InputText.decode(data, file: file)
        let rows = try readRows(text, file: file)
        guard let header = rows.first, header.fields.contains(where: { !$0.isEmpty }) else {
            throw FormatError(file: file, line: 1, message: "the file is empty: the first row must name the columns "
                              + columns.joined(separator: ","))
        }
        var columnIndex: [String: Int] = [:]
        for (position, name) in header.fields.enumerated() {
            let key = name.trimmingCharacters(in: .whitespaces).lowercased()
                .replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
            let canonical = key == "whynots" || key == "why_not" ? "why_nots" : key
            guard columns.contains(canonical) else {
                throw FormatError(file: file, line: 1, message: "unknown column \"\(name)\"; the columns are "
                                  + columns.joined(separator: ", ") + " (tags may be left out)")
            }
            guard columnIndex[canonical] == nil else {
                throw FormatError(file: file, line: 1, message: "the column \(canonical) appears twice")
            }
            columnIndex[canonical] = position
        }
        let missing = columns.filter { $0 != "tags" && columnIndex[$0] == nil }
        guard missing.isEmpty else {
            throw FormatError(file: file, line: 1, message: "the header lacks the column\(missing.count == 1 ? "" : "s") "
                              + missing.joined(separator: ", ") + "; the columns are " + columns.joined(separator: ","))
        }
        var problems: [LintProblem] = []
        var cases: [HandWrittenCase] = []
        for row in rows.dropFirst() {
            if row.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) { continue }
            func fail(_ message: String) {
                problems.append(LintProblem(file: file, line: row.line, message: message))
            }
            guard row.fields.count <= header.fields.count else {
                fail("the row has \(row.fields.count) fields, the header \(header.fields.count): quote fields "
                     + "that hold commas (\"…, …\")")
                continue
            }
            func field(_ name: String) -> String {
                guard let position = columnIndex[name], position < row.fields.count else { return "" }
                return row.fields[position].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let id = field("id"), stem = field("stem"), rationale = field("rationale")
            let answer = splitValues(field("answer")), distractors = splitValues(field("distractors"))
            let whyNots = splitValues(field("why_nots")), tags = splitValues(field("tags"))
            var rowProblems: [String] = []
            if id.isEmpty { rowProblems.append("the id is empty") } else if !Identifier.isValid(id) {
                rowProblems.append("the id \"\(id)\" must use only a-z, 0-9 and -")
            }
            if stem.isEmpty { rowProblems.append("the stem is empty") }
            if answer.isEmpty { rowProblems.append("the answer is empty") }
            if rationale.isEmpty { rowProblems.append("the rationale is empty") }
            if distractors.count != whyNots.count {
                rowProblems.append("\(distractors.count) distractor\(distractors.count == 1 ? "" : "s") but "
                                   + "\(whyNots.count) why-not\(whyNots.count == 1 ? "" : "s"): give one why-not per "
                                   + "distractor, in the same order, separated by \"\(separator)\"")
            }
            if whyNots.contains(where: \.isEmpty) { rowProblems.append("a why-not is empty") }
            let answerCodes = answer.map { OptionText.parse($0) }
            for (written, parsed) in zip(answer, answerCodes) where parsed?.codes.count != 1 {
                rowProblems.append("the answer \"\(written)\" is not a code (write e.g. M54.50)")
            }
            let distractorCodes = distractors.map { OptionText.parse($0) }
            for (written, parsed) in zip(distractors, distractorCodes) where parsed?.codes.count != 1 {
                rowProblems.append("the distractor \"\(written)\" is not a code (write e.g. M54.59)")
            }
            guard rowProblems.isEmpty else {
                fail("case \(id.isEmpty ? "(no id)" : id) is not imported: " + rowProblems.joined(separator: "; "))
                continue
            }
            let built = zip(distractorCodes.compactMap { $0 }, whyNots).map { parsed, whyNot in
                Distractor(code: parsed.codes[0], title: parsed.title, whyNot: whyNot)
            }
            cases.append(HandWrittenCase(id: id, stem: stem, answer: answerCodes.compactMap { $0?.codes[0] },
                                         distractors: built, rationale: rationale, tags: tags,
                                         lines: SourceLines(start: row.line)))
        }
        if cases.isEmpty, !problems.hasErrors {
            throw FormatError(file: file, line: rows.count > 1 ? rows[rows.count - 1].line : 1,
                              message: "the file holds no case (a header and no rows)")
        }
        let id = bankID ?? Identifier.bank(fromFile: file)
        let bank = Bank(id: id, title: title ?? "Imported from \((file as NSString).lastPathComponent)",
                        codeSetRelease: codeSetRelease,
                        description: "Imported from \((file as NSString).lastPathComponent) by quiz import csv.",
                        cases: cases)
        return ImportResult(bank: bank, problems: problems)
    }

    struct Row {
        var line: Int
        var fields: [String]
    }

    /// The rows of the text with the line each starts on. CSV.swift reads the fields; a row
    /// spans one line plus the line breaks inside its quoted fields.
    static func readRows(_ text: String, file: String) throws(FormatError) -> [Row] {
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: false)
        } catch {
            throw FormatError(file: file, line: 1, message: "cannot be read as CSV (\(error))")
        }
        var rows: [Row] = []
        var line = 1
        while let fields = reader.next() {
            rows.append(Row(line: line, fields: fields))
            line += 1 + fields.reduce(0) { count, field in
                count + field.unicodeScalars.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) }
                    + field.replacingOccurrences(of: "\r\n", with: "\n").unicodeScalars.reduce(0) { $0 + ($1 == "\r" ? 1 : 0) }
            }
        }
        if let error = reader.error {
            throw FormatError(file: file, line: line, message: "cannot be read as CSV (\(error))")
        }
        // CSV.swift reads an unclosed quote to the end of the file: find the line that opened it.
        if let opened = unclosedQuoteLine(text) {
            throw FormatError(file: file, line: opened, message: "a quoted field that starts on this line is never closed "
                              + "(a field in double quotes must end with a double quote; write \"\" for a quote inside it)")
        }
        // A trailing line break does not start a row of its own.
        if let last = rows.last, last.fields == [""] { rows.removeLast() }
        return rows
    }

    /// The line of the quote that opens a field never closed (RFC 4180 quoting rules).
    static func unclosedQuoteLine(_ text: String) -> Int? {
        var line = 1, openedAt: Int?
        var inQuotes = false, atFieldStart = true
        var previousWasQuote = false
        for scalar in text.unicodeScalars {
            if inQuotes {
                if scalar == "\"" {
                    previousWasQuote.toggle()
                    continue
                }
                if previousWasQuote {
                    // The quote closed the field.
                    inQuotes = false
                    previousWasQuote = false
                    atFieldStart = scalar == "," || scalar == "\n" || scalar == "\r"
                } else {
                    if scalar == "\n" { line += 1 }
                    continue
                }
            } else if scalar == "\"", atFieldStart {
                inQuotes = true
                openedAt = line
                previousWasQuote = false
                continue
            }
            atFieldStart = scalar == "," || scalar == "\n" || scalar == "\r"
            if scalar == "\n" { line += 1 }
        }
        return inQuotes && !previousWasQuote ? openedAt : nil
    }
}
