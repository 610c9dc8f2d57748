#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Scheduler

/// A card's scheduler state with the counters FSRS itself does not keep.
public struct CardProgress: Sendable, Hashable, Codable {
    public var state: CardState
    /// Reviews of this card (undone ones excluded).
    public var reps: Int
    /// Times it was forgotten while in review; leeches are counted from this.
    public var lapses: Int
    /// When it was first reviewed, i.e. introduced as a new card.
    public var firstReview: Date

    public init(state: CardState, reps: Int, lapses: Int, firstReview: Date) {
        self.state = state
        self.reps = reps
        self.lapses = lapses
        self.firstReview = firstReview
    }
}

/// How much a learner did since an instant, for daily limits.
public struct DailyCounts: Sendable, Hashable {
    /// Cards reviewed for the first time.
    public var newCards: Int
    /// Cards introduced earlier and reviewed again (each counted once).
    public var reviewedCards: Int
}

/// What recording an answer did.
public struct RecordOutcome: Sendable, Hashable {
    /// The review as it is now on disk.
    public var review: ReviewRecord
    /// The card's progress after it.
    public var card: CardProgress
    /// This lapse reached a leech milestone (the threshold, then every half of it).
    public var leechWarning: Bool
}

/// One learner's progress, open for a session: holds the learner's lock until `close()` (or
/// until the process ends, when the kernel releases it). See Progress/README.md for the files.
///
/// Loading reads the snapshot and only the log lines written after it, and each answer costs
/// one append and one fsync, so neither grows with the length of the history.
public final class LearnerStore {
    /// The version of the file formats this build writes and reads.
    public static let schema = 1
    /// Reviews kept for undo across sessions (the current session's are all undoable).
    static let undoDepth = 50
    /// Log lines beyond the snapshot at which opening writes a new snapshot.
    static let compactionThreshold = 1000
    static let maximumLineBytes = 1 << 20
    static let maximumRecordBytes = 64 << 10

    public let learner: String
    /// `<progress directory>/<learner>`.
    public let directory: String
    public private(set) var settings: LearnerSettings
    /// The scheduler configured from the learner's settings (fuzz on).
    public private(set) var scheduler: Scheduler
    /// Things noticed while opening that were repaired without losing data (a torn last line
    /// set aside, a stale snapshot rebuilt). Show them to the user.
    public private(set) var warnings: [String]
    /// Every card reviewed at least once, by card id.
    public private(set) var cards: [String: CardProgress]

    private var state: LogState
    private var lockFD: Int32
    private var logFD: Int32
    private let encoder = Coders.encoder()

    var logPath: String { directory + "/reviews.jsonl" }
    var snapshotPath: String { directory + "/snapshot.jsonl" }
    var settingsPath: String { directory + "/settings.json" }
    var lockPath: String { directory + "/lock" }
    var tornPath: String { directory + "/reviews.jsonl.torn" }

    // MARK: - Opening and closing

