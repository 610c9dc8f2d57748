import Foundation
import Scheduler

/// Reads the records that make up nearly all of a log — reviews and undos, in the shape
/// `LearnerStore` writes them — without JSONDecoder, which needs about 30 µs a line (3 s for
/// 100,000 reviews). Returns nil for anything else: the header, whitespace, unknown or repeated
/// keys, escapes in keys or enum values, numbers that are not plain literals, values out of
/// range. `LogReader` then decodes that line with JSONDecoder, which also words the error, so
/// this only ever gives the decoder's result faster (StoreTests compare the two on every shape).
enum RecordScanner {
    static func record(_ bytes: UnsafeBufferPointer<UInt8>) -> LogRecord? {
        var json = JSONScanner(bytes)
        return record(&json)
    }

    private typealias Kind = DigestLine.Kind

    /// The keys of review and undo records, in the sorted order they are written.
    private enum Field: Int, CaseIterable {
        case after, at, bank, before, card, code, correct, given, hints, kind, mode, ms, rating, seq, undoes

        var name: StaticString {
            switch self {
            case .after: "after"
            case .at: "at"
            case .bank: "bank"
            case .before: "before"
            case .card: "card"
            case .code: "code"
            case .correct: "correct"
            case .given: "given"
            case .hints: "hints"
            case .kind: "kind"
            case .mode: "mode"
            case .ms: "ms"
            case .rating: "rating"
            case .seq: "seq"
            case .undoes: "undoes"
            }
        }

        var bit: UInt16 { 1 << UInt16(rawValue) }
    }

    /// The keys of a card state, in the sorted order they are written.
    private enum StateField: Int, CaseIterable {
        case difficulty, due, lastReview, phase, stability, step

        var name: StaticString {
            switch self {
            case .difficulty: "difficulty"
            case .due: "due"
            case .lastReview: "lastReview"
            case .phase: "phase"
            case .stability: "stability"
            case .step: "step"
            }
        }
    }

    /// The next key: the one expected after the previous (keys are written sorted), else read
    /// and looked up. nil for a key that is not one of `F`'s.
    private static func nextKey<F: RawRepresentable & CaseIterable>(
        _ json: inout JSONScanner, expected: Int, name: (F) -> StaticString
    ) -> F? where F.RawValue == Int {
        if let guess = F(rawValue: expected), json.expectKey(name(guess)) { return guess }
        guard let key = json.key(), json.take(UInt8(ascii: ":")) else { return nil }
        return F.allCases.first { json.range(key, is: name($0)) }
    }

    private static func record(_ json: inout JSONScanner) -> LogRecord? {
        guard json.take(UInt8(ascii: "{")) else { return nil }
        var seen: UInt16 = 0
        var expected = 0
        var kind: Kind?
        var seq: Int?, at: Date?, card: String?, bank: String?, code: String?, rating: Rating?, correct: Bool?
        var given: String?, ms: Int?, hints: Int?, mode: Mode?, before: CardState?, after: CardState?, undoes: Int?
        repeat {
            guard let field: Field = nextKey(&json, expected: expected, name: \.name) else { return nil }
            // A repeated key: JSONDecoder's choice between the two is its own.
            guard seen & field.bit == 0 else { return nil }
            seen |= field.bit
            expected = field.rawValue + 1
            switch field {
            case .after:
                guard let value = state(&json) else { return nil }
                after = value
            case .at:
                guard let value = json.timestamp() else { return nil }
                at = value
            case .bank:
                guard let value = json.string() else { return nil }
                bank = value
            case .before:
                if !json.null() {
                    guard let value = state(&json) else { return nil }
                    before = value
                }
            case .card:
                guard let value = json.string() else { return nil }
                card = value
            case .code:
                guard let value = json.string() else { return nil }
                code = value
            case .correct:
                guard let value = json.bool() else { return nil }
                correct = value
            case .given:
                guard let value = json.string() else { return nil }
                given = value
            case .hints:
                guard let value = json.integer() else { return nil }
                hints = value
            case .kind:
                guard let value = kindValue(&json) else { return nil }
                kind = value
            case .mode:
                guard let value = modeValue(&json) else { return nil }
                mode = value
            case .ms:
                if !json.null() {
                    guard let value = json.integer() else { return nil }
                    ms = value
                }
            case .rating:
                guard let number = json.integer(), let value = Rating(rawValue: number) else { return nil }
                rating = value
            case .seq:
                guard let value = json.integer() else { return nil }
                seq = value
            case .undoes:
                guard let value = json.integer() else { return nil }
                undoes = value
            }
        } while json.comma()
        guard json.take(UInt8(ascii: "}")), json.atEnd, let kind, let seq, let at else { return nil }

        switch kind {
        case .review:
            guard seen & Field.undoes.bit == 0, let card, let bank, let code, let rating, let correct, let given,
                  let hints, let mode, let after
            else { return nil }
            let answer = Answer(cardID: card, bank: bank, code: code, rating: rating, correct: correct, given: given,
                                responseMilliseconds: ms, hints: hints, mode: mode)
            return .review(ReviewRecord(seq: seq, at: at, answer: answer, before: before, after: after))
        case .undo:
            // Other keys would be ignored by JSONDecoder; leave such a line to it.
            guard seen == Field.kind.bit | Field.seq.bit | Field.at.bit | Field.undoes.bit, let undoes else { return nil }
            return .undo(seq: seq, at: at, undoes: undoes)
        }
    }

