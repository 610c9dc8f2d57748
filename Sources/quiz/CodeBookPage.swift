import CodeSet
import Terminal

/// Renders a code-set entry as a page of the code book, for `quiz lookup` and `:lookup`.
struct CodeBookPage {
    let codeSet: CodeSet
    /// How many billable codes beneath a header are listed before the rest are summed up.
    var listLimit = 40

    func render(_ entry: CodeEntry) -> String {
        var lines = [heading(entry)]
        lines.append("  " + billability(entry))
        let ancestors = codeSet.path(to: entry).dropLast()
        for (depth, level) in ancestors.enumerated() {
            lines.append("  " + String(repeating: "  ", count: depth) + (depth == 0 ? "" : "› ") + label(level))
        }
        if let characters = codeSet.seventhCharacters(for: entry), entry.seventhCharacter == nil {
            lines.append("  7th characters:")
            lines += characters.map { "    \($0.character)  \(SafeText.sanitized($0.meaning))" }
        }
        if !entry.isBillable, entry.kind != .chapter, entry.kind != .block {
            let codes = codeSet.billableCodes(under: entry)
            lines.append("  Not billable: pick one of these \(codes.count) codes")
            lines += list(codes)
        } else if !entry.isBillable {
            let children = codeSet.children(of: entry)
            lines.append("  Contains:")
            lines += list(children)
        }
        lines += notes(entry)
        return lines.joined(separator: "\n")
    }

    func render(_ invalid: InvalidCode) -> String {
        var lines = ["\(SafeText.sanitized(invalid.description))"]
        if !invalid.suggestions.isEmpty {
            lines.append("  Did you mean:")
            lines += list(invalid.suggestions)
        }
        return lines.joined(separator: "\n")
    }

    private func heading(_ entry: CodeEntry) -> String {
        switch entry.kind {
        case .chapter: "Chapter \(entry.chapterNumber ?? 0)  \(entry.code)  \(SafeText.sanitized(entry.title))"
        default: "\(entry.code)  \(SafeText.sanitized(entry.title))"
        }
    }

    private func label(_ entry: CodeEntry) -> String {
        switch entry.kind {
        case .chapter: "Chapter \(entry.chapterNumber ?? 0) \(SafeText.sanitized(entry.title)) (\(entry.code))"
        default: "\(entry.code) \(SafeText.sanitized(entry.title))"
        }
    }

    private func billability(_ entry: CodeEntry) -> String {
        if entry.isBillable { return "Billable: yes" }
        if entry.needsSeventhCharacter { return "Billable: no, it needs a 7th character" }
        switch entry.kind {
        case .chapter, .block: return "Billable: no, it is a \(entry.kind == .chapter ? "chapter" : "block") heading"
        default: return "Billable: no, it is a header"
        }
    }

    private func list(_ entries: [CodeEntry]) -> [String] {
        let shown = entries.prefix(listLimit)
        let width = shown.map(\.code.count).max() ?? 0
        var lines = shown.map { entry in
            "    " + entry.code.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + SafeText.sanitized(entry.title)
                + (entry.isBillable || entry.kind == .block ? "" : "  [not billable]")
        }
        if entries.count > shown.count {
            lines.append("    … and \(entries.count - shown.count) more (look up one of the codes above to narrow down)")
        }
        return lines
    }

    /// Notes grouped as the code book prints them: by the level they are written under, then
    /// by kind. Notes from higher levels apply here too and say where they come from.
    private func notes(_ entry: CodeEntry) -> [String] {
        var lines: [String] = []
        for level in codeSet.path(to: entry) {
            let notes = codeSet.ownNotes(of: level)
            let origin = level.code == entry.code ? "" : " (from \(level.code))"
            for kind in NoteKind.allCases {
                let texts = notes.filter { $0.kind == kind }.map(\.text)
                guard !texts.isEmpty else { continue }
                lines.append("  \(kind.heading)\(origin):")
                lines += texts.map { "    " + SafeText.sanitized($0) }
            }
        }
        return lines
    }
}
