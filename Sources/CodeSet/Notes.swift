/// A note together with the node it is written under: notes apply to that node and to
/// everything beneath it, so a code's notes include its ancestors'.
public struct ApplicableNote: Sendable, Hashable {
    public let note: Note
    /// The code (or block, or chapter) the note is written under.
    public let source: String
}

extension CodeSet {
    /// The notes written under this entry itself.
    public func ownNotes(of entry: CodeEntry) -> [Note] {
        guard entry.seventhCharacter == nil else { return [] }
        let record = record(entry.node)
        return (record.firstNote..<record.firstNote + record.noteCount).map(note)
    }

    /// Every note that applies to the entry: the chapter's first, then each level down to the
    /// entry's own.
    public func notes(of entry: CodeEntry) -> [ApplicableNote] {
        path(to: entry).flatMap { level in
            ownNotes(of: level).map { ApplicableNote(note: $0, source: level.code) }
        }
    }

    /// The notes of one kind that apply to the entry (its own and its ancestors').
    public func notes(of entry: CodeEntry, kind: NoteKind) -> [ApplicableNote] {
        notes(of: entry).filter { $0.note.kind == kind }
    }
}
