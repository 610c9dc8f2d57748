import Foundation
import Testing
@testable import ProgressStore
import Scheduler

/// The cache of review digests `quiz stats` keeps beside a long log: a report read through it
/// is the report read from the log alone, and a cache that does not belong to the log is not
/// used.
@Suite struct DigestCacheTests {
    let root = makeProgressDirectory()

    /// ann's log with `count` more answers (an undo now and then), recorded from `start`.
    func record(_ count: Int, from start: Int) throws {
        let store = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0)
        for i in start..<start + count {
            _ = try store.record(answer("c\(i % 9)", i % 4 == 0 ? .again : .good, given: i % 4 == 0 ? "M54.9" : "M53.3"),
                                 at: t0.addingTimeInterval(Double(i) * 3_600))
            if i % 13 == 12 { _ = try store.undo(at: t0.addingTimeInterval(Double(i) * 3_600 + 60)) }
        }
        try store.close()
    }

    func readCached() throws -> LearnerProgress {
        try ProgressReader.read(progressDirectory: root, learner: "ann", cards: true, cachingFrom: 1)
    }

    func readWhole() throws -> LearnerProgress {
        try ProgressReader.read(progressDirectory: root, learner: "ann", cards: true, cachingFrom: .max)
    }

    var cachePath: String { root + "/ann/" + DigestCache.fileName }

    @Test func readingThroughTheCacheGivesWhatTheLogGives() throws {
        try record(60, from: 0)
        let first = try readCached()
        #expect(FileManager.default.fileExists(atPath: cachePath))
        let cached = try #require(DigestCache.load(directory: root + "/ann", logFD: try POSIX.open(root + "/ann/reviews.jsonl", O_RDONLY),
                                                   logSize: Int(try FileManager.default.attributesOfItem(atPath: root + "/ann/reviews.jsonl")[.size] as! UInt64)))
        #expect(ProgressReaderTests.rows(cached.history) == ProgressReaderTests.rows(first.history))
        // More answers (and undos of answers the cache holds) after the cache was made.
        try record(45, from: 60)
        let resumed = try readCached()
        let whole = try readWhole()
        #expect(ProgressReaderTests.rows(resumed.history) == ProgressReaderTests.rows(whole.history))
        #expect(resumed.history.reviews.count == whole.history.reviews.count)
        #expect(resumed.cards == whole.cards)
    }

    @Test func damageAfterTheCachedPartIsReportedWithItsLine() throws {
        try record(30, from: 0)
        _ = try readCached()
        try record(10, from: 30)
        // Damage the second-to-last line: its line number must be counted across the cache.
        let path = root + "/ann/reviews.jsonl"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // Not the last line (a bad last line is an interrupted write, left out with a warning).
        let target = try #require((0..<lines.count - 2).last { lines[$0].contains("M53.3") })
        var damaged = lines.map(String.init)
        damaged[target] = damaged[target].replacingOccurrences(of: "M53.3", with: "M53.4")
        text = damaged.joined(separator: "\n")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: ProgressError.self) { try readCached() }
        do { _ = try readCached() } catch {
            #expect("\(error)".contains("reviews.jsonl:\(target + 1):"), "\(error)")
        }
    }

    @Test func aCacheThatDoesNotBelongToTheLogIsNotUsed() throws {
        try record(40, from: 0)
        _ = try readCached()
        let cache = try Data(contentsOf: URL(fileURLWithPath: cachePath))
        // Another history of the same length under the same name (restored from elsewhere).
        try FileManager.default.removeItem(atPath: root + "/ann")
        let store = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0)
        for i in 0..<40 {
            _ = try store.record(answer("other\(i % 5)", .hard, given: "M54.50"), at: t0.addingTimeInterval(Double(i) * 60))
        }
        try store.close()
        try cache.write(to: URL(fileURLWithPath: cachePath))
        #expect(ProgressReaderTests.rows(try readCached().history) == ProgressReaderTests.rows(try readWhole().history))

        // A damaged cache (one byte changed) is not used either.
        _ = try readCached()
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: cachePath)))
        bytes[bytes.count / 2] ^= 0x40
        try Data(bytes).write(to: URL(fileURLWithPath: cachePath))
        #expect(DigestCache.load(directory: root + "/ann", logFD: try POSIX.open(root + "/ann/reviews.jsonl", O_RDONLY), logSize: 1 << 30) == nil)
        #expect(ProgressReaderTests.rows(try readCached().history) == ProgressReaderTests.rows(try readWhole().history))
    }

    /// Sessions refresh the cache as they end: made when missing, left alone until the log has
    /// grown by the rewrite threshold, then made again covering the whole log.
    @Test func sessionsKeepTheCacheCloseToTheLog() throws {
        let logPath = root + "/ann/reviews.jsonl"
        func logSize() throws -> Int { try #require(FileManager.default.attributesOfItem(atPath: logPath)[.size] as? Int) }
        try record(20, from: 0)
        ProgressReader.refreshCache(progressDirectory: root, learner: "ann", cachingFrom: 1_000_000)
        #expect(!FileManager.default.fileExists(atPath: cachePath), "a log under the threshold got a cache")
        let threshold = try logSize() / 2
        ProgressReader.refreshCache(progressDirectory: root, learner: "ann", cachingFrom: threshold)
        #expect(DigestCache.coveredLogBytes(directory: root + "/ann") == (try logSize()))
        let made = try Data(contentsOf: URL(fileURLWithPath: cachePath))
        try record(2, from: 20)  // less than `threshold` more
        ProgressReader.refreshCache(progressDirectory: root, learner: "ann", cachingFrom: threshold)
        #expect(try Data(contentsOf: URL(fileURLWithPath: cachePath)) == made)
        try record(20, from: 22)
        ProgressReader.refreshCache(progressDirectory: root, learner: "ann", cachingFrom: threshold)
        #expect(DigestCache.coveredLogBytes(directory: root + "/ann") == (try logSize()))
        #expect(ProgressReaderTests.rows(try readCached().history) == ProgressReaderTests.rows(try readWhole().history))
    }

    @Test func smallLogsAreReadWholeAndLeaveNoFile() throws {
        try record(20, from: 0)
        _ = try ProgressReader.read(progressDirectory: root, learner: "ann")
        #expect(!FileManager.default.fileExists(atPath: cachePath))
    }
}
