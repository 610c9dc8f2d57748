import Foundation

/// The common case of a replay input line, parsed without Foundation's JSONDecoder (which on
/// Linux spends most of a replay's time, mostly on the `after_each` arrays that replay ignores).
/// Anything unusual (escapes in keys or ids, non-integer numbers, malformed JSON) makes it give
/// up and return nil, and the caller decodes the line with JSONDecoder instead, which also
/// produces the error messages. So this is only ever a faster route to the same result.
struct FastHistoryParser {
    private let b: UnsafeBufferPointer<UInt8>
    private var i = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { b = bytes }

    /// `(id, [(rating, review_at bytes range)])` or nil to fall back.
    static func parse(_ line: UnsafeBufferPointer<UInt8>) -> (id: Replay.ID?, history: [(rating: Int, at: Date?, text: Range<Int>)])? {
        var parser = FastHistoryParser(line)
        return parser.line()
    }

    func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: b[range]), as: UTF8.self) }

    private mutating func line() -> (id: Replay.ID?, history: [(rating: Int, at: Date?, text: Range<Int>)])? {
        var id: Replay.ID?
        var history: [(rating: Int, at: Date?, text: Range<Int>)]?
        guard take(UInt8(ascii: "{")) else { return nil }
        if take(UInt8(ascii: "}")) { return nil }
        repeat {
            guard let key = plainString() else { return nil }
            guard take(UInt8(ascii: ":")) else { return nil }
            if equals(key, "id") {
                skipSpace()
                if i < b.count, b[i] == UInt8(ascii: "\"") {
                    guard let range = plainString() else { return nil }
                    id = .text(text(range))
                } else {
                    guard let n = integer() else { return nil }
                    id = .number(n)
                }
            } else if equals(key, "history") {
                guard let parsed = reviews() else { return nil }
                history = parsed
            } else {
                guard skipValue() else { return nil }
            }
        } while take(UInt8(ascii: ","))
        guard take(UInt8(ascii: "}")) else { return nil }
        skipSpace()
        guard i == b.count, let history else { return nil }
        return (id, history)
    }

    private mutating func reviews() -> [(rating: Int, at: Date?, text: Range<Int>)]? {
        guard take(UInt8(ascii: "[")) else { return nil }
        var out: [(rating: Int, at: Date?, text: Range<Int>)] = []
        if take(UInt8(ascii: "]")) { return out }
        repeat {
            guard take(UInt8(ascii: "{")) else { return nil }
            var rating: Int?
            var at: Range<Int>?
            if !take(UInt8(ascii: "}")) {
                repeat {
                    guard let key = plainString(), take(UInt8(ascii: ":")) else { return nil }
                    if equals(key, "rating") {
                        guard let n = integer() else { return nil }
                        rating = n
                    } else if equals(key, "review_at") {
                        guard let range = plainString() else { return nil }
                        at = range
                    } else {
                        guard skipValue() else { return nil }
                    }
                } while take(UInt8(ascii: ","))
                guard take(UInt8(ascii: "}")) else { return nil }
            }
            guard let rating, let at else { return nil }
            out.append((rating, Timestamp.parse(UnsafeBufferPointer(rebasing: b[at])), at))
        } while take(UInt8(ascii: ","))
        guard take(UInt8(ascii: "]")) else { return nil }
        return out
    }

    private mutating func skipSpace() {
        while i < b.count, b[i] == 32 || b[i] == 9 || b[i] == 10 || b[i] == 13 { i += 1 }
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        skipSpace()
        guard i < b.count, b[i] == byte else { return false }
        i += 1
        return true
    }

    private func equals(_ range: Range<Int>, _ word: StaticString) -> Bool {
        guard range.count == word.utf8CodeUnitCount else { return false }
        let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        return b[range].elementsEqual(w)
    }

    /// A string without escapes or control characters: the range of its contents.
    private mutating func plainString() -> Range<Int>? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = i
        while i < b.count, b[i] != UInt8(ascii: "\"") {
            if b[i] == UInt8(ascii: "\\") || b[i] < 0x20 { return nil }
            i += 1
        }
        guard i < b.count else { return nil }
        i += 1
        return start..<(i - 1)
    }

    private mutating func integer() -> Int? {
        skipSpace()
        var negative = false
        if i < b.count, b[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        let start = i
        var value = 0
        while i < b.count, b[i] >= 48, b[i] <= 57 {
            guard i - start < 18 else { return nil }
            value = value * 10 + Int(b[i] - 48)
            i += 1
        }
        guard i > start else { return nil }
        // A fraction or exponent follows: not an integer literal, let JSONDecoder judge.
        if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") { return nil }
        return negative ? -value : value
    }

    /// Skips any JSON value (strings with escapes included), checking only its nesting.
    private mutating func skipValue() -> Bool {
        skipSpace()
        guard i < b.count else { return false }
        switch b[i] {
        case UInt8(ascii: "\""):
            i += 1
            while i < b.count, b[i] != UInt8(ascii: "\"") {
                i += b[i] == UInt8(ascii: "\\") ? 2 : 1
            }
            guard i < b.count else { return false }
            i += 1
            return true
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            let close = b[i] == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: "}")
            let isObject = b[i] == UInt8(ascii: "{")
            i += 1
            if take(close) { return true }
            repeat {
                if isObject {
                    guard skipValue(), take(UInt8(ascii: ":")) else { return false }
                }
                guard skipValue() else { return false }
            } while take(UInt8(ascii: ","))
            return take(close)
        default:
            let start = i
            while i < b.count, let c = Optional(b[i]),
                  (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || c == UInt8(ascii: "-") || c == UInt8(ascii: "+")
                    || c == UInt8(ascii: ".") || c == UInt8(ascii: "E") {
                i += 1
            }
            return i > start
        }
    }
}
