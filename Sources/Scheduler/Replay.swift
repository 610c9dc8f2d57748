import Foundation

/// The review-history format of `fsrs_vectors.py` (`../shared/fsrs/README.md`): one JSON object
/// per line, `{"id": …, "history": [{"rating": 1…4, "review_at": ISO-8601}, …]}` in, and
/// `{"id": …, "after_each": [{state, step, stability, difficulty, due,
/// retrievability_at_next_review, retrievability_at_due}, …]}` out. Lives beside the scheduler
/// so the command and the conformance tests run exactly the same code.
public enum Replay {
    /// One review of a history.
    public struct Review: Sendable, Hashable {
        public var rating: Rating
        public var at: Date
        public init(rating: Rating, at: Date) {
            self.rating = rating
            self.at = at
        }
    }

    /// A history's identifier, echoed back as it came (number or string).
    public enum ID: Sendable, Hashable, Decodable {
        case number(Int)
        case text(String)

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let n = try? container.decode(Int.self) {
                self = .number(n)
            } else {
                self = .text(try container.decode(String.self))
            }
        }

        var json: String {
            switch self {
            case .number(let n): return String(n)
            case .text(let s): return JSONText.quoted(s)
            }
        }
    }

    /// A parsed input line.
    public struct History: Sendable, Hashable {
        public var id: ID
        public var reviews: [Review]
    }

    private struct RawLine: Decodable {
        var id: ID?
        var history: [RawReview]
    }

    private struct RawReview: Decodable {
        var rating: Int
        var review_at: String
    }

    /// Parses one input line. `index` is the id used when the line has none (its position among
    /// the non-blank lines, as the reference script does); `lineNumber` is for messages.
    public static func parse(line: Data, index: Int, lineNumber: Int) throws(ReplayError) -> History {
        let result = line.withUnsafeBytes { raw in
            Result { () throws(ReplayError) in try parse(bytes: raw.bindMemory(to: UInt8.self), index: index, lineNumber: lineNumber) }
        }
        return try result.get()
    }

    static func parse(bytes: UnsafeBufferPointer<UInt8>, index: Int, lineNumber: Int) throws(ReplayError) -> History {
        guard let fast = FastHistoryParser.parse(bytes) else {
            return try parseWithFoundation(line: Data(buffer: bytes), index: index, lineNumber: lineNumber)
        }
        var reviews: [Review] = []
        reviews.reserveCapacity(fast.history.count)
        for (i, entry) in fast.history.enumerated() {
            guard let rating = Rating(rawValue: entry.rating) else {
                throw .badRating(line: lineNumber, review: i, value: entry.rating)
            }
            guard let at = entry.at else {
                throw .badTimestamp(line: lineNumber, review: i, text: String(decoding: UnsafeBufferPointer(rebasing: bytes[entry.text]), as: UTF8.self))
            }
            reviews.append(Review(rating: rating, at: at))
        }
        return History(id: fast.id ?? .number(index), reviews: reviews)
    }

    /// The reference route for any line: JSONDecoder, with its precise error messages.
    static func parseWithFoundation(line: Data, index: Int, lineNumber: Int) throws(ReplayError) -> History {
        let raw: RawLine
        do {
            raw = try JSONDecoder().decode(RawLine.self, from: line)
        } catch {
            throw .badJSON(line: lineNumber, detail: describe(error))
        }
        var reviews: [Review] = []
        reviews.reserveCapacity(raw.history.count)
        for (i, entry) in raw.history.enumerated() {
            guard let rating = Rating(rawValue: entry.rating) else {
                throw .badRating(line: lineNumber, review: i, value: entry.rating)
            }
            guard let at = Timestamp.parse(entry.review_at) else {
                throw .badTimestamp(line: lineNumber, review: i, text: entry.review_at)
            }
            reviews.append(Review(rating: rating, at: at))
        }
        return History(id: raw.id ?? .number(index), reviews: reviews)
    }

    /// The card's state after each review of `history`, starting from a card never reviewed.
    /// With fuzz on, each review's seed comes from the history id and the review's position.
    public static func run(_ history: History, scheduler: Scheduler) -> [CardState] {
        var card: CardState?
        var states: [CardState] = []
        states.reserveCapacity(history.reviews.count)
        let seedKey = history.id.json
        for (i, review) in history.reviews.enumerated() {
            let next = scheduler.review(
                card, rating: review.rating, at: review.at,
                fuzzSeed: FuzzSeed.make(cardID: seedKey, reviewNumber: i))
            states.append(next)
            card = next
        }
        return states
    }

    /// The output line (without newline) for a history and its states.
    public static func outputLine(_ history: History, states: [CardState], scheduler: Scheduler) -> String {
        var out = "{\"id\":\(history.id.json),\"after_each\":["
        out.reserveCapacity(64 + states.count * 240)
        for (i, s) in states.enumerated() {
            if i > 0 { out += "," }
            out += "{\"state\":\"\(s.phase.name)\",\"step\":"
            out += s.step.map(String.init) ?? "null"
            out += ",\"stability\":\(s.stability),\"difficulty\":\(s.difficulty),\"due\":\""
            out += Timestamp.format(s.due)
            out += "\",\"retrievability_at_next_review\":"
            if i + 1 < history.reviews.count {
                out += "\(scheduler.retrievability(of: s, at: history.reviews[i + 1].at))"
            } else {
                out += "null"
            }
            out += ",\"retrievability_at_due\":\(scheduler.retrievability(of: s, at: s.due))}"
        }
        out += "]}"
        return out
    }

    /// Replays every non-blank line of `input` and hands each output line to `emit`.
    /// Stops at the first bad line with an error naming it.
    public static func process(
        _ input: Data, scheduler: Scheduler, emit: (String) -> Void
    ) throws(ReplayError) {
        let result = input.withUnsafeBytes { raw in
            Result { () throws(ReplayError) in
                let bytes = raw.bindMemory(to: UInt8.self)
                var index = 0
                var lineNumber = 0
                var start = 0
                while start < bytes.count {
                    lineNumber += 1
                    var end = start
                    while end < bytes.count, bytes[end] != 10 { end += 1 }
                    let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                    start = end + 1
                    if line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
                    let history = try parse(bytes: line, index: index, lineNumber: lineNumber)
                    index += 1
                    emit(outputLine(history, states: run(history, scheduler: scheduler), scheduler: scheduler))
                }
            }
        }
        try result.get()
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing field \"\(path(context.codingPath + [key]))\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type at \"\(path(context.codingPath))\": \(context.debugDescription)"
        case DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "bad value at \"\(path(context.codingPath))\""
        default:
            return "\(error)"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }.description
    }
}

