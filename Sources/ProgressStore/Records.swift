import Foundation
import Scheduler

/// Whether an answer was given in daily practice or in a timed mock exam.
public enum Mode: String, Sendable, Hashable, Codable {
    case practice
    case exam
}

/// What Practice knows about one answer; the store adds the time, the sequence number and the
/// scheduler states.
public struct Answer: Sendable, Hashable {
    /// The case (card) answered.
    public var cardID: String
    /// The bank the case comes from.
    public var bank: String
    /// The right answer's ICD-10-CM code.
    public var code: String
    /// The grade given to the scheduler.
    public var rating: Rating
    /// Whether the learner's answer was right.
    public var correct: Bool
    /// What the learner gave: an option letter or a typed code.
    public var given: String
    /// Time from showing the case to the answer, in milliseconds (nil when not measured).
    public var responseMilliseconds: Int?
    /// Hints the learner asked for.
    public var hints: Int
    public var mode: Mode

    public init(cardID: String, bank: String, code: String, rating: Rating, correct: Bool, given: String,
                responseMilliseconds: Int?, hints: Int, mode: Mode) {
        self.cardID = cardID
        self.bank = bank
        self.code = code
        self.rating = rating
        self.correct = correct
        self.given = given
        self.responseMilliseconds = responseMilliseconds
        self.hints = hints
        self.mode = mode
    }
}

/// One review as the log keeps it: the answer, when, and the card's scheduler state before and
/// after. Keeping both states makes undo exact and lets card states be rebuilt from the log
/// without re-running the scheduler (whose settings may have changed since).
public struct ReviewRecord: Sendable, Hashable, Codable {
    /// Position in the learner's log (increasing, never reused).
    public var seq: Int
    public var at: Date
    public var answer: Answer
    /// nil for the card's first review.
    public var before: CardState?
    public var after: CardState

    /// A lapse is a review card forgotten (Anki's definition; it drives leech counting).
    public var isLapse: Bool { before?.phase == .review && answer.rating == .again }

    enum CodingKeys: String, CodingKey {
        case kind, seq, at, card, bank, code, rating, correct, given, ms, hints, mode, before, after
    }

    public init(seq: Int, at: Date, answer: Answer, before: CardState?, after: CardState) {
        self.seq = seq
        self.at = at
        self.answer = answer
        self.before = before
        self.after = after
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        seq = try c.decode(Int.self, forKey: .seq)
        at = try c.decode(Date.self, forKey: .at)
        answer = Answer(
            cardID: try c.decode(String.self, forKey: .card),
            bank: try c.decode(String.self, forKey: .bank),
            code: try c.decode(String.self, forKey: .code),
            rating: try c.decode(Rating.self, forKey: .rating),
            correct: try c.decode(Bool.self, forKey: .correct),
            given: try c.decode(String.self, forKey: .given),
            responseMilliseconds: try c.decodeIfPresent(Int.self, forKey: .ms),
            hints: try c.decode(Int.self, forKey: .hints),
            mode: try c.decode(Mode.self, forKey: .mode))
        before = try c.decodeIfPresent(CardState.self, forKey: .before)
        after = try c.decode(CardState.self, forKey: .after)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("review", forKey: .kind)
        try c.encode(seq, forKey: .seq)
        try c.encode(at, forKey: .at)
        try c.encode(answer.cardID, forKey: .card)
        try c.encode(answer.bank, forKey: .bank)
        try c.encode(answer.code, forKey: .code)
        try c.encode(answer.rating, forKey: .rating)
        try c.encode(answer.correct, forKey: .correct)
        try c.encode(answer.given, forKey: .given)
        try c.encode(answer.responseMilliseconds, forKey: .ms)
        try c.encode(answer.hints, forKey: .hints)
        try c.encode(answer.mode, forKey: .mode)
        try c.encode(before, forKey: .before)
        try c.encode(after, forKey: .after)
    }
}

/// The three kinds of log line.
enum LogRecord: Sendable, Equatable {
    /// Line 1: what the file is and which schema it follows.
    case header(schema: Int, learner: String, created: Date)
    case review(ReviewRecord)
    /// Takes back the review with sequence number `undoes` (always the latest one not yet undone).
    case undo(seq: Int, at: Date, undoes: Int)
}

extension LogRecord: Codable {
    private enum Keys: String, CodingKey { case kind, schema, learner, created, seq, at, undoes }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        switch try c.decode(String.self, forKey: .kind) {
        case "header":
            self = .header(schema: try c.decode(Int.self, forKey: .schema),
                           learner: try c.decode(String.self, forKey: .learner),
                           created: try c.decode(Date.self, forKey: .created))
        case "review":
            self = .review(try ReviewRecord(from: decoder))
        case "undo":
            self = .undo(seq: try c.decode(Int.self, forKey: .seq), at: try c.decode(Date.self, forKey: .at),
                         undoes: try c.decode(Int.self, forKey: .undoes))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown record kind \"\(other)\"")
        }
    }

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .header(let schema, let learner, let created):
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode("header", forKey: .kind)
            try c.encode(schema, forKey: .schema)
            try c.encode(learner, forKey: .learner)
            try c.encode(created, forKey: .created)
        case .review(let record):
            try record.encode(to: encoder)
        case .undo(let seq, let at, let undoes):
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode("undo", forKey: .kind)
            try c.encode(seq, forKey: .seq)
            try c.encode(at, forKey: .at)
            try c.encode(undoes, forKey: .undoes)
        }
    }
}

/// JSON coders with timestamps as `Timestamp` writes them (ISO-8601 UTC, microseconds).
enum Coders {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(Timestamp.format(date))
        }
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let c = try decoder.singleValueContainer()
            let text = try c.decode(String.self)
            guard let date = Timestamp.parse(text) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an ISO-8601 UTC time: \(Sanitize.forMessage(text))")
            }
            return date
        }
        return decoder
    }

    /// A decoding error as a short phrase for a file:line message.
    static func describe(_ error: any Error) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }.description
        }
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing field \"\(path(context.codingPath + [key]))\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type for \"\(path(context.codingPath))\""
        case DecodingError.dataCorrupted(let context):
            if context.codingPath.isEmpty { return "not valid JSON" }
            return "bad value for \"\(path(context.codingPath))\": \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }
}
