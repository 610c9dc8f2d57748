#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Scheduler

/// The review digests of a long log up to some point, kept beside it (`stats-cache.bin`) so
/// that the next report reads only the lines written since: a learner with a million reviews
/// gets a report in a fraction of the time it takes to read the whole log.
///
/// Only a cache: it is trusted when its own checksum holds and the log still starts and (up to
/// where the cache ends) ends with the bytes it was made from; otherwise it is ignored and made
/// again. It is written without fsync and replaced by rename, so a crash leaves the old cache,
/// a new one, or one that fails its checksum — never a wrong report.
struct DigestCache {
    static let fileName = "stats-cache.bin"
    /// Logs smaller than this are read whole every time: fast enough, and no file is written.
    static let minimumLogBytes = 8 << 20
    /// The cache is rewritten when this much more log has been read since it was made.
    static let rewriteAfterBytes = 4 << 20
    /// Bytes at the start and at the end of the covered log whose checksums tie the cache to it.
    static let witnessBytes = 4096

    private static let magic: UInt32 = 0x4344_5A51  // "QZDC" read little-endian
    private static let version: UInt32 = 1
    private static let recordBytes = 42

    /// Where the log was read up to, and the reader's state there.
    var logBytes: Int
    var nextLine: Int
    var lastSeq: Int
    var history: ReviewHistory

    // MARK: - Reading

    /// The cache for the log open as `logFD` (of `logSize` bytes), if there is one it can trust.
    static func load(directory: String, logFD: Int32, logSize: Int) -> DigestCache? {
        let path = directory + "/" + fileName
        guard let data = FileManager.default.contents(atPath: path), data.count >= 60 else { return nil }
        return data.withUnsafeBytes { raw -> DigestCache? in
            var reader = ByteReader(raw)
            guard let body = reader.body(), CRC32.checksum(body) == reader.trailer,
                  reader.u32() == magic, reader.u32() == version
            else { return nil }
            let logBytes = Int(reader.u64()), nextLine = Int(reader.u64()), lastSeq = Int(Int64(bitPattern: reader.u64()))
            let headCRC = reader.u32(), tailCRC = reader.u32()
            guard logBytes > 0, logBytes <= logSize,
                  witness(logFD, from: 0, count: min(witnessBytes, logBytes)) == headCRC,
                  witness(logFD, from: max(0, logBytes - witnessBytes), count: min(witnessBytes, logBytes)) == tailCRC
            else { return nil }
            let stringCount = Int(reader.u32())
            var strings: [String] = []
            strings.reserveCapacity(stringCount)
            for _ in 0..<stringCount {
                guard let text = reader.string() else { return nil }
                strings.append(text)
            }
            let reviewCount = Int(reader.u64())
            guard reader.remaining == reviewCount * recordBytes else { return nil }
            var reviews: [ReviewDigest] = []
            reviews.reserveCapacity(reviewCount)
            for _ in 0..<reviewCount {
                guard let review = reader.review(stringCount: Int32(stringCount)) else { return nil }
                reviews.append(review)
            }
            return DigestCache(logBytes: logBytes, nextLine: nextLine, lastSeq: lastSeq,
                               history: ReviewHistory(strings: strings, reviews: reviews))
        }
    }

