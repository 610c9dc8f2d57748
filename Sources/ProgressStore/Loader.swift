#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Scheduler

/// Reads log lines, checking each one's frame and checksum, and hands the records on in order.
/// A bad line that is the last one in the file is what an interrupted append leaves behind: it is
/// reported as `tornTail` for the caller to set aside. A bad line anywhere else is corruption
/// and stops the scan with the file and line.
struct LogReader {
    let path: String
    let learner: String
    /// Bytes of complete, valid lines consumed.
    private(set) var goodBytes = 0
    private(set) var lineCount = 0
    private(set) var lastCRC: UInt32 = 0
    /// Where the unusable last line starts (offset in the scanned bytes) and its line number.
    private(set) var tornTail: (offset: Int, line: Int)?
    private var lastSeq = 0

    init(path: String, learner: String) {
        self.path = path
        self.learner = learner
    }

    /// Checks and decodes each line of `bytes` and hands the records to `handle` in order.
    /// Reviews and undos are read by `RecordScanner`; anything it does not take (the header,
    /// hand-edited or unusual lines) by JSONDecoder, which also words the error for `path:line`.
    /// A long log is cut into pieces at line ends that are checked and decoded on all cores, a
    /// round of pieces at a time (so memory stays bounded); checking the order of the records
    /// and handing them on stays sequential, and the first problem in file order is the one
    /// reported, as when reading line by line.
    mutating func scan(
        _ bytes: ArraySlice<UInt8>, firstLine: Int, expectHeader: Bool,
        _ handle: (LogRecord, Int) throws(ProgressError) -> Void
    ) throws(ProgressError) {
        try bytes.withUnsafeBufferPointer { buffer throws(ProgressError) in
            try scan(buffer, firstLine: firstLine, expectHeader: expectHeader, handle)
        }
    }

    /// Bytes per piece read on one core (tests make it small to cross piece ends).
    var pieceBytes = 4 << 20

    private mutating func scan(
        _ buffer: UnsafeBufferPointer<UInt8>, firstLine: Int, expectHeader: Bool,
        _ handle: (LogRecord, Int) throws(ProgressError) -> Void
    ) throws(ProgressError) {
        let workers = buffer.count > pieceBytes ? max(1, min(ProcessInfo.processInfo.activeProcessorCount, 16)) : 1
        var position = 0
        var lineNumber = firstLine
        while position < buffer.count {
            let bounds = Self.pieces(of: buffer, from: position, size: pieceBytes, limit: workers)
            var pieces = [Piece](repeating: Piece(), count: bounds.count)
            if bounds.count == 1 {
                pieces[0] = Self.parse(buffer, bounds[0])
            } else {
                pieces.withUnsafeMutableBufferPointer { out in
                    let shared = Shared(buffer: buffer, bounds: bounds, out: out)
                    DispatchQueue.concurrentPerform(iterations: shared.bounds.count) { k in
                        shared.out[k] = Self.parse(shared.buffer, shared.bounds[k])
                    }
                }
            }
            for piece in pieces {
                for line in piece.lines {
                    try check(line.record, line: lineNumber, isFirst: expectHeader && lineNumber == firstLine)
                    try handle(line.record, lineNumber)
                    position = line.end
                    goodBytes = position
                    lineCount += 1
                    lastCRC = line.crc
                    lineNumber += 1
                }
                switch piece.stop {
                case nil:
                    break
                case .unterminated:
                    tornTail = (position, lineNumber)
                    return
                case .tooLong:
                    throw .corrupt(path: path, line: lineNumber, reason: "the line is longer than any record quiz writes")
                case .badFrame(let isLast):
                    if isLast {
                        tornTail = (position, lineNumber)
                        return
                    }
                    throw .corrupt(path: path, line: lineNumber, reason: "the line fails its checksum (damaged or edited by hand)")
                case .undecodable(let reason):
                    throw .corrupt(path: path, line: lineNumber, reason: reason)
                }
            }
        }
    }

