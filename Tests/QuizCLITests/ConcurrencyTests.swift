import Foundation
import Scheduler
import Testing

/// Several processes at one learner's files: two sessions started at once, class statistics
/// while learners answer, and a progress folder copied while it is being written (what an
/// instructor collecting folders does).
@Suite(.serialized) struct ConcurrencyTests {
    /// `progress-crash-writer` (built beside quiz) records answers as fast as the disk allows,
    /// printing "ack review N" / "ack undo N" after each durable write: a learner in a hurry.
    final class Writer {
        let process = Process()
        let output: URL

        init(progress: String, learner: String, answers: Int, seed: UInt64) throws {
            output = FileManager.default.temporaryDirectory.appendingPathComponent("quiz-writer-\(UUID().uuidString)")
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            process.executableURL = QuizProcess.executable.deletingLastPathComponent().appendingPathComponent("progress-crash-writer")
            process.arguments = [progress, learner, String(answers), String(seed)]
            process.standardOutput = try FileHandle(forWritingTo: output)
            process.standardError = try FileHandle(forWritingTo: output)
            try process.run()
        }

        var printed: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }

        /// Waits until the writer has opened the store.
        func waitUntilReady() {
            let deadline = Date().addingTimeInterval(60)
            while !printed.contains("ready"), process.isRunning, Date() < deadline { usleep(5_000) }
        }

        /// The live reviews its acknowledgements add up to, once it has finished.
        func finish() -> (status: Int32, live: Int) {
            process.waitUntilExit()
            let lines = printed.split(separator: "\n")
            let reviews = lines.filter { $0.hasPrefix("ack review") }.count, undos = lines.filter { $0.hasPrefix("ack undo") }.count
            try? FileManager.default.removeItem(at: output)
            return (process.terminationStatus, reviews - undos)
        }
    }

    static func classReport(home: String) throws -> (status: Int32, learners: [String: Int], skipped: [String], errors: String) {
        let run = try QuizProcess.run(["stats", "--all", "--json"],
                                      environment: ["QUIZ_HOME": home, "QUIZ_NOW": "2026-12-01T09:00:00Z", "NO_COLOR": "1"])
        guard run.status == 0 else { return (run.status, [:], [], run.standardError) }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        let learners = (json["learners"] as? [[String: Any]] ?? []).reduce(into: [String: Int]()) {
            $0[$1["learner"] as? String ?? ""] = $1["reviews"] as? Int
        }
        let skipped = (json["skipped"] as? [Any] ?? []).map { "\($0)" }
        return (run.status, learners, skipped, run.standardError)
    }

    @Test func twoSessionsStartedAtOnceNeverBothRun() throws {
        let home = try PracticeHome()
        defer { home.remove() }
        for round in 1...8 {
            let environment = home.environment(now: "2026-11-02T09:00:00Z")
            let first = try Conversation(["practice", "--mode", "typed"], environment: environment)
            let second = try Conversation(["practice", "--mode", "typed"], environment: environment)
            let asked = [first, second].map { $0.read(until: "code(s)> ") != nil }
            #expect(asked.filter { $0 }.count == 1, "round \(round): \(asked.filter { $0 }.count) sessions got in")
            let results = [first.finish(), second.finish()]
            let refused = zip(asked, [first, second]).first { !$0.0 }?.1
            #expect(refused?.transcript.contains("in use by another quiz session") == true, "round \(round)")
            #expect(results.map(\.status).sorted() == [0, 2], "round \(round): \(results.map(\.status))")
        }
    }

    @Test func classStatisticsWhileLearnersAnswer() throws {
        let home = try PracticeHome()
        defer { home.remove() }
        let progress = home.progress.path
        let writers = try (0..<3).map { try Writer(progress: progress, learner: "w\($0)", answers: 5000, seed: UInt64($0)) }
        writers.forEach { $0.waitUntilReady() }
        var runs = 0
        while writers.contains(where: { $0.process.isRunning }) {
            let report = try Self.classReport(home: home.path)
            #expect(report.status == 0, "\(report.errors)")
            #expect(report.skipped.isEmpty, "\(report.skipped)")
            #expect(Set(report.learners.keys) == ["w0", "w1", "w2"])
            runs += 1
        }
        let finished = writers.map { $0.finish() }
        #expect(finished.allSatisfy { $0.status == 0 })
        let final = try Self.classReport(home: home.path)
        #expect(final.learners == ["w0": finished[0].live, "w1": finished[1].live, "w2": finished[2].live])
        #expect(runs >= 1, "the report never ran while the learners answered")
        print("class statistics: \(runs) reports while 3 learners answered, none failed or skipped anyone")
    }

    @Test func aFolderCopiedMidWriteIsReadAsFarAsItIsComplete() throws {
        let home = try PracticeHome()
        defer { home.remove() }
        let collected = home.url.appendingPathComponent("collected")
        try FileManager.default.createDirectory(at: collected.appendingPathComponent("Progress"), withIntermediateDirectories: true)
        let writer = try Writer(progress: home.progress.path, learner: "src", answers: 8000, seed: 7)
        writer.waitUntilReady()
        var copies = 0
        var random = SplitMix64(seed: 11)
        while writer.process.isRunning, copies < 20 {
            usleep(useconds_t(random.next() % 60_000))
            let copy = try QuizProcess.runTool(["/bin/cp", "-r", home.progress.appendingPathComponent("src").path,
                                                collected.appendingPathComponent("Progress/copy-\(copies)").path])
            // cp says so (status 1) when a file it listed is gone before it opens it (the
            // snapshot's temporary file, renamed meanwhile): what a collecting instructor gets.
            #expect(copy.status == 0 || copy.standardError.contains("No such file"), "\(copy.standardError)")
            copies += 1
        }
        let finished = writer.finish()
        #expect(finished.status == 0)
        let report = try Self.classReport(home: collected.path)
        #expect(report.status == 0, "\(report.errors)")
        #expect(report.learners.count + report.skipped.count == copies, "every copy is read or said to be skipped")
        let written = (try String(contentsOf: home.progress.appendingPathComponent("src/reviews.jsonl"), encoding: .utf8))
            .components(separatedBy: "\"kind\":\"review\"").count - 1
        for (name, reviews) in report.learners {
            #expect(reviews <= written, "\(name): \(reviews) reviews, more than were ever written")
        }
        let text = try QuizProcess.run(["stats", "--all"], environment: ["QUIZ_HOME": collected.path, "NO_COLOR": "1"])
        #expect(text.status == 0)
        for skipped in report.skipped { #expect(text.standardOutput.contains("skipped") , "\(skipped)") }
        let cut = report.errors.components(separatedBy: "the last line is incomplete").count - 1
        print("copied mid-write: \(copies) copies, \(report.learners.count) read (\(cut) with a cut last line left out), \(report.skipped.count) skipped with a reason")
    }
}
