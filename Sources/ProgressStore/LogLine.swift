/// The framing of one log line: `{"crc":"1a2b3c4d","rec":{…}}` and a newline, where the CRC-32
/// covers exactly the bytes of the record object. The line stays valid JSON for anyone reading
/// the log with other tools, and a line torn or damaged anywhere fails the check.
enum LogLine {
    private static let head = Array(#"{"crc":""#.utf8)
    private static let middle = Array(#"","rec":"#.utf8)
    /// Bytes before the record: head, 8 hex digits, middle.
    static let recordOffset = 24

    /// The full line (with its newline) for a record's JSON bytes, and its CRC.
    static func frame(_ record: [UInt8]) -> (line: [UInt8], crc: UInt32) {
        let crc = CRC32.checksum(record)
        var line = head
        line.reserveCapacity(record.count + recordOffset + 2)
        line += hex(crc)
        line += middle
        line += record
        line.append(UInt8(ascii: "}"))
        line.append(10)
        return (line, crc)
    }

    /// The record bytes and CRC of a line (without its newline), or nil when the framing or the
    /// checksum does not hold.
    static func unframe(_ line: UnsafeBufferPointer<UInt8>) -> (record: UnsafeBufferPointer<UInt8>, crc: UInt32)? {
        guard line.count > recordOffset + 1,
              line.starts(with: head),
              line[(head.count + 8)...].starts(with: middle),
              line[line.count - 1] == UInt8(ascii: "}"),
              let crc = parseHex(line[head.count..<(head.count + 8)])
        else { return nil }
        let record = UnsafeBufferPointer(rebasing: line[recordOffset..<(line.count - 1)])
        guard CRC32.checksum(record) == crc else { return nil }
        return (record, crc)
    }

    /// The CRC written in a line's header, without checking it (used to match a snapshot to
    /// the line it was taken after).
    static func declaredCRC(_ line: ArraySlice<UInt8>) -> UInt32? {
        guard line.count > recordOffset, line.starts(with: head) else { return nil }
        return parseHex(line.dropFirst(head.count).prefix(8))
    }

    private static let digits = Array("0123456789abcdef".utf8)

    static func hex(_ value: UInt32) -> [UInt8] {
        (0..<8).map { i in digits[Int((value >> UInt32(28 - 4 * i)) & 0xF)] }
    }

    static func parseHex(_ bytes: some Collection<UInt8>) -> UInt32? {
        guard bytes.count == 8 else { return nil }
        var value: UInt32 = 0
        for b in bytes {
            let d: UInt8
            switch b {
            case 48...57: d = b - 48
            case 97...102: d = b - 87
            default: return nil
            }
            value = value << 4 | UInt32(d)
        }
        return value
    }
}