    /// What the parsing threads share: the bytes (only read) and one result slot per piece,
    /// each written by the one thread that parses that piece, and read after all have finished.
    private struct Shared: @unchecked Sendable {
        let buffer: UnsafeBufferPointer<UInt8>
        let bounds: [Range<Int>]
        let out: UnsafeMutableBufferPointer<Piece>
    }

    /// The lines of one piece that were read, and why it stopped early, if it did.
    private struct Piece {
        var lines: [(record: LogRecord, end: Int, crc: UInt32)] = []
        var stop: Stop?
    }

    /// What ends a piece before its end; the caller turns it into a torn tail or an error for
    /// the line after the last one read.
    private enum Stop {
        case unterminated
        case tooLong
        case badFrame(isLast: Bool)
        case undecodable(String)
    }

    /// Up to `limit` consecutive ranges of about `size` bytes from `start`, each ending at a line
    /// end (or the buffer's end), for parsing on several cores.
    static func pieces(of buffer: UnsafeBufferPointer<UInt8>, from start: Int, size: Int, limit: Int = .max) -> [Range<Int>] {
        var bounds: [Range<Int>] = []
        var next = start
        while bounds.count < limit, next < buffer.count {
            var end = min(buffer.count, next + size)
            if end < buffer.count {
                end = lineEnd(in: buffer, from: end - 1).map { $0 + 1 } ?? buffer.count
            }
            bounds.append(next..<end)
            next = end
        }
        return bounds
    }

    static func lineEnd(in buffer: UnsafeBufferPointer<UInt8>, from position: Int) -> Int? {
        guard let base = buffer.baseAddress, position < buffer.count,
              let found = memchr(base + position, 10, buffer.count - position)
        else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }

    /// Checks and decodes the lines in `range` (which ends at a line end or the buffer's end).
    private static func parse(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Piece {
        var piece = Piece()
        piece.lines.reserveCapacity(range.count / 256)
        var decoder: JSONDecoder?
        var position = range.lowerBound
        while position < range.upperBound {
            guard let newline = lineEnd(in: buffer, from: position), newline < range.upperBound else {
                piece.stop = .unterminated
                return piece
            }
            guard newline - position <= LearnerStore.maximumLineBytes else {
                piece.stop = .tooLong
                return piece
            }
            guard let (recordBytes, crc) = LogLine.unframe(UnsafeBufferPointer(rebasing: buffer[position..<newline])) else {
                piece.stop = .badFrame(isLast: newline + 1 == buffer.count)
                return piece
            }
            let record: LogRecord
            if let fast = RecordScanner.record(recordBytes) {
                record = fast
            } else {
                let slow = decoder ?? Coders.decoder()
                decoder = slow
                do {
                    record = try slow.decode(LogRecord.self, from: Data(buffer: recordBytes))
                } catch {
                    piece.stop = .undecodable(Coders.describe(error))
                    return piece
                }
            }
            position = newline + 1
            piece.lines.append((record, position, crc))
        }
        return piece
    }

    private mutating func check(_ record: LogRecord, line: Int, isFirst: Bool) throws(ProgressError) {
        switch record {
        case .header(let schema, _, _):
            guard isFirst else { throw .corrupt(path: path, line: line, reason: "a header line in the middle of the log") }
            if schema > LearnerStore.schema {
                throw .newerSchema(path: path, found: schema, supported: LearnerStore.schema)
            }
        case .review(let review):
            guard !isFirst else { throw .corrupt(path: path, line: line, reason: "the log does not start with its header line") }
            guard review.seq > lastSeq else { throw .corrupt(path: path, line: line, reason: "sequence number \(review.seq) is out of order") }
            lastSeq = review.seq
        case .undo(let seq, _, _):
            guard !isFirst else { throw .corrupt(path: path, line: line, reason: "the log does not start with its header line") }
            guard seq > lastSeq else { throw .corrupt(path: path, line: line, reason: "sequence number \(seq) is out of order") }
            lastSeq = seq
        }
    }
}

/// Builds a learner's in-memory state when the store opens: the snapshot if it matches the log,
/// then the log lines after it; repairs an interrupted last append.
struct Loader {
    let directory: String
    let learner: String
    let logFD: Int32
    let now: Date
    var warnings: [String] = []
    var cards: [String: CardProgress] = [:]
    var state = LogState()
    /// The snapshot was missing, damaged or did not match: write a new one.
    var snapshotStale = false
    /// Reading for a report without the learner's lock (`ProgressReader`): nothing is written,
    /// renamed or cut; an incomplete last line (a session may be appending it) is left out.
    var readOnly = false
    /// Read the log only up to this many bytes (what a report's scan of the log covered).
    var logLimit: Int?

