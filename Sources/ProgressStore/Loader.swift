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
    private let decoder = Coders.decoder()

    init(path: String, learner: String) {
        self.path = path
        self.learner = learner
    }

    mutating func scan(
        _ bytes: ArraySlice<UInt8>, firstLine: Int, expectHeader: Bool,
        _ handle: (LogRecord, Int) throws(ProgressError) -> Void
    ) throws(ProgressError) {
        var position = bytes.startIndex
        var lineNumber = firstLine
        while position < bytes.endIndex {
            let newline = bytes[position...].firstIndex(of: 10)
            guard let newline else {
                tornTail = (position - bytes.startIndex, lineNumber)
                return
            }
            guard newline - position <= LearnerStore.maximumLineBytes else {
                throw .corrupt(path: path, line: lineNumber, reason: "the line is longer than any record quiz writes")
            }
            guard let (recordBytes, crc) = LogLine.unframe(bytes[position..<newline]) else {
                if newline + 1 == bytes.endIndex {
                    tornTail = (position - bytes.startIndex, lineNumber)
                    return
                }
                throw .corrupt(path: path, line: lineNumber, reason: "the line fails its checksum (damaged or edited by hand)")
            }
            let record: LogRecord
            do {
                record = try decoder.decode(LogRecord.self, from: Data(recordBytes))
            } catch {
                throw .corrupt(path: path, line: lineNumber, reason: Coders.describe(error))
            }
            try check(record, line: lineNumber, isFirst: expectHeader && lineNumber == firstLine)
            try handle(record, lineNumber)
            position = newline + 1
            goodBytes = position - bytes.startIndex
            lineCount += 1
            lastCRC = crc
            lineNumber += 1
        }
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
        let size = try POSIX.size(logFD, path: logPath)
        guard size <= Self.maximumLogBytes else { throw .tooLarge(path: logPath, size: size, limit: Self.maximumLogBytes) }
        if size == 0 {
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
            try setAside(Array(bytes[torn.offset...]), line: torn.line)
        }
        if state.logLines == 0 {
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
