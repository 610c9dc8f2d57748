/// Where an item and each of its fields were written in the bank file (1-based lines).
public struct SourceLines: Sendable, Hashable {
    /// The line the item starts on.
    public var start: Int
    /// The line of each key that was written, by key ("stem", "answer", …).
    public var fields: [String: Int]

    public init(start: Int, fields: [String: Int] = [:]) {
        self.start = start
        self.fields = fields
    }

    /// The line of a field, or of the item when the field was not written.
    public subscript(_ key: String) -> Int { fields[key] ?? start }
}

/// One question bank: a YAML file under `QuestionBanks/` (format in QuestionBanks/README.md).
public struct Bank: Sendable, Hashable {
    /// The stable bank id (`[a-z0-9-]+`), the first part of every card id.
    public var id: String
    /// Shown to learners.
    public var title: String
    /// The ICD-10-CM release the bank was written for ("2026-04-01").
    public var codeSetRelease: String
    public var description: String?
    public var pages: [CodePage]
    public var cases: [HandWrittenCase]
    /// The file the bank was read from.
    public var file: String
    public var lines: SourceLines

    public init(id: String, title: String, codeSetRelease: String, description: String? = nil,
                pages: [CodePage] = [], cases: [HandWrittenCase] = [], file: String = "",
                lines: SourceLines = SourceLines(start: 1)) {
        self.id = id
        self.title = title
        self.codeSetRelease = codeSetRelease
        self.description = description
        self.pages = pages
        self.cases = cases
        self.file = file
        self.lines = lines
    }
}

/// The material of a code page (like ../shared/seeds/M53.3-code-page.txt): what a code is,
/// what it is confused with, and examples that become cases.
public struct CodePage: Sendable, Hashable {
    /// The page's code, the default answer of its examples.
    public var code: String
    /// The title as the page writes it; lint checks it against the official title.
    public var title: String?
    /// The page's claim that its code is (or is not) billable; lint checks it.
    public var billable: Bool?
    public var overview: String?
    public var redFlags: [String]
    public var differentials: [Differential]
    public var clinicalExamples: [PageExample]
    public var codingExamples: [PageExample]
    /// Documentation tips.
    public var documentation: [String]
    public var lines: SourceLines

    public init(code: String, title: String? = nil, billable: Bool? = nil, overview: String? = nil,
                redFlags: [String] = [], differentials: [Differential] = [],
                clinicalExamples: [PageExample] = [], codingExamples: [PageExample] = [],
                documentation: [String] = [], lines: SourceLines = SourceLines(start: 1)) {
        self.code = code
        self.title = title
        self.billable = billable
        self.overview = overview
        self.redFlags = redFlags
        self.differentials = differentials
        self.clinicalExamples = clinicalExamples
        self.codingExamples = codingExamples
        self.documentation = documentation
        self.lines = lines
    }

    /// Every example, clinical ones first, each with the case id it gets.
    public var examples: [PageExample] { clinicalExamples + codingExamples }
}

/// A code a page's examples are confused with, and why it is not their answer.
public struct Differential: Sendable, Hashable {
    public var code: String
    public var title: String?
    public var whyNot: String
    public var lines: SourceLines

    public init(code: String, title: String? = nil, whyNot: String, lines: SourceLines = SourceLines(start: 1)) {
        self.code = code
        self.title = title
        self.whyNot = whyNot
        self.lines = lines
    }
}

/// A clinical or coding example of a code page; each becomes a case.
public struct PageExample: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case clinical, coding
    }

    public var kind: Kind
    /// 1-based position among the page's examples of this kind.
    public var number: Int
    /// The id written in the bank, if any.
    public var writtenID: String?
    public var text: String
    /// The answer written in the bank; `nil` means the page's code.
    public var answer: [String]?
    public var rationale: String?
    public var lines: SourceLines

    public init(kind: Kind, number: Int, writtenID: String? = nil, text: String, answer: [String]? = nil,
                rationale: String? = nil, lines: SourceLines = SourceLines(start: 1)) {
        self.kind = kind
        self.number = number
        self.writtenID = writtenID
        self.text = text
        self.answer = answer
        self.rationale = rationale
        self.lines = lines
    }

    /// The case id: the written one, or `<page code>-<kind>-<number>` ("M53.3-clinical-1").
    public func caseID(pageCode: String) -> String {
        writtenID ?? "\(pageCode)-\(kind.rawValue)-\(number)"
    }
}

/// A case written by hand: the stem, its answer, distractors with why-nots, a rationale.
public struct HandWrittenCase: Sendable, Hashable {
    public var id: String
    public var stem: String
    /// One or more codes, in reporting order.
    public var answer: [String]
    public var distractors: [Distractor]
    public var rationale: String
    public var tags: [String]
    public var lines: SourceLines

    public init(id: String, stem: String, answer: [String], distractors: [Distractor], rationale: String,
                tags: [String] = [], lines: SourceLines = SourceLines(start: 1)) {
        self.id = id
        self.stem = stem
        self.answer = answer
        self.distractors = distractors
        self.rationale = rationale
        self.tags = tags
        self.lines = lines
    }
}

/// A wrong option of a hand-written case and why it is wrong there.
public struct Distractor: Sendable, Hashable {
    public var code: String
    /// Optional (an extension of the agreed format); checked like any title.
    public var title: String?
    public var whyNot: String
    public var lines: SourceLines

    public init(code: String, title: String? = nil, whyNot: String, lines: SourceLines = SourceLines(start: 1)) {
        self.code = code
        self.title = title
        self.whyNot = whyNot
        self.lines = lines
    }
}

/// Card identity, what progress is keyed on: `<bank>/<case id>@<answer codes joined by +>`.
/// Editing a stem, rationale, distractor or tag keeps the card; changing the answer makes a new one.
public enum CardID {
    public static func make(bank: String, caseID: String, answer: [String]) -> String {
        "\(bank)/\(caseID)@\(answer.joined(separator: "+"))"
    }
}