    /// A card state object: `difficulty`, `due`, `lastReview`, `phase`, `stability` and
    /// optionally `step` (absent or null in review).
    /// The `kind` value: "review" or "undo".
    private static func kindValue(_ json: inout JSONScanner) -> Kind? {
        guard let value = json.key() else { return nil }
        if json.range(value, is: "review") { return .review }
        if json.range(value, is: "undo") { return .undo }
        return nil
    }

    /// The `mode` value: "practice" or "exam".
    private static func modeValue(_ json: inout JSONScanner) -> Mode? {
        guard let value = json.key() else { return nil }
        if json.range(value, is: "practice") { return .practice }
        if json.range(value, is: "exam") { return .exam }
        return nil
    }

    private static func state(_ json: inout JSONScanner) -> CardState? {
        guard json.take(UInt8(ascii: "{")) else { return nil }
        var seen: UInt8 = 0
        var expected = 0
        var difficulty: Double?, due: Date?, lastReview: Date?, phase: Phase?, stability: Double?, step: Int?
        repeat {
            guard let field: StateField = nextKey(&json, expected: expected, name: \.name) else { return nil }
            let bit: UInt8 = 1 << UInt8(field.rawValue)
            guard seen & bit == 0 else { return nil }
            seen |= bit
            expected = field.rawValue + 1
            switch field {
            case .difficulty:
                guard let value = json.double() else { return nil }
                difficulty = value
            case .due:
                guard let value = json.timestamp() else { return nil }
                due = value
            case .lastReview:
                guard let value = json.timestamp() else { return nil }
                lastReview = value
            case .phase:
                guard let number = json.integer(), let value = Phase(rawValue: number) else { return nil }
                phase = value
            case .stability:
                guard let value = json.double() else { return nil }
                stability = value
            case .step:
                if !json.null() {
                    guard let value = json.integer() else { return nil }
                    step = value
                }
            }
        } while json.comma()
        guard json.take(UInt8(ascii: "}")), let difficulty, let due, let lastReview, let phase, let stability else { return nil }
        return CardState(phase: phase, step: step, stability: stability, difficulty: difficulty, due: due, lastReview: lastReview)
    }
}

// MARK: - Reading for reports

/// A review or undo line as reports need it: no scheduler states (only whether the card was in
/// review before), and strings as byte ranges of the line, so a million lines do not make
/// millions of strings. Lines it does not take exactly go the whole way (`record`, then
/// JSONDecoder), as in `LogReader`.
struct DigestLine {
    enum Kind { case review, undo }
    var kind: Kind
    var seq: Int
    var at: Date
    var undoes = 0
    var card = 0..<0, bank = 0..<0, code = 0..<0, given = 0..<0
    var rating = Rating.good
    var correct = false
    var mode = Mode.practice
    var hints = 0
    var ms: Int?
    var wasInReview = false
}