    /// Reviews kept for undo while rebuilding from the whole log.
    static let rebuildUndoLimit = 10_000
    static let maximumLogBytes = 4 << 30

    var logPath: String { directory + "/reviews.jsonl" }
    var snapshotPath: String { directory + "/snapshot.jsonl" }
    var tornPath: String { directory + "/reviews.jsonl.torn" }

    init(directory: String, learner: String, logFD: Int32, now: Date) {
        self.directory = directory
        self.learner = learner
        self.logFD = logFD
        self.now = now
    }

    mutating func load() throws(ProgressError) {
        var size = try POSIX.size(logFD, path: logPath)
        guard size <= Self.maximumLogBytes else { throw .tooLarge(path: logPath, size: size, limit: Self.maximumLogBytes) }
        if let logLimit { size = min(size, logLimit) }
        if size == 0 {
            if readOnly { return }
            try writeHeader()
            return
        }
        var start = 0
        if let (snapshot, snapshotCards) = try readSnapshot(logSize: size) {
            start = snapshot.logBytes
            cards = snapshotCards
            state.logBytes = snapshot.logBytes
            state.logLines = snapshot.logLines
            state.lastLineCRC = LogLine.parseHex(Array(snapshot.lastLineCRC.utf8)[...]) ?? 0
            state.nextSeq = snapshot.nextSeq
            state.undoable = snapshot.undoable
        } else {
            snapshotStale = true
        }

        let bytes = try POSIX.read(logFD, from: start, count: size - start, path: logPath)
        var reader = LogReader(path: logPath, learner: learner)
        try reader.scan(bytes[...], firstLine: state.logLines + 1, expectHeader: start == 0) { record, line throws(ProgressError) in
            try apply(record, line: line)
        }
        state.logBytes = start + reader.goodBytes
        state.logLines += reader.lineCount
        state.linesSinceSnapshot = reader.lineCount
        if reader.lineCount > 0 { state.lastLineCRC = reader.lastCRC }

        if let torn = reader.tornTail {
            if readOnly {
                warnings.append("\(logPath):\(torn.line): the last line is incomplete (being written by a session, or cut by a crash); it was left out")
                return
            }
            try setAside(Array(bytes[torn.offset...]), line: torn.line)
        }
        if state.logLines == 0, !readOnly {
            // Only a torn header was there: the log was being created.
            try writeHeader()
            snapshotStale = false
        }
    }

    private mutating func apply(_ record: LogRecord, line: Int) throws(ProgressError) {
        switch record {
        case .header:
            break
        case .review(let review):
            LearnerStore.apply(review, to: &cards)
            state.undoable.append(review)
            if state.undoable.count > 2 * Self.rebuildUndoLimit {
                state.undoable.removeFirst(Self.rebuildUndoLimit)
            }
            state.nextSeq = review.seq + 1
        case .undo(let seq, _, let undoes):
            guard let last = state.undoable.last, last.seq == undoes else {
                throw .corrupt(path: logPath, line: line, reason: "undo of review \(undoes), which is not the latest review")
            }
            LearnerStore.revert(last, in: &cards)
            state.undoable.removeLast()
            state.nextSeq = seq + 1
        }
    }

