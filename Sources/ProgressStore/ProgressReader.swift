#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Scheduler

/// One review as reports read it: what was answered, how and when, without the scheduler
/// states (only whether the card was in review before). Strings are indices into the
/// `ReviewHistory`'s `strings`, so a long log holds each card id and code once.
public struct ReviewDigest: Sendable, Hashable {
    public var seq: Int
    public var at: Date
    /// The card (case) answered.
    public var card: Int32
    public var bank: Int32
    /// The right answer's code.
    public var code: Int32
    /// What the learner gave: the code(s) picked or typed, space-separated.
    public var given: Int32
    public var rating: Rating
    public var correct: Bool
    public var mode: Mode
    public var hints: Int32
    /// Response time in milliseconds; nil when not measured.
    public var milliseconds: Int32?
    /// The card was in the review phase before this answer (for true retention).
    public var wasInReview: Bool

    public init(seq: Int, at: Date, card: Int32, bank: Int32, code: Int32, given: Int32, rating: Rating,
                correct: Bool, mode: Mode, hints: Int32, milliseconds: Int32?, wasInReview: Bool) {
        self.seq = seq
        self.at = at
        self.card = card
        self.bank = bank
        self.code = code
        self.given = given
        self.rating = rating
        self.correct = correct
        self.mode = mode
        self.hints = hints
        self.milliseconds = milliseconds
        self.wasInReview = wasInReview
    }
}

/// A learner's reviews that were not undone, oldest first, with their strings kept once.
public struct ReviewHistory: Sendable {
    public private(set) var strings: [String] = []
    public private(set) var reviews: [ReviewDigest] = []
    private var index: [String: Int32] = [:]

    public init() {}

    /// A history read back from a cache: the strings' index is rebuilt.
    init(strings: [String], reviews: [ReviewDigest]) {
        for text in strings { _ = intern(text) }
        self.reviews = reviews
    }

    /// The string an index of a `ReviewDigest` stands for.
    public subscript(id: Int32) -> String { strings[Int(id)] }

    /// The index of `text`, adding it if new.
    public mutating func intern(_ text: String) -> Int32 {
        if let id = index[text] { return id }
        let id = Int32(strings.count)
        strings.append(text)
        index[text] = id
        return id
    }

    /// Adds a review (for tests and small histories; logs are read by `ProgressReader`).
    public mutating func append(seq: Int? = nil, at: Date, card: String, bank: String, code: String, given: String,
                                rating: Rating, correct: Bool, mode: Mode = .practice, hints: Int = 0,
                                milliseconds: Int? = nil, wasInReview: Bool = false) {
        let review = ReviewDigest(
            seq: seq ?? (reviews.last.map { $0.seq + 1 } ?? 1), at: at, card: intern(card), bank: intern(bank),
            code: intern(code), given: intern(given), rating: rating, correct: correct, mode: mode,
            hints: Int32(clamping: hints), milliseconds: milliseconds.map { Int32(clamping: $0) }, wasInReview: wasInReview)
        reviews.append(review)
    }

    mutating func append(_ review: ReviewDigest) { reviews.append(review) }

    /// Takes back the latest review if it has sequence number `seq`.
    mutating func undo(_ seq: Int) -> Bool {
        guard reviews.last?.seq == seq else { return false }
        reviews.removeLast()
        return true
    }

    /// Keeps only the reviews `isIncluded` accepts (strings stay).
    public func filtered(_ isIncluded: (ReviewDigest) -> Bool) -> ReviewHistory {
        var copy = self
        copy.reviews = reviews.filter(isIncluded)
        return copy
    }
}

/// A learner's progress as read for a report, without the learner's lock.
public struct LearnerProgress: Sendable {
    public var learner: String
    public var directory: String
    public var settings: LearnerSettings
    /// Card states (empty when not asked for).
    public var cards: [String: CardProgress]
    public var history: ReviewHistory
    /// What was noticed and left out (an incomplete last line being written, a damaged snapshot).
    public var warnings: [String]

