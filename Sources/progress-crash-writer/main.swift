// The child process of the crash test: records answers (and now and then undoes one or writes
// a snapshot) as fast as it can, printing an acknowledgement line after each durable write.
// The test kills it with SIGKILL at random instants and checks that every acknowledged write
// survived and that every file still loads.
//
// usage: progress-crash-writer PROGRESS_DIR LEARNER COUNT SEED
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import ProgressStore
import Scheduler

func say(_ line: String) {
    // One write(2) per line, unbuffered, so what the parent reads was printed after the fsync.
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
}

let arguments = CommandLine.arguments
guard arguments.count == 5, let count = Int(arguments[3]), let seed = UInt64(arguments[4]) else {
    FileHandle.standardError.write(Data("usage: progress-crash-writer PROGRESS_DIR LEARNER COUNT SEED\n".utf8))
    exit(2)
}

do {
    let store = try LearnerStore.open(progressDirectory: arguments[1], learner: arguments[2], now: Date())
    for warning in store.warnings { say("warning \(warning)") }
    say("ready")
    var random = SplitMix64(seed: seed)
    for i in 0..<count {
        let roll = random.next() % 100
        if roll < 8 {
            if let undone = try? store.undo(at: Date()) {
                say("ack undo \(undone.seq)")
            }
            continue
        }
        if roll < 11 {
            try store.compact()
            continue
        }
        let card = "case-\(random.next() % 40)"
        let rating = Rating(rawValue: Int(random.next() % 4) + 1)!
        let answer = Answer(
            cardID: card, bank: "crash", code: "M54.50", rating: rating, correct: rating != .again,
            given: rating == .again ? "M54.9" : "M54.50", responseMilliseconds: 1000 + i, hints: 0, mode: .practice)
        let outcome = try store.record(answer, at: Date())
        say("ack review \(outcome.review.seq)")
    }
    try store.close()
    say("done")
} catch {
    FileHandle.standardError.write(Data("progress-crash-writer: \(error)\n".utf8))
    exit(1)
}
