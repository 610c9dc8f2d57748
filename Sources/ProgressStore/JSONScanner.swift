import Foundation
import Scheduler

/// Reads JSON values from raw bytes in the exact shapes quiz writes (no whitespace, strict JSON
/// numbers), for the hand-written readers of snapshot card lines and of log records: with
/// thousands of cards or a million reviews, Foundation's JSONDecoder takes seconds where this
/// takes milliseconds. Every reader returns nil (or false) for anything it does not accept,
/// without guessing; the caller then treats the line as damaged (snapshot) or decodes it with
/// JSONDecoder (log), so this is only ever a faster route to the decoder's result.
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var i = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var atEnd: Bool { i == bytes.count }

    @inline(__always)
    mutating func take(_ byte: UInt8) -> Bool {
        guard i < bytes.count, bytes[i] == byte else { return false }
        i += 1
        return true
    }

    @inline(__always)
    mutating func comma() -> Bool { take(UInt8(ascii: ",")) }

    /// The literal `null`.
    @inline(__always)
    mutating func null() -> Bool { literal("null") }

    mutating func bool() -> Bool? {
        if literal("true") { return true }
        if literal("false") { return false }
        return nil
    }

    @inline(__always)
    private mutating func literal(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard bytes.count - i >= n else { return false }
        for k in 0..<n where bytes[i + k] != word.utf8Start[k] { return false }
        i += n
        return true
    }

    /// An object key: a string without escapes, as its byte range (compare with `is`).
    @inline(__always)
    mutating func key() -> Range<Int>? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = i
        while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
            if bytes[i] == UInt8(ascii: "\\") || bytes[i] < 0x20 { return nil }
            i += 1
        }
        guard i < bytes.count else { return nil }
        i += 1
        return start..<(i - 1)
    }

    /// `"name":` exactly: the key the writer puts next (keys are sorted), tried before reading
    /// the key in general.
    @inline(__always)
    mutating func expectKey(_ name: StaticString) -> Bool {
        let n = name.utf8CodeUnitCount
        guard bytes.count - i >= n + 3, bytes[i] == UInt8(ascii: "\""), bytes[i + n + 1] == UInt8(ascii: "\""),
              bytes[i + n + 2] == UInt8(ascii: ":")
        else { return false }
        for k in 0..<n where bytes[i + 1 + k] != name.utf8Start[k] { return false }
        i += n + 3
        return true
    }

    @inline(__always)
    func range(_ range: Range<Int>, is word: StaticString) -> Bool {
        guard range.count == word.utf8CodeUnitCount else { return false }
        for k in 0..<range.count where bytes[range.lowerBound + k] != word.utf8Start[k] { return false }
        return true
    }

    /// A string, with JSON escapes resolved. nil for unescaped control characters, invalid
    /// escapes, unpaired surrogates and invalid UTF-8 (all of which JSONDecoder refuses or
    /// would have to repair).
    mutating func string() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = i
        var high: UInt8 = 0
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                let body = UnsafeBufferPointer(rebasing: bytes[start..<i])
                i += 1
                return high < 0x80 ? String(decoding: body, as: UTF8.self) : String(validating: body, as: UTF8.self)
            }
            if c == UInt8(ascii: "\\") { return escapedString(from: start) }
            if c < 0x20 { return nil }
            high |= c
            i += 1
        }
        return nil
    }

    /// The rest of a string that holds an escape, from the byte after its opening quote.
    private mutating func escapedString(from start: Int) -> String? {
        var out = Array(bytes[start..<i])
        while i < bytes.count {
            let c = bytes[i]
            i += 1
            switch c {
            case UInt8(ascii: "\""):
                return out.withUnsafeBufferPointer { String(validating: $0, as: UTF8.self) }
            case UInt8(ascii: "\\"):
                guard i < bytes.count else { return nil }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard var value = hex4() else { return nil }
                    if (0xD800...0xDBFF).contains(value) {
                        guard take(UInt8(ascii: "\\")), take(UInt8(ascii: "u")), let low = hex4(),
                              (0xDC00...0xDFFF).contains(low) else { return nil }
                        value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(value) else { return nil }
                    out += UTF8.encode(scalar)!
                default:
                    return nil
                }
            default:
                guard c >= 0x20 else { return nil }
                out.append(c)
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard bytes.count - i >= 4 else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[i]
            let d: UInt8
            switch c {
            case 48...57: d = c - 48
            case 65...70: d = c - 55
            case 97...102: d = c - 87
            default: return nil
            }
            value = value << 4 | UInt32(d)
            i += 1
        }
        return value
    }

    /// An integer literal (`-?(0|[1-9][0-9]*)`, at most 18 digits); nil if a fraction or an
    /// exponent follows.
    mutating func integer() -> Int? {
        let negative = take(UInt8(ascii: "-"))
        let start = i
        var value = 0
        while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
            value = value &* 10 &+ Int(bytes[i] - 48)
            i += 1
        }
        let count = i - start
        guard count > 0, count <= 18, count == 1 || bytes[start] != 48 else { return nil }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            return nil
        }
        return negative ? -value : value
    }

    /// A JSON number as a Double, correctly rounded (as JSONDecoder's): exactly from its digits
    /// when they fit Clinger's fast path (up to 2^53 with a power of ten up to 22), else through
    /// the standard library's strtod. nil for what is not a finite, normal (or zero) Double.
    mutating func double() -> Double? {
        let start = i
        let negative = take(UInt8(ascii: "-"))
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        let intStart = i
        while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
            if digits < 19 { mantissa = mantissa * 10 + UInt64(bytes[i] - 48) } else { exponent += 1 }
            if mantissa > 0 { digits += 1 }
            i += 1
        }
        guard i > intStart, i - intStart == 1 || bytes[intStart] != 48 else { return nil }
        if take(UInt8(ascii: ".")) {
            let fracStart = i
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
                if digits < 19 {
                    mantissa = mantissa * 10 + UInt64(bytes[i] - 48)
                    exponent -= 1
                    if mantissa > 0 { digits += 1 }
                }
                i += 1
            }
            guard i > fracStart else { return nil }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            var negativeExponent = false
            if !take(UInt8(ascii: "+")) { negativeExponent = take(UInt8(ascii: "-")) }
            let expStart = i
            var e = 0
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
                guard i - expStart < 4 else { return nil }
                e = e * 10 + Int(bytes[i] - 48)
                i += 1
            }
            guard i > expStart else { return nil }
            exponent += negativeExponent ? -e : e
        }
        if digits < 19, mantissa <= 1 << 53, (-22...22).contains(exponent) {
            let m = Double(mantissa)
            let value = exponent < 0 ? m / Self.powersOfTen[-exponent] : m * Self.powersOfTen[exponent]
            return negative ? -value : value
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        guard let value = Double(text), value.isFinite, value.isNormal || (value == 0 && mantissa == 0) else { return nil }
        return value
    }

    /// 10^0 … 10^22, all exact in a Double.
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// A timestamp string as `Timestamp` writes them (no escapes).
    mutating func timestamp() -> Date? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = i
        while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
            if bytes[i] == UInt8(ascii: "\\") { return nil }
            i += 1
        }
        guard i < bytes.count else { return nil }
        let date = Timestamp.parse(UnsafeBufferPointer(rebasing: bytes[start..<i]))
        i += 1
        return date
    }
}

extension JSONScanner {
    /// Passes over `null` or the characters a JSON number can hold, without converting them.
    mutating func skipNumberOrNull() -> Bool {
        if null() { return true }
        let start = i
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
                 UInt8(ascii: "e"), UInt8(ascii: "E"):
                i += 1
            default:
                return i > start
            }
        }
        return i > start
    }
}