    public init(learner: String, directory: String, settings: LearnerSettings, cards: [String: CardProgress],
                history: ReviewHistory, warnings: [String]) {
        self.learner = learner
        self.directory = directory
        self.settings = settings
        self.cards = cards
        self.history = history
        self.warnings = warnings
    }
}

/// Reads learners' progress for reports (`quiz stats`) without taking their locks: a learner
/// can practise while the report is made. Nothing is written but, for a long log, a cache of
/// what was read (`DigestCache`), so that the next report reads only the lines after it. The log is read up to its last
/// complete line (a session may be appending the next one), checked line by line (CRC, order)
/// as `LearnerStore` does, with the same scanners, and the card states come from the snapshot
/// and the lines after it, as when opening.
public enum ProgressReader {
    /// The learner folders under `progressDirectory` (folders with valid learner names), sorted;
    /// other entries are ignored. A folder without reviews.jsonl is listed too: reading it
    /// fails with a reason a report shows (a folder copied before its first answer was saved).
    public static func learners(progressDirectory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: progressDirectory)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            return LearnerStore.isValidLearnerName(name)
                && FileManager.default.fileExists(atPath: progressDirectory + "/" + name, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
    }

    /// Reads `learner`'s progress. `cards: false` skips the card states (the instructor's
    /// report does not need them).
    public static func read(progressDirectory: String, learner: String, cards wantCards: Bool = true) throws(ProgressError) -> LearnerProgress {
        try read(progressDirectory: progressDirectory, learner: learner, cards: wantCards, cachingFrom: DigestCache.minimumLogBytes)
    }

    /// Brings `stats-cache.bin` up to date when a long log has none, or has grown by 4 MiB since
    /// it was made, so that the learner's next report reads only the lines after it. Sessions
    /// call it as they end (once in about 8,000 answers it reads the log's new part); it writes
    /// nothing else, and a failure only means no cache.
    public static func refreshCache(progressDirectory: String, learner: String) {
        refreshCache(progressDirectory: progressDirectory, learner: learner, cachingFrom: DigestCache.minimumLogBytes)
    }

    static func refreshCache(progressDirectory: String, learner: String, cachingFrom cacheBytes: Int) {
        let directory = progressDirectory + "/" + learner
        guard let size = (try? FileManager.default.attributesOfItem(atPath: directory + "/reviews.jsonl"))?[.size] as? Int,
              size >= cacheBytes
        else { return }
        if let covered = DigestCache.coveredLogBytes(directory: directory),
           covered <= size, size - covered < min(DigestCache.rewriteAfterBytes, cacheBytes) { return }
        _ = try? read(progressDirectory: progressDirectory, learner: learner, cards: false, cachingFrom: cacheBytes)
    }