extension RecordScanner {
    /// The line's fields without the card states; nil for anything `record` would be asked
    /// instead (strings with escapes included: their ranges would not be their values).
    static func digest(_ bytes: UnsafeBufferPointer<UInt8>) -> DigestLine? {
        var json = JSONScanner(bytes)
        guard json.take(UInt8(ascii: "{")) else { return nil }
        var seen: UInt16 = 0
        var expected = 0
        var kind: DigestLine.Kind?
        var seq: Int?, at: Date?, rating: Rating?, correct: Bool?, hints: Int?, mode: Mode?, undoes: Int?
        var line = DigestLine(kind: .review, seq: 0, at: Date(timeIntervalSince1970: 0))
        repeat {
            guard let field: Field = nextKey(&json, expected: expected, name: \.name) else { return nil }
            guard seen & field.bit == 0 else { return nil }
            seen |= field.bit
            expected = field.rawValue + 1
            switch field {
            case .after:
                guard skipState(&json) != nil else { return nil }
            case .at:
                guard let value = json.timestamp() else { return nil }
                at = value
            case .bank:
                guard let value = json.key() else { return nil }
                line.bank = value
            case .before:
                if !json.null() {
                    guard let phase = skipState(&json) else { return nil }
                    line.wasInReview = phase == .review
                }
            case .card:
                guard let value = json.key() else { return nil }
                line.card = value
            case .code:
                guard let value = json.key() else { return nil }
                line.code = value
            case .correct:
                guard let value = json.bool() else { return nil }
                correct = value
            case .given:
                guard let value = json.key() else { return nil }
                line.given = value
            case .hints:
                guard let value = json.integer() else { return nil }
                hints = value
            case .kind:
                guard let value = kindValue(&json) else { return nil }
                kind = value
            case .mode:
                guard let value = modeValue(&json) else { return nil }
                mode = value
            case .ms:
                if !json.null() {
                    guard let value = json.integer() else { return nil }
                    line.ms = value
                }
            case .rating:
                guard let number = json.integer(), let value = Rating(rawValue: number) else { return nil }
                rating = value
            case .seq:
                guard let value = json.integer() else { return nil }
                seq = value
            case .undoes:
                guard let value = json.integer() else { return nil }
                undoes = value
            }
        } while json.comma()
        guard json.take(UInt8(ascii: "}")), json.atEnd, let kind, let seq, let at else { return nil }
        line.kind = kind
        line.seq = seq
        line.at = at
        switch kind {
        case .review:
            let required = Field.card.bit | Field.bank.bit | Field.code.bit | Field.given.bit | Field.after.bit
            guard seen & Field.undoes.bit == 0, seen & required == required, let rating, let correct, let hints, let mode
            else { return nil }
            line.rating = rating
            line.correct = correct
            line.hints = hints
            line.mode = mode
        case .undo:
            guard seen == Field.kind.bit | Field.seq.bit | Field.at.bit | Field.undoes.bit, let undoes else { return nil }
            line.undoes = undoes
        }
        return line
    }

    /// Passes over a card state object, checking its shape (known keys, each once, phase
    /// present) but not converting the times and numbers it holds; gives its phase.
    private static func skipState(_ json: inout JSONScanner) -> Phase? {
        guard json.take(UInt8(ascii: "{")) else { return nil }
        var seen: UInt8 = 0
        var expected = 0
        var phase: Phase?
        repeat {
            guard let field: StateField = nextKey(&json, expected: expected, name: \.name) else { return nil }
            let bit: UInt8 = 1 << UInt8(field.rawValue)
            guard seen & bit == 0 else { return nil }
            seen |= bit
            expected = field.rawValue + 1
            switch field {
            case .phase:
                guard let number = json.integer(), let value = Phase(rawValue: number) else { return nil }
                phase = value
            case .due, .lastReview:
                guard json.key() != nil else { return nil }
            case .difficulty, .stability, .step:
                guard json.skipNumberOrNull() else { return nil }
            }
        } while json.comma()
        guard json.take(UInt8(ascii: "}")), seen & 0b11111 == 0b11111 else { return nil }
        return phase
    }
}
