import CodeSet
import Practice

/// What a drill asks.
public enum DrillKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// An inclusion term of a code → that code ("Coccygodynia" → M53.3).
    case term
    /// A condition an Excludes1 note sends elsewhere → the code it is sent to, against the codes
    /// of the note's header ("low back strain" → S39.012A, not M54.50).
    case excludes1
    /// A header and the words that set one of its codes apart → that code (M54.5 +
    /// "vertebrogenic" → M54.51).
    case specificity
    /// A code's title and an encounter described in words → the code with the right 7th
    /// character (and X placeholders).
    case seventh

    public var title: String {
        switch self {
        case .term: "Inclusion term → code"
        case .excludes1: "Excludes1: where the excluded condition goes"
        case .specificity: "Header + description → the billable code"
        case .seventh: "Encounter → 7th character"
        }
    }
}

/// A practice item generated from the tabular list, right by construction.
public struct Drill: Sendable, Hashable {
    public let kind: DrillKind
    /// The question as practice asks it (bank ``DrillGenerator/bank``).
    public let item: QuizItem
    /// The code (or block) whose tabular text the drill was made from: the code of the inclusion
    /// term, the header of the Excludes1 note, the header of the specificity choice, the leaf of
    /// the 7th character.
    public let source: String
}

/// Why a drill range could not be used.
public struct DrillRangeError: Error, Sendable, CustomStringConvertible {
    public let description: String
}
