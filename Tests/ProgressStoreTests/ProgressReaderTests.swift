#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing
@testable import ProgressStore
import Scheduler

/// Reading progress for reports: without the learner's lock, changing nothing, giving the
/// same reviews as `reviewLog()`.
@Suite struct ProgressReaderTests {
    let root = makeProgressDirectory()

    /// The reviews as plain tuples, to compare the two readers.
    static func rows(_ history: ReviewHistory) -> [String] {
        history.reviews.map {
            "\($0.seq) \(Timestamp.format($0.at)) \(history[$0.card]) \(history[$0.bank]) \(history[$0.code]) [\(history[$0.given])] \($0.rating.rawValue) \($0.correct) \($0.mode.rawValue) \($0.hints) \($0.milliseconds.map(String.init) ?? "-") \($0.wasInReview)"
        }
    }

    static func rows(_ log: [ReviewRecord]) -> [String] {
        log.map {
            "\($0.seq) \(Timestamp.format($0.at)) \($0.answer.cardID) \($0.answer.bank) \($0.answer.code) [\($0.answer.given)] \($0.answer.rating.rawValue) \($0.answer.correct) \($0.answer.mode.rawValue) \($0.answer.hints) \($0.answer.responseMilliseconds.map(String.init) ?? "-") \($0.before?.phase == .review)"
        }
    }

    @Test func readsWhileTheLearnerPractisesAndAgreesWithTheReviewLog() throws {
        let store = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0)
        var time = t0
        for i in 0..<40 {
            // Escapes and non-ASCII in `given` take the slow path on some lines.
            let given = i % 3 == 0 ? "m54.5 \"lumbago\" é" : i % 5 == 0 ? "" : "M53.3"
            var a = answer("c\(i % 7)", i % 4 == 0 ? .again : .good, given: given, mode: i % 6 == 0 ? .exam : .practice)
            a.responseMilliseconds = i % 9 == 0 ? nil : 1000 + i
            _ = try store.record(a, at: time)
            time = time.addingTimeInterval(Double(i % 3) * 86_400 + 60)
            if i % 10 == 9 { try store.undo(at: time) }
        }
        // The store is open (its lock held): reading does not wait and is not refused.
        let progress = try ProgressReader.read(progressDirectory: root, learner: "ann")
        let log = try store.reviewLog()
        #expect(log.count == 36)
        #expect(Self.rows(progress.history) == Self.rows(log))
        #expect(progress.cards == store.cards)
        #expect(progress.warnings.isEmpty)
        #expect(progress.settings == store.settings)
        // Small pieces (several per line run) give the same result.
        var scan = DigestScan(path: "test")
        scan.pieceBytes = 700
        let bytes = try #require(try POSIX.readFile(root + "/ann/reviews.jsonl", limit: 1 << 30))
        try bytes.withUnsafeBufferPointer { buffer throws(ProgressError) in try scan.run(buffer) }
        #expect(Self.rows(scan.history) == Self.rows(log))
        try store.close()
    }

    @Test func anIncompleteLastLineIsLeftOutAndLeftAlone() throws {
        let store = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0)
        _ = try store.record(answer("c1", .good), at: t0)
        _ = try store.record(answer("c2", .again), at: t0.addingTimeInterval(60))
        // A session in the middle of appending its next line.
        let path = root + "/ann/reviews.jsonl"
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"crc":"00000000","rec":{"after":{"#.utf8))
        try handle.close()
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        let progress = try ProgressReader.read(progressDirectory: root, learner: "ann")
        #expect(progress.history.reviews.count == 2)
        #expect(progress.cards.count == 2)
        #expect(progress.warnings.count == 1)
        #expect(progress.warnings.first?.contains("reviews.jsonl:4: the last line is incomplete") == true)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == size)
        #expect(!FileManager.default.fileExists(atPath: path + ".torn"))
        try store.close()
    }

    @Test func damageInTheMiddleIsReportedWithItsLine() throws {
        let store = try LearnerStore.open(progressDirectory: root, learner: "bob", now: t0)
        for i in 0..<3 { _ = try store.record(answer("c\(i)", .good), at: t0.addingTimeInterval(Double(i))) }
        try store.close()
        let path = root + "/bob/reviews.jsonl"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"c1\"", with: "\"cX\"")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(progressError { _ = try ProgressReader.read(progressDirectory: root, learner: "bob") }.map { "\($0)" }?
            .contains("reviews.jsonl:3: the line fails its checksum") == true)
    }

    @Test func nothingIsWrittenForALearnerWithoutSettingsOrSnapshot() throws {
        let store = try LearnerStore.open(progressDirectory: root, learner: "cy", now: t0)
        _ = try store.record(answer("c1", .good), at: t0)
        try store.close()
        try FileManager.default.removeItem(atPath: root + "/cy/settings.json")
        try FileManager.default.removeItem(atPath: root + "/cy/snapshot.jsonl")
        let progress = try ProgressReader.read(progressDirectory: root, learner: "cy")
        #expect(progress.cards.count == 1)
        #expect(progress.settings == LearnerSettings())
        #expect(!FileManager.default.fileExists(atPath: root + "/cy/settings.json"))
        #expect(!FileManager.default.fileExists(atPath: root + "/cy/snapshot.jsonl"))
        #expect(ProgressReader.learners(progressDirectory: root) == ["cy"])
    }
}
