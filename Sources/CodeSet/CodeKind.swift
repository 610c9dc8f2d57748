/// Where a node sits in the tabular list's hierarchy.
public enum CodeKind: String, Sendable, Codable, CaseIterable {
    /// One of the 22 chapters, e.g. M00-M99.
    case chapter
    /// A range of categories (a "section" in the XML), e.g. M50-M54; some hold other blocks.
    case block
    /// A three-character category, e.g. M54.
    case category
    /// A code with children beneath it, e.g. M54.5: never billable.
    case subcategory
    /// A code with no children of its own, including those formed with a 7th character.
    case code

    var rawCode: UInt32 {
        switch self {
        case .chapter: 0
        case .block: 1
        case .category: 2
        case .subcategory: 3
        case .code: 4
        }
    }

    init?(rawCode: UInt32) {
        switch rawCode {
        case 0: self = .chapter
        case 1: self = .block
        case 2: self = .category
        case 3: self = .subcategory
        case 4: self = .code
        default: return nil
        }
    }
}

/// The instructional notes of the tabular list, named as in the CMS XML.
public enum NoteKind: String, Sendable, Codable, CaseIterable {
    case inclusionTerm
    case includes
    case excludes1
    case excludes2
    case codeFirst
    case useAdditionalCode
    case codeAlso
    case notes
    case sevenChrNote

    /// How the code book heads such a note.
    public var heading: String {
        switch self {
        case .inclusionTerm: "Inclusion terms"
        case .includes: "Includes"
        case .excludes1: "Excludes1"
        case .excludes2: "Excludes2"
        case .codeFirst: "Code first"
        case .useAdditionalCode: "Use additional code"
        case .codeAlso: "Code also"
        case .notes: "Notes"
        case .sevenChrNote: "7th character note"
        }
    }

    var rawCode: UInt32 { UInt32(Self.allCases.firstIndex(of: self)!) }

    init?(rawCode: UInt32) {
        guard rawCode < Self.allCases.count else { return nil }
        self = Self.allCases[Int(rawCode)]
    }
}

/// One note line of the tabular list, e.g. an Excludes1 entry "low back strain (S39.012)".
public struct Note: Sendable, Hashable, Codable {
    public var kind: NoteKind
    public var text: String

    public init(kind: NoteKind, text: String) {
        self.kind = kind
        self.text = text
    }
}

/// A 7th-character definition, e.g. `A` → "initial encounter".
public struct SeventhCharacter: Sendable, Hashable, Codable {
    public var character: Character
    public var meaning: String

    public init(character: Character, meaning: String) {
        self.character = character
        self.meaning = meaning
    }

    enum CodingKeys: String, CodingKey { case character, meaning }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let text = try container.decode(String.self, forKey: .character)
        guard let first = text.first, text.count == 1 else {
            throw DecodingError.dataCorruptedError(
                forKey: .character, in: container, debugDescription: "expected one character")
        }
        character = first
        meaning = try container.decode(String.self, forKey: .meaning)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(String(character), forKey: .character)
        try container.encode(meaning, forKey: .meaning)
    }
}