    /// Opens (creating if needed) `learner`'s progress under `progressDirectory`, taking the
    /// learner's lock. `now` is recorded in the lock and in a new log's header.
    public static func open(progressDirectory: String, learner: String, now: Date) throws(ProgressError) -> LearnerStore {
        guard isValidLearnerName(learner) else { throw .invalidLearner(name: learner) }
        let directory = progressDirectory + "/" + learner
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .io(path: directory, action: "create the directory", reason: error.localizedDescription)
        }
        let lockFD = try acquireLock(path: directory + "/lock", learner: learner, now: now)
        var logFD: Int32 = -1
        do {
            let settings = try loadSettings(path: directory + "/settings.json", directory: directory)
            logFD = try POSIX.open(directory + "/reviews.jsonl", O_RDWR | O_CREAT | O_APPEND)
            var loader = Loader(directory: directory, learner: learner, logFD: logFD, now: now)
            try loader.load()
            let store = LearnerStore(learner: learner, directory: directory, settings: settings, loader: loader,
                                     lockFD: lockFD, logFD: logFD)
            if loader.snapshotStale || store.state.linesSinceSnapshot >= compactionThreshold {
                try store.compact()
            }
            return store
        } catch {
            if logFD >= 0 { POSIX.closeDescriptor(logFD) }
            POSIX.closeDescriptor(lockFD)
            throw error
        }
    }

    private init(learner: String, directory: String, settings: LearnerSettings, loader: Loader, lockFD: Int32, logFD: Int32) {
        self.learner = learner
        self.directory = directory
        self.settings = settings
        self.scheduler = Scheduler(configuration: settings.schedulerConfiguration)
        self.warnings = loader.warnings
        self.cards = loader.cards
        self.state = loader.state
        self.lockFD = lockFD
        self.logFD = logFD
    }

    deinit {
        if logFD >= 0 { try? close() }
    }

    /// Writes a snapshot if anything was recorded since the last one, and releases the lock.
    /// Every answer is already durable before this; closing only makes the next open faster.
    public func close() throws(ProgressError) {
        guard logFD >= 0 else { return }
        defer {
            POSIX.closeDescriptor(logFD)
            POSIX.closeDescriptor(lockFD)
            logFD = -1
            lockFD = -1
        }
        if state.linesSinceSnapshot > 0 { try compact() }
    }

    // MARK: - Reading

    /// The progress of one card, nil if it was never reviewed.
    public func card(_ id: String) -> CardProgress? { cards[id] }

    /// Cards due at `instant` (learning steps included), earliest first.
    public func dueCards(at instant: Date) -> [String] {
        cards.filter { $0.value.state.due <= instant }
            .sorted { ($0.value.state.due, $0.key) < ($1.value.state.due, $1.key) }
            .map(\.key)
    }

    /// Cards at or over the leech threshold, most lapses first.
    public func leeches() -> [String] {
        cards.filter { $0.value.lapses >= settings.leechThreshold }
            .sorted { ($1.value.lapses, $0.key) < ($0.value.lapses, $1.key) }
            .map(\.key)
    }

    /// New and reviewed cards since `start` (the caller's start of the day), for daily limits.
    public func dailyCounts(since start: Date) -> DailyCounts {
        var counts = DailyCounts(newCards: 0, reviewedCards: 0)
        for progress in cards.values where progress.state.lastReview >= start {
            if progress.firstReview >= start { counts.newCards += 1 } else { counts.reviewedCards += 1 }
        }
        return counts
    }

    /// Every review not undone, oldest first, read from the log on disk (the one source of
    /// truth, for Reports). Reads the whole file, so it is for reports, not for each answer.
    public func reviewLog() throws(ProgressError) -> [ReviewRecord] {
        guard logFD >= 0 else { throw .closed }
        let bytes = try POSIX.read(logFD, from: 0, count: state.logBytes, path: logPath)
        var reader = LogReader(path: logPath, learner: learner)
        var reviews: [ReviewRecord] = []
        reviews.reserveCapacity(bytes.count / 400)
        try reader.scan(bytes[...], firstLine: 1, expectHeader: true) { record, line throws(ProgressError) in
            switch record {
            case .header: break
            case .review(let review): reviews.append(review)
            case .undo(_, _, let undoes):
                guard reviews.last?.seq == undoes else {
                    throw .corrupt(path: logPath, line: line, reason: "undo of review \(undoes), which is not the latest review")
                }
                reviews.removeLast()
            }
        }
        if reader.tornTail != nil {
            throw .corrupt(path: logPath, line: reader.lineCount + 1, reason: "the log changed while it was being read")
        }
        return reviews
    }

    /// The reviews (not undone) in roughly the last `tailBytes` bytes of the log, oldest first,
    /// and whether that is the whole log: recent history (a streak, today's work) without
    /// reading years of it. A damaged line is reported as `reviewLog()` reports it.
    public func recentReviews(tailBytes: Int) throws(ProgressError) -> (reviews: [ReviewRecord], isWholeLog: Bool) {
        guard logFD >= 0 else { throw .closed }
        guard tailBytes < state.logBytes else { return (try reviewLog(), true) }
        let bytes = try POSIX.read(logFD, from: state.logBytes - tailBytes, count: tailBytes, path: logPath)
        // Start at the first whole line of the window.
        guard let firstNewline = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return (try reviewLog(), true) }
        var reader = LogReader(path: logPath, learner: learner)
        var reviews: [ReviewRecord] = []
        do {
            try reader.scan(bytes[(firstNewline + 1)...], firstLine: 0, expectHeader: false) { record, _ throws(ProgressError) in
                switch record {
                case .header: break
                case .review(let review): reviews.append(review)
                case .undo(_, _, let undoes):
                    // The review undone may lie before the window.
                    if reviews.last?.seq == undoes { reviews.removeLast() }
                }
            }
        } catch {
            return (try reviewLog(), true)  // for the error with its true line number
        }
        return (reviews, false)
    }

    // MARK: - Writing

    /// Schedules `answer` with the learner's scheduler, appends the review to the log and
    /// returns only once it is on disk (fsync): show feedback after this returns.
    public func record(_ answer: Answer, at instant: Date) throws(ProgressError) -> RecordOutcome {
        try record(contentsOf: [(answer, instant)])[0]
    }

    /// Records several answers in order with one write and one fsync (for importing a history):
    /// all of them are on disk when this returns, or none is recorded.
    public func record(contentsOf answers: [(answer: Answer, at: Date)]) throws(ProgressError) -> [RecordOutcome] {
        guard logFD >= 0 else { throw .closed }
        for (answer, _) in answers { try validate(answer) }
        var cards = self.cards
        var seq = state.nextSeq
        var reviews: [ReviewRecord] = []
        var outcomes: [RecordOutcome] = []
        reviews.reserveCapacity(answers.count)
        outcomes.reserveCapacity(answers.count)
        for (answer, instant) in answers {
            let now = Timestamp.normalized(instant)
            let previous = cards[answer.cardID]
            let after = scheduler.review(
                previous?.state, rating: answer.rating, at: now,
                fuzzSeed: FuzzSeed.make(cardID: answer.cardID, reviewNumber: previous?.reps ?? 0))
            let review = ReviewRecord(seq: seq, at: now, answer: answer, before: previous?.state, after: after)
            let progress = Self.apply(review, to: &cards)
            let warn = review.isLapse && settings.isLeechMilestone(lapses: progress.lapses)
            reviews.append(review)
            outcomes.append(RecordOutcome(review: review, card: progress, leechWarning: warn))
            seq += 1
        }
        try append(reviews.map(LogRecord.review))
        self.cards = cards
        state.undoable += reviews
        state.nextSeq = seq
        return outcomes
    }

    /// Takes back the latest review not yet undone (durably, by appending an undo record) and
    /// returns it; the card goes back to its state before that review.
    @discardableResult
    public func undo(at instant: Date) throws(ProgressError) -> ReviewRecord {
        guard logFD >= 0 else { throw .closed }
        guard let last = state.undoable.last else { throw .nothingToUndo }
        try append([.undo(seq: state.nextSeq, at: Timestamp.normalized(instant), undoes: last.seq)])
        Self.revert(last, in: &cards)
        state.undoable.removeLast()
        state.nextSeq += 1
        return last
    }

    /// Validates and saves new settings (atomically); the scheduler follows them from now on.
    public func updateSettings(_ new: LearnerSettings) throws(ProgressError) {
        if let problem = new.problem { throw .invalidSettings(path: settingsPath, reason: problem) }
        try Self.writeSettings(new, path: settingsPath, directory: directory)
        settings = new
        scheduler = Scheduler(configuration: new.schedulerConfiguration)
    }

    /// Writes a snapshot of the card states now, so the next open reads no log line before it.
    public func compact() throws(ProgressError) {
        let snapshot = Snapshot(
            schema: Self.schema, learner: learner, logBytes: state.logBytes, logLines: state.logLines,
            lastLineCRC: String(decoding: LogLine.hex(state.lastLineCRC), as: UTF8.self), nextSeq: state.nextSeq,
            cardCount: cards.count, undoable: Array(state.undoable.suffix(Self.undoDepth)))
        let bytes = try Snapshot.encode(snapshot, cards: cards, path: snapshotPath)
        try POSIX.writeAtomically(bytes, to: snapshotPath, directory: directory)
        state.undoable = Array(state.undoable.suffix(Self.undoDepth))
        state.linesSinceSnapshot = 0
    }

    // MARK: - Internals

    /// Appends the records' lines with one write and makes them durable; on failure the log is
    /// cut back so no partial line is left for the next append to follow.
    private func append(_ records: [LogRecord]) throws(ProgressError) {
        var bytes: [UInt8] = []
        var lastCRC = state.lastLineCRC
        for record in records {
            let json: [UInt8]
            do {
                json = Array(try encoder.encode(record))
            } catch {
                throw .invalidAnswer(reason: "\(error)")
            }
            guard json.count <= Self.maximumRecordBytes else {
                throw .invalidAnswer(reason: "the review would take \(json.count) bytes; shorten the answer text")
            }
            let (line, crc) = LogLine.frame(json)
            bytes += line
            lastCRC = crc
        }
        do {
            try POSIX.writeAll(logFD, bytes, path: logPath)
            try POSIX.sync(logFD, path: logPath)
        } catch {
            _ = ftruncate(logFD, off_t(state.logBytes))
            throw error
        }
        state.logBytes += bytes.count
        state.logLines += records.count
        state.lastLineCRC = lastCRC
        state.linesSinceSnapshot += records.count
    }

    private func validate(_ answer: Answer) throws(ProgressError) {
        if answer.cardID.isEmpty { throw .invalidAnswer(reason: "the card id is empty") }
        if answer.cardID.utf8.count > 512 { throw .invalidAnswer(reason: "the card id is longer than 512 bytes") }
        if answer.bank.utf8.count > 512 { throw .invalidAnswer(reason: "the bank name is longer than 512 bytes") }
        if answer.code.utf8.count > 64 { throw .invalidAnswer(reason: "the answer's code is longer than 64 bytes") }
        if answer.given.utf8.count > 4096 { throw .invalidAnswer(reason: "the given answer is longer than 4096 bytes") }
        if answer.hints < 0 { throw .invalidAnswer(reason: "hints is negative") }
        if let ms = answer.responseMilliseconds, ms < 0 { throw .invalidAnswer(reason: "the response time is negative") }
    }

    /// Applies a review to the card table; returns the card's new progress.
    @discardableResult
    static func apply(_ review: ReviewRecord, to cards: inout [String: CardProgress]) -> CardProgress {
        let id = review.answer.cardID
        var progress = cards[id] ?? CardProgress(state: review.after, reps: 0, lapses: 0, firstReview: review.at)
        progress.state = review.after
        progress.reps += 1
        if review.isLapse { progress.lapses += 1 }
        cards[id] = progress
        return progress
    }

    /// Undoes `apply` for the card's latest review.
    static func revert(_ review: ReviewRecord, in cards: inout [String: CardProgress]) {
        let id = review.answer.cardID
        guard let before = review.before, var progress = cards[id] else {
            cards[id] = nil
            return
        }
        progress.state = before
        progress.reps -= 1
        if review.isLapse { progress.lapses -= 1 }
        cards[id] = progress
    }

    public static func isValidLearnerName(_ name: String) -> Bool {
        guard (1...64).contains(name.utf8.count), let first = name.utf8.first,
              first != UInt8(ascii: "."), first != UInt8(ascii: "-") else { return false }
        return name.utf8.allSatisfy { b in
            (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 46 || b == 95 || b == 45
        }
    }

    /// Takes the learner's exclusive lock (flock: released by the kernel if the process dies, so
    /// a crash never leaves a stale lock) and writes who holds it, for the other session's message.
    private static func acquireLock(path: String, learner: String, now: Date) throws(ProgressError) -> Int32 {
        let fd = try POSIX.open(path, O_RDWR | O_CREAT)
        // A session that is just ending (or a child process another thread forked, which holds
        // a copy of the descriptor until it execs) lets go within moments: wait that long.
        var status = flock(fd, LOCK_EX | LOCK_NB)
        var attempts = 0
        while status != 0, errno == EWOULDBLOCK, attempts < 25 {
            attempts += 1
            usleep(20_000)
            status = flock(fd, LOCK_EX | LOCK_NB)
        }
        if status != 0 {
            let code = errno
            defer { POSIX.closeDescriptor(fd) }
            guard code == EWOULDBLOCK else { throw .io(path: path, action: "lock", reason: POSIX.errorText(code)) }
            let holder = (try? POSIX.read(fd, from: 0, count: 512, path: path)).map { String(decoding: $0, as: UTF8.self) } ?? ""
            let shown = Sanitize.forMessage(holder.trimmingCharacters(in: .whitespacesAndNewlines))
            throw .learnerInUse(learner: learner, holder: shown.isEmpty ? "holder unknown" : shown, lockPath: path)
        }
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, host.count - 1)
        let hostName = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let text = "pid \(getpid()) on host \(hostName), since \(Timestamp.format(now))\n"
        _ = ftruncate(fd, 0)
        _ = try? POSIX.writeAll(fd, Array(text.utf8), path: path)
        return fd
    }

    static func loadSettings(path: String, directory: String, create: Bool = true) throws(ProgressError) -> LearnerSettings {
        guard let bytes = try POSIX.readFile(path, limit: 1 << 20) else {
            let defaults = LearnerSettings()
            if create { try writeSettings(defaults, path: path, directory: directory) }
            return defaults
        }
        let file: SettingsFile
        do {
            file = try Coders.decoder().decode(SettingsFile.self, from: Data(bytes))
        } catch {
            throw .corrupt(path: path, line: JSONLocation.line(of: error, in: bytes), reason: Coders.describe(error))
        }
        if file.schema > schema { throw .newerSchema(path: path, found: file.schema, supported: schema) }
        if let problem = file.settings.problem { throw .invalidSettings(path: path, reason: problem) }
        return file.settings
    }

    private static func writeSettings(_ settings: LearnerSettings, path: String, directory: String) throws(ProgressError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            var bytes = Array(try encoder.encode(SettingsFile(schema: schema, settings: settings)))
            bytes.append(10)
            try POSIX.writeAtomically(bytes, to: path, directory: directory)
        } catch let error as ProgressError {
            throw error
        } catch {
            throw .io(path: path, action: "encode the settings", reason: "\(error)")
        }
    }
}