    /// The snapshot, if there is one and it was taken from this log. A newer schema is refused;
    /// a damaged snapshot is renamed aside (kept) and rebuilt, since the log holds the truth.
    private mutating func readSnapshot(logSize: Int) throws(ProgressError) -> (Snapshot, [String: CardProgress])? {
        guard let bytes = try POSIX.readFile(snapshotPath, limit: 1 << 30) else { return nil }
        let decoded: (Snapshot, [String: CardProgress])
        do {
            decoded = try Snapshot.decode(bytes)
        } catch {
            if case .newerSchema(let found) = error {
                throw .newerSchema(path: snapshotPath, found: found, supported: LearnerStore.schema)
            }
            let keptAs = snapshotPath + ".corrupt"
            let (line, reason) = error.location
            if readOnly {
                warnings.append("\(snapshotPath):\(line): \(reason); read the card states from reviews.jsonl instead")
                return nil
            }
            if rename(snapshotPath, keptAs) != 0 {
                throw .corrupt(path: snapshotPath, line: line, reason: reason)
            }
            warnings.append("\(snapshotPath):\(line): \(reason); kept it as \(keptAs) and rebuilt the card states from reviews.jsonl")
            return nil
        }
        let snapshot = decoded.0
        guard snapshot.learner == learner, snapshot.logBytes > 0, snapshot.logBytes <= logSize,
              let expected = LogLine.parseHex(Array(snapshot.lastLineCRC.utf8)[...]),
              try lineCRC(endingAt: snapshot.logBytes) == expected
        else {
            warnings.append("\(snapshotPath) does not match \(logPath) (restored from a backup?); rebuilt the card states from the log")
            return nil
        }
        return decoded
    }

    /// The CRC declared by the log line that ends exactly at `offset`.
    private func lineCRC(endingAt offset: Int) throws(ProgressError) -> UInt32? {
        let window = min(offset, LearnerStore.maximumLineBytes + 1)
        let bytes = try POSIX.read(logFD, from: offset - window, count: window, path: logPath)
        guard bytes.last == 10 else { return nil }
        let body = bytes.dropLast()
        let start = (body.lastIndex(of: 10).map { $0 + 1 }) ?? body.startIndex
        guard start > body.startIndex || window == offset else { return nil }
        return LogLine.declaredCRC(body[start...])
    }

    /// Moves the bytes of an interrupted last append to reviews.jsonl.torn and cuts them from
    /// the log, so the next append starts on a clean line. Nothing is thrown away.
    private mutating func setAside(_ torn: [UInt8], line: Int) throws(ProgressError) {
        let fd = try POSIX.open(tornPath, O_WRONLY | O_CREAT | O_APPEND)
        defer { POSIX.closeDescriptor(fd) }
        var kept = Array("# \(Timestamp.format(now)) from \(logPath):\(line)\n".utf8)
        kept += torn
        if kept.last != 10 { kept.append(10) }
        try POSIX.writeAll(fd, kept, path: tornPath)
        try POSIX.sync(fd, path: tornPath)
        if ftruncate(logFD, off_t(state.logBytes)) != 0 {
            throw .io(path: logPath, action: "truncate the interrupted last line", reason: POSIX.errorText())
        }
        try POSIX.sync(logFD, path: logPath)
        warnings.append("\(logPath):\(line): the last line was cut short by an interrupted save (an answer that was never confirmed); it was removed from the log and kept in \(tornPath)")
    }

    private mutating func writeHeader() throws(ProgressError) {
        let json: [UInt8]
        do {
            json = Array(try Coders.encoder().encode(LogRecord.header(schema: LearnerStore.schema, learner: learner, created: Timestamp.normalized(now))))
        } catch {
            throw .io(path: logPath, action: "encode the header", reason: "\(error)")
        }
        let (line, crc) = LogLine.frame(json)
        try POSIX.writeAll(logFD, line, path: logPath)
        try POSIX.sync(logFD, path: logPath)
        try POSIX.syncDirectory(directory)
        state.logBytes = line.count
        state.logLines = 1
        state.lastLineCRC = crc
    }
}
