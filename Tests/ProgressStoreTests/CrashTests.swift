#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing
@testable import ProgressStore
import Scheduler

/// Kills a process that records answers with SIGKILL at random (seeded) instants, many times,
/// and checks after each kill that every file loads and every acknowledged write is there.
/// QUIZ_CRASH_TRIALS raises the number of trials (default 60), QUIZ_CRASH_SEED changes the seed.
@Suite struct CrashTests {
    static var writer: URL {
        let fromBundle = Bundle.main.bundleURL.appendingPathComponent("progress-crash-writer")
        if FileManager.default.isExecutableFile(atPath: fromBundle.path) { return fromBundle }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("progress-crash-writer")
    }

    @Test func killedWritersLoseNoAcknowledgedAnswer() throws {
        let environment = ProcessInfo.processInfo.environment
        let trials = environment["QUIZ_CRASH_TRIALS"].flatMap(Int.init) ?? 60
        var random = SplitMix64(seed: environment["QUIZ_CRASH_SEED"].flatMap(UInt64.init) ?? 20_261_126)
        let root = makeProgressDirectory()
        #expect(FileManager.default.isExecutableFile(atPath: Self.writer.path), "build progress-crash-writer first")

        /// The reviews that must be live, in order: what every acknowledged write implies.
        var live: [Int] = []
        var acknowledged = 0
        var lost = 0
        var repairedTornLines = 0
        var inFlightLanded = 0
        let started = Date()
        for trial in 0..<trials {
            let process = Process()
            process.executableURL = Self.writer
            process.arguments = [root, "crash", "100000", String(random.next())]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Kill at a random instant: every other trial anywhere from start-up (opening,
            // repairing, compacting) on; the others while it writes, timed from its "ready".
            var early = Data()
            if trial % 2 == 1 {
                while !early.contains(10) {
                    let chunk = output.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    early.append(chunk)
                }
                usleep(useconds_t(random.next() % 30_000))
            } else {
                usleep(useconds_t(random.next() % 60_000))
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let text = String(decoding: early + output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)

            var expected = live
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ")
                if words.count == 3, words[0] == "ack", let seq = Int(words[2]) {
                    acknowledged += 1
                    if words[1] == "review" { expected.append(seq) }
                    if words[1] == "undo" {
                        #expect(expected.last == seq, "trial \(trial): undo acknowledged for \(seq), not the latest review")
                        expected.removeLast()
                    }
                }
            }

            // Every file must load, and the log must hold exactly the acknowledged writes plus at
            // most the one that was on disk but not yet acknowledged when the kill came.
            let store = try LearnerStore.open(progressDirectory: root, learner: "crash", now: Date())
            repairedTornLines += store.warnings.filter { $0.contains("cut short") }.count
            let log = try store.reviewLog()
            let actual = log.map(\.seq)
            let ok = actual == expected
                || (actual.count == expected.count + 1 && Array(actual.dropLast()) == expected)
                || (actual.count + 1 == expected.count && actual == Array(expected.dropLast()))
            if !ok {
                lost += 1
                Issue.record("trial \(trial): log has \(actual.suffix(5)), acknowledged writes imply \(expected.suffix(5))")
            }
            if actual != expected { inFlightLanded += 1 }
            // The card table (from the snapshot and the log after it) must equal a replay of the log.
            var rebuilt: [String: CardProgress] = [:]
            for review in log { LearnerStore.apply(review, to: &rebuilt) }
            #expect(rebuilt.mapValues(\.state) == store.cards.mapValues(\.state), "trial \(trial): card states differ from the log")
            try store.close()
            live = actual
        }
        let seconds = Date().timeIntervalSince(started)
        print("crash test: \(trials) trials, \(acknowledged) acknowledged writes, \(lost) lost; \(live.count) live reviews at the end; \(repairedTornLines) torn last lines set aside; \(inFlightLanded) unacknowledged writes that reached the disk; \(String(format: "%.1f", seconds)) s")
        #expect(lost == 0)
        #expect(acknowledged > 0, "the writer acknowledged nothing, so nothing was tested")
    }
}
