import Foundation
import Scheduler
import Testing

/// `kill -9` at random instants during practice, the exam and the compaction of the log, with
/// the real `quiz`: no answer whose feedback was printed is lost, every file stays readable
/// and the next start is clean. `QUIZ_KILL_TRIALS` sets the trials per scenario (CI runs a
/// few; `Benchmarks/reliability/run` runs hundreds for RELIABILITY.md), `QUIZ_KILL_SEED` the
/// instants.
@Suite(.serialized) struct KilledSessionTests {
    static let trials = ProcessInfo.processInfo.environment["QUIZ_KILL_TRIALS"].flatMap(Int.init) ?? 10
    static let seed = ProcessInfo.processInfo.environment["QUIZ_KILL_SEED"].flatMap(UInt64.init) ?? 20_261_126
    static let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A QUIZ_HOME over the shipped banks (123 cases), so a session has many answers to give.
    struct Home {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("quiz-killed-\(UUID().uuidString)")

        init() throws {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(
                at: url.appendingPathComponent("QuestionBanks"),
                withDestinationURL: KilledSessionTests.package.appendingPathComponent("QuestionBanks"))
        }

        var learner = "kim"
        var learnerFolder: URL { url.appendingPathComponent("Progress/\(learner)") }

        func environment(day: Int) -> [String: String] {
            let now = Date(timeIntervalSince1970: 1_793_000_000 + Double(day) * 86_400)
            return ["QUIZ_HOME": url.path, "QUIZ_NOW": ISO8601DateFormatter().string(from: now),
                    "QUIZ_LEARNER": learner, "NO_COLOR": "1", "TZ": "UTC"]
        }

        /// The live reviews in the learner's log, as `quiz stats` reads them; also proves the
        /// files readable.
        func reviewCount(day: Int) throws -> Int {
            let stats = try QuizProcess.run(["stats", "--json"], environment: environment(day: day))
            try #require(stats.status == 0, "quiz stats failed: \(stats.standardError)")
            let json = try JSONSerialization.jsonObject(with: Data(stats.standardOutput.utf8)) as? [String: Any]
            return try #require((json?["activity"] as? [String: Any])?["reviewsTotal"] as? Int)
        }

        func remove() { try? FileManager.default.removeItem(at: url) }
    }

    /// What a killed run printed before it died, and whether it had already ended.
    struct KilledRun {
        var output: String
        var errors: String
        var endedBeforeTheKill: Bool
    }