    /// How much of the log the cache in `directory` says it covers, from its first 16 bytes
    /// alone (not checked: enough to tell whether it is worth making again).
    static func coveredLogBytes(directory: String) -> Int? {
        guard let handle = FileHandle(forReadingAtPath: directory + "/" + fileName) else { return nil }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 16), head.count == 16 else { return nil }
        return head.withUnsafeBytes { raw in
            guard UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self)) == magic,
                  UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4, as: UInt32.self)) == version
            else { return nil }
            return Int(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        }
    }

    /// CRC-32 of `count` log bytes from `offset`; nil if they cannot be read.
    private static func witness(_ fd: Int32, from offset: Int, count: Int) -> UInt32? {
        guard let bytes = try? POSIX.read(fd, from: offset, count: count, path: ""), bytes.count == count else { return nil }
        return CRC32.checksum(bytes)
    }

    // MARK: - Writing

    /// Writes the cache for the log open as `logFD`; a folder that cannot be written (a
    /// read-only copy) simply keeps no cache.
    func write(directory: String, logFD: Int32) {
        guard let headCRC = Self.witness(logFD, from: 0, count: min(Self.witnessBytes, logBytes)),
              let tailCRC = Self.witness(logFD, from: max(0, logBytes - Self.witnessBytes), count: min(Self.witnessBytes, logBytes))
        else { return }
        var out: [UInt8] = []
        out.reserveCapacity(64 + history.strings.reduce(0) { $0 + $1.utf8.count + 4 } + history.reviews.count * Self.recordBytes)
        out.append(u32: Self.magic)
        out.append(u32: Self.version)
        out.append(u64: UInt64(logBytes))
        out.append(u64: UInt64(nextLine))
        out.append(u64: UInt64(bitPattern: Int64(lastSeq)))
        out.append(u32: headCRC)
        out.append(u32: tailCRC)
        out.append(u32: UInt32(history.strings.count))
        for text in history.strings {
            out.append(u32: UInt32(text.utf8.count))
            out.append(contentsOf: text.utf8)
        }
        out.append(u64: UInt64(history.reviews.count))
        for review in history.reviews {
            out.append(u64: UInt64(bitPattern: Int64(review.seq)))
            out.append(u64: review.at.timeIntervalSinceReferenceDate.bitPattern)
            out.append(u32: UInt32(bitPattern: review.card))
            out.append(u32: UInt32(bitPattern: review.bank))
            out.append(u32: UInt32(bitPattern: review.code))
            out.append(u32: UInt32(bitPattern: review.given))
            out.append(u32: UInt32(bitPattern: review.hints))
            out.append(u32: UInt32(bitPattern: review.milliseconds ?? 0))
            out.append(UInt8(review.rating.rawValue))
            out.append((review.correct ? 1 : 0) | (review.wasInReview ? 2 : 0) | (review.milliseconds != nil ? 4 : 0)
                       | (review.mode == .exam ? 8 : 0))
        }
        out.append(u32: CRC32.checksum(out))

        let path = directory + "/" + Self.fileName
        let temporary = path + ".\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(out)) else { return }
        if rename(temporary, path) != 0 { unlink(temporary) }
    }
}

/// Reads the cache's little-endian fields; every read is bounds-checked (the file is outside
/// our control until its checksum has been verified, and a bad one must not crash a report).
private struct ByteReader {
    let raw: UnsafeRawBufferPointer
    var position = 0

    init(_ raw: UnsafeRawBufferPointer) { self.raw = raw }

    var remaining: Int { raw.count - 4 - position }
    var trailer: UInt32 { raw.loadUnaligned(fromByteOffset: raw.count - 4, as: UInt32.self).littleEndian }

    /// Everything before the trailing checksum.
    func body() -> UnsafeBufferPointer<UInt8>? {
        guard raw.count >= 4 else { return nil }
        return UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[..<(raw.count - 4)])
    }

    mutating func u32() -> UInt32 {
        guard remaining >= 4 else { position = raw.count; return 0 }
        defer { position += 4 }
        return raw.loadUnaligned(fromByteOffset: position, as: UInt32.self).littleEndian
    }

    mutating func u64() -> UInt64 {
        guard remaining >= 8 else { position = raw.count; return 0 }
        defer { position += 8 }
        return raw.loadUnaligned(fromByteOffset: position, as: UInt64.self).littleEndian
    }

    mutating func string() -> String? {
        let count = Int(u32())
        guard count >= 0, remaining >= count else { return nil }
        defer { position += count }
        return String(validating: UnsafeRawBufferPointer(rebasing: raw[position..<position + count]), as: UTF8.self)
    }

    mutating func review(stringCount: Int32) -> ReviewDigest? {
        let seq = Int(Int64(bitPattern: u64()))
        let at = Date(timeIntervalSinceReferenceDate: Double(bitPattern: u64()))
        let card = Int32(bitPattern: u32()), bank = Int32(bitPattern: u32()), code = Int32(bitPattern: u32()),
            given = Int32(bitPattern: u32()), hints = Int32(bitPattern: u32()), milliseconds = Int32(bitPattern: u32())
        guard remaining >= 2 else { return nil }
        let rating = Rating(rawValue: Int(raw[position])), flags = raw[position + 1]
        position += 2
        let strings = 0..<stringCount
        guard let rating, strings.contains(card), strings.contains(bank), strings.contains(code), strings.contains(given)
        else { return nil }
        return ReviewDigest(seq: seq, at: at, card: card, bank: bank, code: code, given: given, rating: rating,
                            correct: flags & 1 != 0, mode: flags & 8 != 0 ? .exam : .practice, hints: hints,
                            milliseconds: flags & 4 != 0 ? milliseconds : nil, wasInReview: flags & 2 != 0)
    }
}

private extension Array where Element == UInt8 {
    mutating func append(u32 value: UInt32) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    mutating func append(u64 value: UInt64) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
