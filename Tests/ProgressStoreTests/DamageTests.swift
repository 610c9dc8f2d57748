import Foundation
import Testing
@testable import ProgressStore
import Scheduler

/// What happens to damaged, foreign or newer files: detected, reported with file and line,
/// nothing lost, and nothing overwritten that should be kept.
@Suite struct DamageTests {
    let root = makeProgressDirectory()

    /// A learner with `n` answers, closed, with its directory.
    func learner(_ n: Int, name: String = "ann", cards: String = "c") throws -> String {
        let store = try LearnerStore.open(progressDirectory: root, learner: name, now: t0)
        for i in 0..<n { _ = try store.record(answer("\(cards)\(i % 3)", .good), at: t0.addingTimeInterval(Double(i) * 700)) }
        try store.close()
        return root + "/" + name
    }

    @Test func aTornLastLineIsSetAsideWithAWarning() throws {
        let dir = try learner(3)
        let intact = bytes(dir + "/reviews.jsonl")
        let torn = Array(#"{"crc":"0badf00d","rec":{"kind":"review","seq":4,"#.utf8)
        appendBytes(dir + "/reviews.jsonl", torn)

        let store = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0)
        #expect(store.warnings.count == 1)
        #expect(store.warnings.first?.contains("reviews.jsonl:5") == true)
        #expect(try store.reviewLog().map(\.seq) == [1, 2, 3])
        #expect(bytes(dir + "/reviews.jsonl") == intact)
        #expect(String(decoding: bytes(dir + "/reviews.jsonl.torn"), as: UTF8.self).contains(String(decoding: torn, as: UTF8.self)))
        _ = try store.record(answer("c9", .good), at: t0.addingTimeInterval(9000))
        try store.close()
        let reopened = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0)
        #expect(reopened.warnings.isEmpty)
        #expect(try reopened.reviewLog().map(\.seq) == [1, 2, 3, 4])
    }

    @Test func aTailOfZerosFromAPowerCutIsTornToo() throws {
        let dir = try learner(2)
        appendBytes(dir + "/reviews.jsonl", [UInt8](repeating: 0, count: 4096))
        let store = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0)
        #expect(store.warnings.count == 1)
        #expect(try store.reviewLog().count == 2)
    }

    @Test func aDamagedLineInTheMiddleIsAnErrorAndTheFileIsKept() throws {
        let dir = try learner(4)
        try FileManager.default.removeItem(atPath: dir + "/snapshot.jsonl")
        var log = bytes(dir + "/reviews.jsonl")
        let thirdLine = log.indices.filter { log[$0] == 10 }[1] + 1
        let digit = log[(thirdLine + 40)...].firstIndex { (48...57).contains($0) }!
        log[digit] = log[digit] == 57 ? 48 : log[digit] + 1  // a plausible one-character edit
        writeBytes(dir + "/reviews.jsonl", log)

        let error = progressError { _ = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0) }
        #expect(error == .corrupt(path: dir + "/reviews.jsonl", line: 3, reason: "the line fails its checksum (damaged or edited by hand)"))
        #expect("\(error!)".contains("reviews.jsonl:3"))
        #expect(bytes(dir + "/reviews.jsonl") == log)
    }

    @Test func aLogFromANewerVersionIsRefusedAndNotTouched() throws {
        let dir = root + "/ann"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let header = LogLine.frame(Array(#"{"created":"2030-01-01T00:00:00Z","kind":"header","learner":"ann","schema":2}"#.utf8)).line
        let future = header + LogLine.frame(Array(#"{"kind":"hologram","seq":1}"#.utf8)).line
        writeBytes(dir + "/reviews.jsonl", future)
        #expect(progressError { _ = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0) }
            == .newerSchema(path: dir + "/reviews.jsonl", found: 2, supported: 1))
        #expect(bytes(dir + "/reviews.jsonl") == future)
    }

    @Test func newerSettingsAndSnapshotsAreRefusedAndNotTouched() throws {
        let dir = try learner(2)
        let settings = Array(#"{"schema": 7, "desiredRetention": 0.9}"#.utf8)
        writeBytes(dir + "/settings.json", settings)
        #expect(progressError { _ = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0) }
            == .newerSchema(path: dir + "/settings.json", found: 7, supported: 1))
        #expect(bytes(dir + "/settings.json") == settings)

        try FileManager.default.removeItem(atPath: dir + "/settings.json")
        let snapshot = Array(#"{"schema": 3, "cards": "elsewhere"}"#.utf8)
        writeBytes(dir + "/snapshot.jsonl", snapshot)
        #expect(progressError { _ = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0) }
            == .newerSchema(path: dir + "/snapshot.jsonl", found: 3, supported: 1))
        #expect(bytes(dir + "/snapshot.jsonl") == snapshot)
    }

    @Test func brokenSettingsNameTheLine() throws {
        let dir = try learner(1)
        writeBytes(dir + "/settings.json", Array("{\n  \"schema\": 1,\n  \"leechThreshold\": \"eight\"\n}\n".utf8))
        let error = progressError { _ = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0) }
        guard case .corrupt(let path, let line, _) = error else {
            Issue.record("expected corrupt, got \(String(describing: error))")
            return
        }
        #expect(path == dir + "/settings.json")
        #expect(line == 3)
    }

    @Test func aDamagedSnapshotIsKeptAsideAndRebuiltFromTheLog() throws {
        let dir = try learner(5)
        let good = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0)
        let cards = good.cards
        try good.close()
        writeBytes(dir + "/snapshot.jsonl", Array("{\"schema\": 1, \"cards\": [tru".utf8))

        let store = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0)
        #expect(store.cards == cards)
        #expect(store.warnings.first?.contains("snapshot.json") == true)
        #expect(bytes(dir + "/snapshot.jsonl.corrupt") == Array("{\"schema\": 1, \"cards\": [tru".utf8))
    }

    @Test func aSnapshotFromAnotherLogIsNotTrusted() throws {
        _ = try learner(5, name: "ann")
        _ = try learner(2, name: "bob", cards: "b")
        let ann = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0)
        let annCards = ann.cards
        try ann.close()
        try FileManager.default.removeItem(atPath: root + "/ann/snapshot.jsonl")
        try FileManager.default.copyItem(atPath: root + "/bob/snapshot.jsonl", toPath: root + "/ann/snapshot.jsonl")

        let store = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0)
        #expect(store.cards == annCards)
        #expect(store.warnings.first?.contains("does not match") == true)
    }

    /// Even a snapshot whose last line matches byte for byte belongs to its own learner only.
    @Test func aSnapshotOfAnotherLearnerWithTheSameHistoryIsNotTrusted() throws {
        _ = try learner(3, name: "ann")
        _ = try learner(3, name: "bob")
        try FileManager.default.removeItem(atPath: root + "/ann/snapshot.jsonl")
        try FileManager.default.copyItem(atPath: root + "/bob/snapshot.jsonl", toPath: root + "/ann/snapshot.jsonl")
        let store = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0)
        #expect(store.warnings.first?.contains("does not match") == true)
        #expect(try store.reviewLog().count == 3)
    }

    @Test func aHugeFileIsRefusedClearly() throws {
        let dir = try learner(1)
        writeBytes(dir + "/settings.json", [UInt8](repeating: 32, count: (1 << 20) + 1))
        let error = progressError { _ = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0) }
        #expect(error == .tooLarge(path: dir + "/settings.json", size: (1 << 20) + 1, limit: 1 << 20))
    }

    @Test func stateAfterACrashMidSessionIsTheLogs() throws {
        // Files as a killed session leaves them: a snapshot from earlier, more lines after it.
        let store = try LearnerStore.open(progressDirectory: root, learner: "ann", now: t0)
        _ = try store.record(answer("c1", .good), at: t0)
        try store.compact()
        _ = try store.record(answer("c1", .good), at: t0.addingTimeInterval(600))
        try store.undo(at: t0.addingTimeInterval(601))
        _ = try store.record(answer("c2", .again), at: t0.addingTimeInterval(700))
        let cards = store.cards
        try FileManager.default.copyItem(atPath: root + "/ann", toPath: root + "/copy")
        try store.close()
        try? FileManager.default.removeItem(atPath: root + "/copy/lock")

        let recovered = try LearnerStore.open(progressDirectory: root, learner: "copy", now: t0)
        #expect(recovered.cards == cards)
        #expect(try recovered.reviewLog().map(\.seq) == [1, 4])
    }
}
