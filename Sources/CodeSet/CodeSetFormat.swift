/// The layout of the compact code-set file (`*.codeset`) the project ships.
///
/// The file is read by mapping it into memory and reading fixed-size records in place, so
/// opening it costs no parsing: a lookup touches only the pages it needs. All integers are
/// little-endian `UInt32`. Layout:
///
/// ```
/// header      16 words: magic "ICDCODES" (2 words), format version, node count, note count,
///             extension count, string-table size, metadata offset, metadata length, 0…
/// nodes       nodeCount × 10 words, in tabular (pre-)order: every subtree is contiguous
/// notes       noteCount × 3 words: kind, text offset, text length
/// extensions  extensionCount × 3 words: character, text offset, text length
/// index       nodeCount words: node numbers sorted by normalised code (upper case, no dot)
/// strings     UTF-8 bytes that the records above point into
/// ```
/// Node record words: code offset; code length | kind << 16 | flags << 24; title offset;
/// title length; parent (or `noParent`); end of subtree (exclusive); first note; note count |
/// extension count << 16; first extension; chapter number (chapters only, else 0).
enum CodeSetFormat {
    static let magic: (UInt32, UInt32) = (0x4344_4349, 0x5345_444F)  // "ICDCODES"
    static let version: UInt32 = 1
    static let headerWords = 16
    static let nodeWords = 10
    static let noteWords = 3
    static let extensionWords = 3
    static let noParent = UInt32.max

    enum Flag {
        static let billable: UInt32 = 1
        static let needsSeventhCharacter: UInt32 = 2
    }
}

/// What an importer hands to ``CodeSetWriter``: one node of the tabular tree.
public struct TabularNode: Sendable, Equatable {
    public var code: String
    public var title: String
    public var kind: CodeKind
    public var chapterNumber: Int
    public var notes: [Note]
    public var seventhCharacters: [SeventhCharacter]
    public var children: [TabularNode]

    public init(
        code: String, title: String, kind: CodeKind, chapterNumber: Int = 0,
        notes: [Note] = [], seventhCharacters: [SeventhCharacter] = [], children: [TabularNode] = []
    ) {
        self.code = code
        self.title = title
        self.kind = kind
        self.chapterNumber = chapterNumber
        self.notes = notes
        self.seventhCharacters = seventhCharacters
        self.children = children
    }
}
