import Foundation
import FuzzSupport
import ProgressStore
import Scheduler

// The progress loader (opening a learner, and the stats reader) on damaged files: an error
// naming the file, and the files left as they were; or a learner that opens, records one more
// answer, and opens again with it. The first input byte picks what the rest replaces: the
// whole log, the log's lines (each given a right CRC, so the parsing behind it is reached),
// the log's tail, the snapshot, or the settings.
let learner = "fuzz"
let start = Date(timeIntervalSince1970: 1_790_000_000)
let root = FileManager.default.temporaryDirectory.appendingPathComponent("quiz-fuzz-progress-\(getpid())").path
let folder = root + "/" + learner

func answer(_ number: Int) -> Answer {
    Answer(cardID: "bank-\(number % 3)", bank: "bank", code: "M54.50", rating: number % 2 == 0 ? .good : .again,
           correct: number % 2 == 0, given: "a", responseMilliseconds: 4_000, hints: 0, mode: .practice)
}

func files() -> [String: Data] {
    var found: [String: Data] = [:]
    for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name != "lock" {
        found[name] = FileManager.default.contents(atPath: folder + "/" + name)
    }
    return found
}

/// A healthy learner folder written by the store itself: three answers, compacted once.
let healthy: [String: Data] = {
    try? FileManager.default.removeItem(atPath: root)
    do {
        let store = try LearnerStore.open(progressDirectory: root, learner: learner, now: start)
        for number in 0..<3 { _ = try store.record(answer(number), at: start.addingTimeInterval(Double(number) * 600)) }
        try store.close()
    } catch {
        fatalError("the healthy learner could not be written: \(error)")
    }
    return files()
}()
let healthyLog = healthy["reviews.jsonl"]!

/// `{"crc":"…","rec":…}` with the CRC-32 (IEEE) of the record's bytes.
func framed(_ record: some Collection<UInt8>) -> Data {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in record {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    let hex = String(crc ^ 0xFFFF_FFFF, radix: 16)
    return Data("{\"crc\":\"\(String(repeating: "0", count: 8 - hex.count) + hex)\",\"rec\":".utf8) + Data(record) + Data("}\n".utf8)
}

fuzz { bytes in
    guard let choice = bytes.first else { return }
    let rest = Data(bytes.dropFirst())
    var written = healthy
    switch choice % 5 {
    case 0: written = ["reviews.jsonl": rest]
    case 1:
        let header = Data(#"{"created":"2026-09-21T00:00:00Z","kind":"header","learner":"fuzz","schema":1}"#.utf8)
        written = ["reviews.jsonl": rest.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .reduce(framed(header)) { $0 + framed($1) }]
    case 2: written["reviews.jsonl"] = healthyLog + rest
    case 3: written["snapshot.jsonl"] = rest
    default: written["settings.json"] = rest
    }
    try? FileManager.default.removeItem(atPath: folder)
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    for (name, data) in written { _ = FileManager.default.createFile(atPath: folder + "/" + name, contents: data) }

    _ = try? ProgressReader.read(progressDirectory: root, learner: learner)
    let later = start.addingTimeInterval(86_400)
    let before: Int
    do throws(ProgressError) {
        let store = try LearnerStore.open(progressDirectory: root, learner: learner, now: later)
        before = try store.reviewLog().count
        _ = try store.record(answer(before), at: later)
        try store.close()
    } catch {
        require(!error.description.isEmpty, "an error without a message")
        let now = files()
        for name in ["reviews.jsonl", "settings.json"] where written[name] != nil {
            require(now[name] == written[name], "\(name) was changed by an open that failed with: \(error)")
        }
        return
    }
    do {
        let store = try LearnerStore.open(progressDirectory: root, learner: learner, now: later)
        let after = try store.reviewLog()
        try store.close()
        require(after.count == before + 1, "the recorded answer did not come back: \(before) reviews, then \(after.count)")
    } catch {
        require(false, "a learner that opened and recorded an answer no longer opens: \(error)")
    }
}