/// Where the log stands: what the next append continues from, and what the snapshot covers.
struct LogState {
    var logBytes = 0
    var logLines = 0
    var lastLineCRC: UInt32 = 0
    var nextSeq = 1
    var linesSinceSnapshot = 0
    /// Latest reviews not undone, newest last.
    var undoable: [ReviewRecord] = []
}

/// Finds the line a JSON error points at, for file:line messages.
enum JSONLocation {
    static func line(of error: any Error, in bytes: [UInt8]) -> Int? {
        // Syntax errors name the line themselves ("… around line 3, column 5").
        let text = "\(error)"
        if let range = text.range(of: "line "), let n = Int(text[range.upperBound...].prefix { $0.isNumber }) {
            return n
        }
        // Otherwise locate the first key of the failing path.
        var keys: [any CodingKey] = []
        switch error {
        case DecodingError.keyNotFound(_, let c), DecodingError.typeMismatch(_, let c),
             DecodingError.valueNotFound(_, let c), DecodingError.dataCorrupted(let c):
            keys = c.codingPath
        default: break
        }
        guard let key = keys.first(where: { $0.intValue == nil }) else { return nil }
        let needle = Array("\"\(key.stringValue)\"".utf8)
        guard let at = bytes.indices.first(where: { bytes[$0...].starts(with: needle) }) else { return nil }
        return bytes[..<at].reduce(1) { $1 == 10 ? $0 + 1 : $0 }
    }
}
