import Foundation
import Testing
@testable import ProgressStore
import Scheduler

/// `reviewLog()` and loading read records with `RecordScanner` and fall back to JSONDecoder;
/// these check that the two agree exactly, on logs the store writes and on hand-written lines.
@Suite struct ReviewLogReadTests {
    let root = makeProgressDirectory()

    /// Given answers with every kind of text the writer has to escape or pass through.
    static let givens = [
        "B", "", "M54.50", "m54.5 \"lumbago\"", #"back\slash"#, "slash/ok", "tab\there", "line\nbreak\r\n",
        "ctl\u{01}\u{1F}\u{7F}", "\u{1B}[31m", "é", "Ärzte über Schmerz", "日本語のコード", "🩺 emoji", "e\u{301} combining",
        "\u{2028}\u{2029}", "\u{FEFF}bom", "nul\u{0}byte",
    ]

    /// A store-written log with every field shape: optional ms absent, escaped and non-ASCII
    /// `given`, undos, first reviews (before = null), learning and relearning steps, review cards
    /// (no step), exam mode, hints, whole-second and microsecond times.
    func writeVariedLog(name: String = "ann", answers count: Int = 600) throws -> LearnerStore {
        let store = try LearnerStore.open(progressDirectory: root, learner: name, now: t0)
        var random = SplitMix64(seed: 11)
        var now = t0
        for i in 0..<count {
            let card = "case-\(random.next() % 40)" + (i % 9 == 0 ? " \"é\"\\" : "")
            let rating = Rating(rawValue: Int(random.next() % 4) + 1)!
            let given = Self.givens[Int(random.next() % UInt64(Self.givens.count))]
            let item = Answer(cardID: card, bank: i % 5 == 0 ? "bänk/ü" : "back-pain", code: "M54.50", rating: rating,
                              correct: rating != .again, given: given,
                              responseMilliseconds: i % 4 == 0 ? nil : Int(random.next() % 60_000), hints: Int(random.next() % 3),
                              mode: i % 3 == 0 ? .exam : .practice)
            now = now.addingTimeInterval(Double(random.next() % 200_000) + (i % 2 == 0 ? 0 : 0.000123))
            _ = try store.record(item, at: now)
            if random.next() % 7 == 0 { try store.undo(at: now.addingTimeInterval(1)) }
        }
        return store
    }

    /// The log as JSONDecoder alone reads it: reviews not undone, oldest first.
    func decoderReviewLog(_ path: String) throws -> [ReviewRecord] {
        let decoder = Coders.decoder()
        var reviews: [ReviewRecord] = []
        for line in bytes(path).split(separator: 10) {
            let record = try #require(line.withUnsafeBufferPointer { LogLine.unframe($0).map { Array($0.record) } })
            switch try decoder.decode(LogRecord.self, from: Data(record)) {
            case .header: break
            case .review(let review): reviews.append(review)
            case .undo(_, _, let undoes):
                #expect(reviews.last?.seq == undoes)
                reviews.removeLast()
            }
        }
        return reviews
    }

