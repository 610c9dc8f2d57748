import Foundation

/// Instants as whole microseconds since 1970, the resolution of Python's datetime. Elapsed days
/// and step delays are computed on these integers so that the boundary at exactly 24 hours and
/// fractional-step arithmetic are exact, as they are in the reference.
enum Micros {
    static let perSecond: Int64 = 1_000_000
    static let perDay: Int64 = 86_400 * perSecond

    static func from(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1e6).rounded(.toNearestOrEven))
    }

    static func date(_ micros: Int64) -> Date {
        Date(timeIntervalSince1970: Double(micros) / 1e6)
    }

    static func duration(_ seconds: TimeInterval) -> Int64 {
        Int64((seconds * 1e6).rounded(.toNearestOrEven))
    }

    /// `timedelta * x`: Python rounds the product to whole microseconds, half to even.
    static func scaled(_ micros: Int64, by x: Double) -> Int64 {
        Int64((Double(micros) * x).rounded(.toNearestOrEven))
    }

    /// Whole 24-hour periods from `a` to `b`, floored toward −∞ like `timedelta.days`.
    static func elapsedDays(from a: Int64, to b: Int64) -> Int {
        let d = b - a
        let q = d / perDay
        return Int(d % perDay < 0 ? q - 1 : q)
    }
}

/// ISO-8601 timestamps in UTC as the project writes them: `2024-05-01T08:30:00Z`, with six
/// fractional digits only when there are microseconds (like the reference's vectors).
/// Hand-written because it runs once per review in replay and loading, where Foundation's
/// formatters would dominate the time.
public enum Timestamp {
    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; `nil` for anything else.
    public static func parse(_ text: some StringProtocol) -> Date? {
        var utf8 = Array(text.utf8)
        return utf8.withUnsafeMutableBufferPointer { parse(UnsafeBufferPointer($0)) }
    }

    /// Parses the same syntax from raw bytes.
    public static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Date? {
        guard let micros = parseMicros(b) else { return nil }
        return Micros.date(micros)
    }

    static func parseMicros(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard b.count >= 20 else { return nil }
        @inline(__always)
        func digits(_ start: Int, _ count: Int) -> Int? {
            var value = 0
            for i in start..<(start + count) {
                let c = b[i]
                guard c >= 48 && c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            return value
        }
        guard let year = digits(0, 4), b[4] == 45, let month = digits(5, 2), b[7] == 45,
              let day = digits(8, 2), b[10] == 84 || b[10] == 116 || b[10] == 32,
              let hour = digits(11, 2), b[13] == 58, let minute = digits(14, 2), b[16] == 58,
              let second = digits(17, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year, month),
              hour < 24, minute < 60, second < 60
        else { return nil }
        var i = 19
        var micros: Int64 = 0
        if b[i] == 46 {  // '.'
            i += 1
            var scale: Int64 = 100_000
            let start = i
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                micros += Int64(b[i] - 48) * scale
                scale /= 10
                i += 1
            }
            guard i > start, i - start <= 9 else { return nil }
        }
        guard i < b.count else { return nil }
        var offsetSeconds = 0
        if b[i] == 90 || b[i] == 122 {  // 'Z'
            i += 1
        } else if b[i] == 43 || b[i] == 45, i + 6 == b.count, b[i + 3] == 58,
                  let oh = digits(i + 1, 2), let om = digits(i + 4, 2), oh < 24, om < 60 {
            offsetSeconds = (oh * 3600 + om * 60) * (b[i] == 45 ? -1 : 1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let days = daysFromCivil(year, month, day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
        return seconds * Micros.perSecond + micros
    }

    /// `date` rounded to whole microseconds: the precision timestamps are written with, so a
    /// value that is stored and read back compares equal to the one kept in memory.
    public static func normalized(_ date: Date) -> Date {
        Micros.date(Micros.from(date))
    }

    /// Formats in UTC with `Z`, whole seconds unless there are microseconds.
    public static func format(_ date: Date) -> String {
        format(micros: Micros.from(date))
    }

    static func format(micros: Int64) -> String {
        var seconds = micros / Micros.perSecond
        var fraction = micros % Micros.perSecond
        if fraction < 0 { fraction += Micros.perSecond; seconds -= 1 }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        let (y, m, d) = civilFromDays(Int(days))
        var out = [UInt8]()
        out.reserveCapacity(27)
        func put(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var v = value
            while divisor > 0 {
                out.append(UInt8(48 + v / divisor))
                v %= divisor
                divisor /= 10
            }
        }
        put(y, 4); out.append(45); put(m, 2); out.append(45); put(d, 2); out.append(84)
        let sod = Int(secondOfDay)
        put(sod / 3600, 2); out.append(58); put(sod / 60 % 60, 2); out.append(58); put(sod % 60, 2)
        if fraction != 0 { out.append(46); put(Int(fraction), 6) }
        out.append(90)
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always)
    private static func isLeap(_ y: Int) -> Bool { y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) }

    @inline(__always)
    private static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: isLeap(y) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (H. Hinnant's `days_from_civil`).
    @inline(__always)
    private static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