    /// `cachingFrom`: the log size from which digests are cached (tests make it small).
    static func read(progressDirectory: String, learner: String, cards wantCards: Bool,
                     cachingFrom cacheBytes: Int) throws(ProgressError) -> LearnerProgress {
        guard LearnerStore.isValidLearnerName(learner) else { throw .invalidLearner(name: learner) }
        let directory = progressDirectory + "/" + learner
        let logPath = directory + "/reviews.jsonl"
        guard FileManager.default.fileExists(atPath: logPath) else {
            throw .io(path: logPath, action: "read the review log", reason: "there is no such file (no progress for \"\(learner)\" yet)")
        }
        let settings = try LearnerStore.loadSettings(path: directory + "/settings.json", directory: directory, create: false)
        let fd = try POSIX.open(logPath, O_RDONLY)
        defer { POSIX.closeDescriptor(fd) }
        let size = try POSIX.size(fd, path: logPath)
        guard size <= Loader.maximumLogBytes else { throw .tooLarge(path: logPath, size: size, limit: Loader.maximumLogBytes) }
        // Read in chunks ending at line ends into one reused buffer: a long log is never held
        // whole in memory, and pages are not faulted in afresh for every chunk.
        var scan = DigestScan(path: logPath)
        var offset = 0, carried = 0
        // A long log's digests up to some point may be cached beside it: read only what follows.
        let cached = size >= cacheBytes ? DigestCache.load(directory: directory, logFD: fd, logSize: size) : nil
        if let cached {
            scan.resume(from: cached)
            offset = cached.logBytes
        }
        let chunk = 64 << 20
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: min(size, chunk + LearnerStore.maximumLineBytes + 2))
        defer { buffer.deallocate() }
        while offset + carried < size {
            let want = min(size - offset - carried, buffer.count - carried)
            var got = 0
            while got < want {
                let n = pread(fd, buffer.baseAddress! + carried + got, want - got, off_t(offset + carried + got))
                if n < 0, errno == EINTR { continue }
                if n < 0 { throw .io(path: logPath, action: "read", reason: POSIX.errorText()) }
                if n == 0 { break }
                got += n
            }
            let filled = carried + got
            let isFinal = offset + filled >= size || got == 0
            var end = filled
            if !isFinal {
                guard let last = UnsafeBufferPointer(rebasing: buffer[..<filled]).lastIndex(of: 10) else {
                    throw .corrupt(path: logPath, line: nil, reason: "a line is longer than any record quiz writes")
                }
                end = last + 1
            }
            try scan.run(UnsafeBufferPointer(rebasing: buffer[..<end]), base: offset, isFinal: isFinal)
            if isFinal || scan.tornLine != nil { break }
            // The bytes after the last line end start the next chunk.
            carried = filled - end
            if carried > 0 { buffer.baseAddress!.update(from: buffer.baseAddress! + end, count: carried) }
            offset += end
        }
        if size >= cacheBytes, scan.goodBytes - (cached?.logBytes ?? 0) >= min(DigestCache.rewriteAfterBytes, cacheBytes) {
            scan.cache.write(directory: directory, logFD: fd)
        }
        var warnings: [String] = []
        if let torn = scan.tornLine {
            warnings.append("\(logPath):\(torn): the last line is incomplete (being written by a session, or cut by a crash); it was left out")
        }
        var cards: [String: CardProgress] = [:]
        if wantCards, scan.goodBytes > 0 {
            var loader = Loader(directory: directory, learner: learner, logFD: fd, now: Date())
            loader.readOnly = true
            loader.logLimit = scan.goodBytes
            try loader.load()
            cards = loader.cards
            warnings += loader.warnings.filter { !$0.contains("the last line is incomplete") }
        }
        return LearnerProgress(learner: learner, directory: directory, settings: settings, cards: cards,
                               history: scan.history, warnings: warnings)
    }
}

/// The log read into a `ReviewHistory`: pieces of a few MiB checked (CRC) and scanned on all
/// cores, each interning its strings by their bytes; then, in file order, the pieces' strings
/// merged, the order of the records checked and undos applied.
struct DigestScan {
    let path: String
    var history = ReviewHistory()
    /// Bytes of complete, valid lines.
    var goodBytes = 0
    /// The line number of an incomplete or damaged last line, left out.
    var tornLine: Int?
    /// The smallest piece read on one core (tests make it small to cross piece ends).
    var pieceBytes = 4 << 20

    init(path: String) { self.path = path }

    /// The number of the next line to read and the last sequence number read.
    private var lineNumber = 1
    private var lastSeq = 0

    /// Goes on from where a cache of the same log ended.
    mutating func resume(from cache: DigestCache) {
        history = cache.history
        goodBytes = cache.logBytes
        lineNumber = cache.nextLine
        lastSeq = cache.lastSeq
    }

    /// What has been read, as a cache.
    var cache: DigestCache {
        DigestCache(logBytes: goodBytes, nextLine: lineNumber, lastSeq: lastSeq, history: history)
    }