/// A problem with one line of replay input; `line` is 1-based.
public enum ReplayError: Error, Sendable, Equatable, CustomStringConvertible {
    case badJSON(line: Int, detail: String)
    case badRating(line: Int, review: Int, value: Int)
    case badTimestamp(line: Int, review: Int, text: String)

    public var line: Int {
        switch self {
        case .badJSON(let line, _), .badRating(let line, _, _), .badTimestamp(let line, _, _): line
        }
    }

    public var description: String {
        switch self {
        case .badJSON(_, let detail):
            return "\(detail); each line must be {\"id\": …, \"history\": [{\"rating\": 1-4, \"review_at\": \"2024-05-01T08:30:00Z\"}, …]}"
        case .badRating(_, let review, let value):
            return "history[\(review)].rating is \(value); ratings are 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)"
        case .badTimestamp(_, let review, let text):
            let shown = JSONText.quoted(String(text.prefix(60)))
            return "history[\(review)].review_at is \(shown); write an ISO-8601 UTC time such as \"2024-05-01T08:30:00Z\""
        }
    }
}

/// JSON string literals written by hand where a JSONEncoder per value would cost too much
/// (replay output, the store's snapshot lines).
public enum JSONText {
    /// `s` as a JSON string literal, quotes included; control characters escaped.
    public static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
