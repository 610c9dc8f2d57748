import CodeSet

/// One object of `quiz lookup --json`: the documented keys scripts rely on.
struct LookupJSON: Encodable {
    struct Reference: Encodable {
        var text: String
        var codes: [String]
        var qualified: Bool
    }

    struct NoteJSON: Encodable {
        var text: String
        /// The code, block or chapter the note is written under.
        var from: String
        var references: [Reference]
    }

    struct Brief: Encodable {
        var code: String
        var title: String
        var billable: Bool
    }

    var code: String
    var valid: Bool
    var title: String?
    var kind: String?
    var billable: Bool
    var parent: String?
    var children: [String]?
    var path: [Brief]?
    var notes: [String: [NoteJSON]]?
    var seventhCharacters: [SeventhCharacter]?
    var billableCodesBeneath: [Brief]?
    var error: String?
    var suggestions: [Brief]?

    init(result: Result<CodeEntry, InvalidCode>, in codeSet: CodeSet) {
        switch result {
        case let .success(entry):
            code = entry.code
            valid = true
            title = entry.title
            kind = entry.kind.rawValue
            billable = entry.isBillable
            parent = codeSet.parent(of: entry)?.code
            children = codeSet.children(of: entry).map(\.code)
            path = codeSet.path(to: entry).map(Brief.init)
            notes = Dictionary(grouping: codeSet.notes(of: entry), by: \.note.kind.rawValue).mapValues { notes in
                notes.map { applicable in
                    NoteJSON(text: applicable.note.text, from: applicable.source,
                             references: codeSet.references(in: applicable.note).map {
                                 Reference(text: $0.text, codes: $0.targets.map(\.code), qualified: $0.isQualified)
                             })
                }
            }
            seventhCharacters = entry.seventhCharacter == nil ? codeSet.seventhCharacters(for: entry) : nil
            if !entry.isBillable, entry.kind != .chapter, entry.kind != .block {
                billableCodesBeneath = codeSet.billableCodes(under: entry).map(Brief.init)
            }
        case let .failure(invalid):
            code = invalid.input
            valid = false
            billable = false
            error = invalid.description
            suggestions = invalid.suggestions.map(Brief.init)
        }
    }
}

extension LookupJSON.Brief {
    init(_ entry: CodeEntry) {
        self.init(code: entry.code, title: entry.title, billable: entry.isBillable)
    }
}

/// `quiz lookup WORDS --json`.
struct SearchJSON: Encodable {
    struct Match: Encodable {
        var code: String
        var title: String
        var billable: Bool
        var matchedText: String

        init(_ match: SearchMatch) {
            code = match.entry.code
            title = match.entry.title
            billable = match.entry.isBillable
            matchedText = match.matchedText
        }
    }

    var query: String
    var matches: [Match]
}