    /// Scans `buffer`, the log's bytes from offset `base`; all but the last chunk of a log end
    /// at a line end (`isFinal` false), so only the final one can have a torn last line.
    mutating func run(_ buffer: UnsafeBufferPointer<UInt8>, base: Int = 0, isFinal: Bool = true) throws(ProgressError) {
        // Few large pieces (two per core): each interns its strings once, and a learner's card
        // ids recur across the whole log, so small pieces would intern nearly every line.
        let cores = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 16))
        let size = max(pieceBytes, buffer.count / (2 * cores) + 1)
        let bounds = LogReader.pieces(of: buffer, from: 0, size: size)
        var pieces = [Piece](repeating: Piece(), count: bounds.count)
        if bounds.count == 1 {
            pieces[0] = Self.parse(buffer, bounds[0])
        } else if bounds.count > 1 {
            pieces.withUnsafeMutableBufferPointer { out in
                let shared = Shared(buffer: buffer, bounds: bounds, out: out)
                DispatchQueue.concurrentPerform(iterations: shared.bounds.count) { k in
                    shared.out[k] = Self.parse(shared.buffer, shared.bounds[k])
                }
            }
        }
        for piece in pieces {
            let ids = piece.strings.map { history.intern($0) }
            for line in piece.lines {
                switch line {
                case .header(let schema):
                    guard lineNumber == 1 else { throw .corrupt(path: path, line: lineNumber, reason: "a header line in the middle of the log") }
                    if schema > LearnerStore.schema { throw .newerSchema(path: path, found: schema, supported: LearnerStore.schema) }
                case .review(var review):
                    guard lineNumber > 1 else { throw .corrupt(path: path, line: lineNumber, reason: "the log does not start with its header line") }
                    guard review.seq > lastSeq else { throw .corrupt(path: path, line: lineNumber, reason: "sequence number \(review.seq) is out of order") }
                    lastSeq = review.seq
                    review.card = ids[Int(review.card)]
                    review.bank = ids[Int(review.bank)]
                    review.code = ids[Int(review.code)]
                    review.given = ids[Int(review.given)]
                    history.append(review)
                case .undo(let seq, let undoes):
                    guard lineNumber > 1 else { throw .corrupt(path: path, line: lineNumber, reason: "the log does not start with its header line") }
                    guard seq > lastSeq else { throw .corrupt(path: path, line: lineNumber, reason: "sequence number \(seq) is out of order") }
                    lastSeq = seq
                    guard history.undo(undoes) else {
                        throw .corrupt(path: path, line: lineNumber, reason: "undo of review \(undoes), which is not the latest review")
                    }
                }
                lineNumber += 1
            }
            goodBytes = base + piece.end
            switch piece.stop {
            case nil:
                continue
            case .unterminated:
                tornLine = lineNumber
                return
            case .tooLong:
                throw .corrupt(path: path, line: lineNumber, reason: "the line is longer than any record quiz writes")
            case .badFrame(let isLast):
                if isLast && isFinal {
                    tornLine = lineNumber
                    return
                }
                throw .corrupt(path: path, line: lineNumber, reason: "the line fails its checksum (damaged or edited by hand)")
            case .undecodable(let reason):
                throw .corrupt(path: path, line: lineNumber, reason: reason)
            }
        }
    }

    private enum Line {
        case header(schema: Int)
        /// Strings are indices into the piece's `strings`.
        case review(ReviewDigest)
        case undo(seq: Int, undoes: Int)
    }

    private enum Stop {
        case unterminated
        case tooLong
        case badFrame(isLast: Bool)
        case undecodable(String)
    }

    private struct Piece {
        var lines: [Line] = []
        var strings: [String] = []
        /// The end of the last line read.
        var end = 0
        var stop: Stop?
    }

    private struct Shared: @unchecked Sendable {
        let buffer: UnsafeBufferPointer<UInt8>
        let bounds: [Range<Int>]
        let out: UnsafeMutableBufferPointer<Piece>
    }

    /// A string of the log as its bytes, for interning without making a String per line.
    private struct ByteKey: Hashable {
        let bytes: UnsafeRawBufferPointer

        /// FNV-1a folded into one word first: hashing the word is cheaper than SipHash over
        /// every byte of a card id, and the ids are the log's own (not adversarial input).
        func hash(into hasher: inout Hasher) {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
            hasher.combine(h)
        }

        static func == (a: ByteKey, b: ByteKey) -> Bool {
            a.bytes.count == b.bytes.count && (a.bytes.count == 0 || memcmp(a.bytes.baseAddress!, b.bytes.baseAddress!, a.bytes.count) == 0)
        }
    }

    private static func parse(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Piece {
        var piece = Piece()
        piece.end = range.lowerBound
        piece.lines.reserveCapacity(range.count / 400)
        var table: [ByteKey: Int32] = [:]
        var decoder: JSONDecoder?

        func intern(_ text: String) -> Int32 {
            piece.strings.append(text)
            return Int32(piece.strings.count - 1)
        }

        var position = range.lowerBound
        while position < range.upperBound {
            guard let newline = LogReader.lineEnd(in: buffer, from: position), newline < range.upperBound else {
                piece.stop = .unterminated
                return piece
            }
            guard newline - position <= LearnerStore.maximumLineBytes else {
                piece.stop = .tooLong
                return piece
            }
            guard let (recordBytes, _) = LogLine.unframe(UnsafeBufferPointer(rebasing: buffer[position..<newline])) else {
                piece.stop = .badFrame(isLast: newline + 1 == buffer.count)
                return piece
            }
            var line: Line?
            if let fast = RecordScanner.digest(recordBytes) {
                switch fast.kind {
                case .undo:
                    line = .undo(seq: fast.seq, undoes: fast.undoes)
                case .review:
                    // Interned by bytes; a string met first is checked as UTF-8 (else the slow path).
                    func lookup(_ r: Range<Int>) -> Int32? {
                        let key = ByteKey(bytes: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(recordBytes)[r]))
                        if let id = table[key] { return id }
                        guard let text = String(validating: UnsafeBufferPointer(rebasing: recordBytes[r]), as: UTF8.self) else { return nil }
                        let id = intern(text)
                        table[key] = id
                        return id
                    }
                    if let card = lookup(fast.card), let bank = lookup(fast.bank), let code = lookup(fast.code),
                       let given = lookup(fast.given) {
                        line = .review(ReviewDigest(
                            seq: fast.seq, at: fast.at, card: card, bank: bank, code: code, given: given,
                            rating: fast.rating, correct: fast.correct, mode: fast.mode, hints: Int32(clamping: fast.hints),
                            milliseconds: fast.ms.map { Int32(clamping: $0) }, wasInReview: fast.wasInReview))
                    }
                }
            }
            if line == nil {
                var record = RecordScanner.record(recordBytes)
                if record == nil {
                    let slow = decoder ?? Coders.decoder()
                    decoder = slow
                    do {
                        record = try slow.decode(LogRecord.self, from: Data(buffer: recordBytes))
                    } catch {
                        piece.stop = .undecodable(Coders.describe(error))
                        return piece
                    }
                }
                switch record! {
                case .header(let schema, _, _):
                    line = .header(schema: schema)
                case .undo(let seq, _, let undoes):
                    line = .undo(seq: seq, undoes: undoes)
                case .review(let review):
                    let a = review.answer
                    line = .review(ReviewDigest(
                        seq: review.seq, at: review.at, card: intern(a.cardID), bank: intern(a.bank), code: intern(a.code),
                        given: intern(a.given), rating: a.rating, correct: a.correct, mode: a.mode, hints: Int32(clamping: a.hints),
                        milliseconds: a.responseMilliseconds.map { Int32(clamping: $0) }, wasInReview: review.before?.phase == .review))
                }
            }
            position = newline + 1
            piece.end = position
            piece.lines.append(line!)
        }
        return piece
    }
}