    /// Runs quiz with its whole input at hand and kills it (SIGKILL) after `delay` seconds.
    /// Output goes to files: what is in them was written before the kill.
    static func run(_ arguments: [String], input: String, environment: [String: String], killAfter delay: Double) throws -> KilledRun {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("quiz-kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inputURL = scratch.appendingPathComponent("in"), outputURL = scratch.appendingPathComponent("out"),
            errorURL = scratch.appendingPathComponent("err")
        try Data(input.utf8).write(to: inputURL)
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let process = Process()
        process.executableURL = QuizProcess.executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = try FileHandle(forReadingFrom: inputURL)
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        process.standardError = try FileHandle(forWritingTo: errorURL)
        try process.run()
        let watchdog = Watchdog(pid: process.processIdentifier, seconds: 120)
        usleep(useconds_t(delay * 1_000_000))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        watchdog.disarm()
        return KilledRun(output: try String(contentsOf: outputURL, encoding: .utf8),
                         errors: try String(contentsOf: errorURL, encoding: .utf8),
                         endedBeforeTheKill: process.terminationReason == .exit)
    }

    /// Runs quiz to its end and says how long it took: kill instants are drawn up to a bit
    /// past that.
    static func timedRun(_ arguments: [String], input: String, environment: [String: String]) throws -> Double {
        let start = Date()
        let run = try QuizProcess.run(arguments, input: input, environment: environment)
        try #require(run.status == 0, "\(run.standardError)")
        return Date().timeIntervalSince(start)
    }

    /// A kill instant: every other trial anywhere in the run (and a bit past it), the others in
    /// its last part, where the saving and the compaction at the end happen.
    static func instant(trial: Int, of full: Double, _ random: inout SplitMix64) -> Double {
        let fraction = Double(random.next() % 1000) / 1000
        return trial % 2 == 1 ? fraction * full * 1.2 : full * (0.6 + fraction * 0.5)
    }

    /// Warnings a start may give after a kill: an interrupted append set aside. Anything else
    /// (a damaged snapshot, a damaged line) would mean a kill broke a file.
    static func unexpectedWarnings(_ errors: String) -> [Substring] {
        errors.split(separator: "\n").filter { !$0.contains("cut short by an interrupted save") }
    }

    @Test func killedPracticeLosesNoAnswerItConfirmed() throws {
        let home = try Home()
        defer { home.remove() }
        let answers = String(repeating: "a\n", count: 40)
        let arguments = ["practice", "--new", "40", "--limit", "40"]
        var random = SplitMix64(seed: Self.seed)
        let full = try Self.timedRun(arguments + ["--seed", "1"], input: answers, environment: home.environment(day: 0))
        var stored = try home.reviewCount(day: 0)
        var confirmed = 0, inFlightLanded = 0, warningsSeen = 0
        for trial in 1...Self.trials {
            let delay = Self.instant(trial: trial, of: full, &random)
            let run = try Self.run(arguments + ["--seed", String(trial)], input: answers,
                                   environment: home.environment(day: trial), killAfter: delay)
            #expect(Self.unexpectedWarnings(run.errors).isEmpty, "trial \(trial): \(run.errors)")
            warningsSeen += run.errors.isEmpty ? 0 : 1
            let acknowledged = run.output.components(separatedBy: "\nRated ").count - 1
            let now = try home.reviewCount(day: trial)
            #expect(now >= stored + acknowledged, "trial \(trial): \(acknowledged) answers confirmed, \(now - stored) stored")
            #expect(now <= stored + acknowledged + 1, "trial \(trial): more stored than answered")
            confirmed += acknowledged
            inFlightLanded += now - stored - acknowledged
            stored = now
        }
        let next = try QuizProcess.run(["practice", "--limit", "1"], input: "", environment: home.environment(day: Self.trials + 1))
        #expect(next.status == 0 && Self.unexpectedWarnings(next.standardError).isEmpty, "\(next.standardError)")
        print("killed practice: \(Self.trials) trials, \(confirmed) answers confirmed, 0 lost; \(inFlightLanded) answered in the instant of the kill landed, \(warningsSeen) interrupted saves set aside")
    }

    @Test func aKilledExamIsSavedWholeOrNotAtAll() throws {
        let home = try Home()
        defer { home.remove() }
        let answers = String(repeating: "b\n", count: 10) + ":submit\n"
        let arguments = ["exam", "--questions", "10", "--minutes", "30"]
        var random = SplitMix64(seed: Self.seed &+ 1)
        let full = try Self.timedRun(arguments + ["--seed", "1"], input: answers, environment: home.environment(day: 0))
        var stored = try home.reviewCount(day: 0)
        #expect(stored == 10)
        var saved = 0, confirmed = 0
        for trial in 1...Self.trials {
            let delay = Self.instant(trial: trial, of: full, &random)
            let run = try Self.run(arguments + ["--seed", String(trial)], input: answers,
                                   environment: home.environment(day: trial), killAfter: delay)
            #expect(Self.unexpectedWarnings(run.errors).isEmpty, "trial \(trial): \(run.errors)")
            let now = try home.reviewCount(day: trial)
            if run.output.contains("Saved with your progress (10 answers)") {
                #expect(now == stored + 10, "trial \(trial): the exam was confirmed but \(now - stored) answers are stored")
                confirmed += 1
            } else {
                #expect(now == stored || now == stored + 10, "trial \(trial): \(now - stored) of 10 exam answers stored")
            }
            saved += now == stored ? 0 : 1
            stored = now
        }
        print("killed exam: \(Self.trials) trials, \(confirmed) exams confirmed, 0 lost, 0 saved in part; \(saved) saved in all")
    }

    /// Opening a learner whose snapshot is missing rebuilds the card states and writes a new
    /// snapshot (the compaction); killed at any instant of it, the log is untouched.
    @Test func killedCompactionLeavesTheLogWhole() throws {
        var home = try Home()
        defer { home.remove() }
        // A learner with 5,000 reviews (ProgressBench, built beside quiz, writes them), so that
        // rebuilding the card states and writing the snapshot take a good part of the start.
        let generator = QuizProcess.executable.deletingLastPathComponent().appendingPathComponent("ProgressBench")
        let progress = home.url.appendingPathComponent("Progress").path
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("quiz-gen-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let status = try DaemonSafeProcess.run([generator.path, "statsgen", progress, "kim", "1", "5000", "500"],
                                               output: scratch, error: scratch)
        try #require(status == 0, "ProgressBench statsgen failed: \((try? String(contentsOfFile: scratch, encoding: .utf8)) ?? "")")
        home.learner = "kim-0"
        let stored = try home.reviewCount(day: 3)
        let snapshot = home.learnerFolder.appendingPathComponent("snapshot.jsonl")
        var random = SplitMix64(seed: Self.seed &+ 2)
        try? FileManager.default.removeItem(at: snapshot)
        let full = try Self.timedRun(["practice", "--limit", "1"], input: "", environment: home.environment(day: 3))
        var rebuilt = 0
        for trial in 1...Self.trials {
            try? FileManager.default.removeItem(at: snapshot)
            let run = try Self.run(["practice", "--limit", "1"], input: "", environment: home.environment(day: 3),
                                   killAfter: Self.instant(trial: trial, of: full, &random))
            #expect(Self.unexpectedWarnings(run.errors).isEmpty, "trial \(trial): \(run.errors)")
            #expect(try home.reviewCount(day: 3) == stored, "trial \(trial)")
            rebuilt += FileManager.default.fileExists(atPath: snapshot.path) ? 1 : 0
        }
        let next = try QuizProcess.run(["practice", "--limit", "1"], input: "", environment: home.environment(day: 3))
        #expect(next.status == 0 && next.standardError.isEmpty, "\(next.standardError)")
        print("killed compaction: \(Self.trials) trials over a 5,000-review log (\(stored) live), 0 reviews lost; \(rebuilt) snapshots completed before the kill")
    }
}