    /// Equal, and also equal where `==` is lenient: strings byte for byte (String's `==` is
    /// canonical equivalence) and doubles bit for bit.
    func expectIdentical(_ a: [ReviewRecord], _ b: [ReviewRecord], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a == b, sourceLocation: sourceLocation)
        #expect(a.count == b.count, sourceLocation: sourceLocation)
        for (x, y) in zip(a, b) {
            let texts = [\Answer.cardID, \.bank, \.code, \.given]
            for path in texts where Array(x.answer[keyPath: path].utf8) != Array(y.answer[keyPath: path].utf8) {
                Issue.record("seq \(x.seq): \(path) differs in bytes", sourceLocation: sourceLocation)
            }
            let states: [(CardState?, CardState?)] = [(x.before, y.before), (x.after, y.after)]
            for (s, t) in states {
                if s?.stability.bitPattern != t?.stability.bitPattern || s?.difficulty.bitPattern != t?.difficulty.bitPattern {
                    Issue.record("seq \(x.seq): a state's numbers differ in bits", sourceLocation: sourceLocation)
                }
            }
        }
    }

    @Test func reviewLogEqualsTheDecoderOnEveryFieldShape() throws {
        let store = try writeVariedLog()
        let fast = try store.reviewLog()
        let slow = try decoderReviewLog(store.logPath)
        expectIdentical(fast, slow)

        // The generated log really has every shape.
        #expect(fast.contains { $0.answer.responseMilliseconds == nil })
        #expect(fast.contains { $0.before == nil } && fast.contains { $0.before != nil })
        #expect(fast.contains { $0.after.phase == .learning && $0.after.step != nil })
        #expect(fast.contains { $0.after.phase == .relearning && $0.after.step != nil })
        #expect(fast.contains { $0.after.phase == .review && $0.after.step == nil })
        #expect(fast.contains { $0.answer.mode == .exam })
        #expect(Set(fast.map(\.answer.given)) == Set(Self.givens))
        #expect(bytes(store.logPath).split(separator: 10).contains { String(decoding: $0, as: UTF8.self).contains(#""kind":"undo""#) })
    }

    @Test func theScannerReadsEveryWrittenReviewAndUndoLikeTheDecoder() throws {
        let store = try writeVariedLog()
        let decoder = Coders.decoder()
        var scanned = 0
        for (n, line) in bytes(store.logPath).split(separator: 10).enumerated() {
            let record = try #require(line.withUnsafeBufferPointer { LogLine.unframe($0).map { Array($0.record) } })
            let expected = try decoder.decode(LogRecord.self, from: Data(record))
            let fast = record.withUnsafeBufferPointer { RecordScanner.record($0) }
            if n == 0 {
                #expect(fast == nil)  // the header is the decoder's
                continue
            }
            // Every review and undo the store writes takes the fast route, and gives the same.
            #expect(fast == expected, "line \(n + 1)")
            scanned += 1
        }
        #expect(scanned > 600)
    }

    /// Hand-written records: shapes quiz does not write but JSONDecoder accepts, and shapes the
    /// scanner must leave to the decoder.
    static let handWritten: [String] = [
        // ms absent; step absent and null; before absent.
        #"{"after":{"difficulty":5,"due":"2026-03-02T09:10:00Z","lastReview":"2026-03-02T09:00:00Z","phase":1,"stability":2.3065,"step":0},"at":"2026-03-02T09:00:00Z","bank":"b","before":null,"card":"c","code":"M54.50","correct":true,"given":"B","hints":0,"kind":"review","mode":"practice","rating":3,"seq":1}"#,
        #"{"after":{"difficulty":1e0,"due":"2026-03-10T09:00:00Z","lastReview":"2026-03-02T09:00:00.5Z","phase":2,"stability":8.2956,"step":null},"at":"2026-03-02T09:00:00.000001Z","bank":"b","card":"c","code":"M54.50","correct":true,"given":"B","hints":0,"kind":"review","mode":"exam","ms":null,"rating":4,"seq":2}"#,
        // Escapes of every kind, a surrogate pair, \/ and upper-case hex.
        #"{"after":{"difficulty":9.999999999999998,"due":"2026-03-10T09:00:00Z","lastReview":"2026-03-02T09:00:00Z","phase":3,"stability":0.40245225400455087,"step":0},"at":"2026-03-02T09:00:00Z","bank":"b\u00e9","before":{"difficulty":1.0E-5,"due":"2026-03-10T09:00:00Z","lastReview":"2026-03-02T09:00:00Z","phase":2,"stability":123456789012345678901234567890},"card":"\ud83e\ude7a\/x","code":"M54.50","correct":false,"given":"q\"\\\/\b\f\n\r\t\u0000\u001F\u20AC","hints":2,"kind":"review","mode":"practice","ms":0,"rating":1,"seq":3}"#,
        // Keys out of order and whitespace.
        #"{ "kind": "undo", "undoes": 3, "seq": 4, "at": "2026-03-02T09:00:00Z" }"#,
        #"{"undoes":3,"seq":4,"kind":"undo","at":"2026-03-02T09:00:00Z"}"#,
        // An unknown key (ignored by the decoder), a duplicate key, numbers the scanner leaves alone.
        #"{"at":"2026-03-02T09:00:00Z","kind":"undo","note":"x","seq":4,"undoes":3}"#,
        #"{"at":"2026-03-02T09:00:00Z","kind":"undo","seq":4,"seq":5,"undoes":3}"#,
        #"{"at":"2026-03-02T09:00:00Z","kind":"undo","seq":4.0,"undoes":3}"#,
        #"{"at":"2026-03-02T09:00:00Z","kind":"undo","seq":-0,"undoes":3}"#,
        #"{"at":"2026-03-02T09:00:00Z","kind":"header","seq":4,"undoes":3}"#,
    ]

    @Test(arguments: handWritten)
    func handWrittenRecordsAgreeWithTheDecoder(line: String) throws {
        let bytes = Array(line.utf8)
        let fast = bytes.withUnsafeBufferPointer { RecordScanner.record($0) }
        let expected = try? Coders.decoder().decode(LogRecord.self, from: Data(bytes))
        if Self.handWritten.prefix(3).contains(line) {
            #expect(expected != nil && fast != nil)  // shapes quiz does not write, still read fast
        }
        if let fast {
            #expect(fast == expected)
            if case .review(let a) = fast, case .review(let b)? = expected { expectIdentical([a], [b]) }
        }
    }

    @Test func theScannerHandsUnusualAndInvalidRecordsToTheDecoder() {
        let valid = Self.handWritten[4]
        let declined = [
            Self.handWritten[3],                                   // whitespace
            Self.handWritten[5],                                   // unknown key
            Self.handWritten[6],                                   // duplicate key
            Self.handWritten[7],                                   // 4.0 for an integer
            valid.replacingOccurrences(of: #""seq":4"#, with: #""seq":04"#),
            valid.replacingOccurrences(of: #""undo""#, with: #""und\u006f""#),
            valid.replacingOccurrences(of: "09:00:00Z", with: "09:00:00"),
            valid.replacingOccurrences(of: "}", with: "},"),
            #"{"after":{"difficulty":5,"due":"2026-03-02T09:10:00Z","lastReview":"2026-03-02T09:00:00Z","phase":1,"stability":2.3,"step":0},"at":"2026-03-02T09:00:00Z","bank":"b","before":null,"card":"c","code":"M","correct":true,"given":"B","hints":0,"kind":"review","mode":"practice","rating":5,"seq":1}"#,
            #"{"after":{"difficulty":5,"due":"2026-03-02T09:10:00Z","lastReview":"2026-03-02T09:00:00Z","phase":1,"stability":2.3,"step":0},"at":"2026-03-02T09:00:00Z","bank":"b","before":null,"card":"c","code":"M","correct":true,"given":"\ud83e","hints":0,"kind":"review","mode":"practice","rating":3,"seq":1}"#,
        ]
        #expect(Array(valid.utf8).withUnsafeBufferPointer { RecordScanner.record($0) } != nil)
        for line in declined {
            #expect(Array(line.utf8).withUnsafeBufferPointer { RecordScanner.record($0) } == nil, "\(line)")
        }
        // Invalid UTF-8 inside a string (the line is read when it is valid).
        let review = Array(Self.handWritten[0].utf8)
        #expect(review.withUnsafeBufferPointer { RecordScanner.record($0) } != nil)
        var raw = review
        let given = Array(#""given":""#.utf8)
        let at = raw.indices.first { raw[$0...].starts(with: given) }! + given.count
        raw.insert(0xFF, at: at)
        #expect(raw.withUnsafeBufferPointer { RecordScanner.record($0) } == nil)
    }

    /// A record the decoder refuses is reported with the file, the line and the decoder's reason,
    /// also when it is one the scanner would otherwise have read.
    @Test func aValidLineWithABadValueIsNamedByFileAndLine() throws {
        let store = try writeVariedLog(answers: 5)
        try store.close()
        let path = root + "/ann/reviews.jsonl"
        try FileManager.default.removeItem(atPath: root + "/ann/snapshot.jsonl")
        var lines = bytes(path).split(separator: 10).map(Array.init)
        let index = try #require(lines.indices.first { String(decoding: lines[$0], as: UTF8.self).contains(#""kind":"review""#) && $0 > 1 })
        let record = String(decoding: lines[index][LogLine.recordOffset..<(lines[index].count - 1)], as: UTF8.self)
        let edited = record.replacingOccurrences(of: #""rating":[0-9]"#, with: #""rating":9"#, options: .regularExpression)
        #expect(edited != record)
        lines[index] = Array(LogLine.frame(Array(edited.utf8)).line.dropLast())
        writeBytes(path, Array(lines.joined(separator: [10])) + [10])

        let error = progressError { _ = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0) }
        guard case .corrupt(let where_, let line, let reason)? = error else {
            Issue.record("expected corrupt, got \(String(describing: error))")
            return
        }
        #expect(where_ == path)
        #expect(line == index + 1)
        #expect(reason.contains("rating"))
    }

    /// A long log is read in pieces on several cores: the result, the counters and the line
    /// named in an error are those of reading it in one piece.
    @Test func readingInPiecesGivesTheSameResultAndLineNumbers() throws {
        let store = try writeVariedLog(answers: 300)
        try store.close()
        let path = root + "/ann/reviews.jsonl"
        let log = bytes(path)

        func read(_ content: [UInt8], pieceBytes: Int) throws(ProgressError) -> (records: [LogRecord], reader: LogReader) {
            var reader = LogReader(path: path, learner: "ann")
            reader.pieceBytes = pieceBytes
            var records: [LogRecord] = []
            try reader.scan(content[...], firstLine: 1, expectHeader: true) { record, _ in records.append(record) }
            return (records, reader)
        }
        let whole = try read(log, pieceBytes: 1 << 30)
        for size in [1, 700, 4096, log.count - 1] {
            let pieces = try read(log, pieceBytes: size)
            #expect(pieces.records == whole.records)
            #expect(pieces.reader.goodBytes == log.count && pieces.reader.lineCount == whole.reader.lineCount)
            #expect(pieces.reader.lastCRC == whole.reader.lastCRC)
        }

        // A torn last line, and damage in a middle line, with small pieces.
        let torn = log + Array(#"{"crc":"00000000","rec":{"kind""#.utf8)
        let tornRead = try read(torn, pieceBytes: 700)
        #expect(tornRead.reader.tornTail?.offset == log.count)
        #expect(tornRead.reader.tornTail?.line == whole.reader.lineCount + 1)
        var damaged = log
        let newlines = log.indices.filter { log[$0] == 10 }
        damaged[newlines[200] - 3] ^= 1
        for size in [700, 1 << 30] {
            #expect(progressError { _ = try read(damaged, pieceBytes: size) } ==
                .corrupt(path: path, line: 201, reason: "the line fails its checksum (damaged or edited by hand)"))
        }
    }

    @Test func crcMatchesZlib() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
        let long = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var slow: UInt32 = 0xFFFF_FFFF
        for byte in long {
            slow ^= UInt32(byte)
            for _ in 0..<8 { slow = slow & 1 != 0 ? 0xEDB8_8320 ^ (slow >> 1) : slow >> 1 }
        }
        for n in [0, 1, 7, 8, 9, 999, 1000] {
            var expected: UInt32 = 0xFFFF_FFFF
            for byte in long.prefix(n) {
                expected ^= UInt32(byte)
                for _ in 0..<8 { expected = expected & 1 != 0 ? 0xEDB8_8320 ^ (expected >> 1) : expected >> 1 }
            }
            #expect(CRC32.checksum(Array(long.prefix(n))) == expected ^ 0xFFFF_FFFF)
        }
        #expect(CRC32.checksum(long) == slow ^ 0xFFFF_FFFF)
    }
}
