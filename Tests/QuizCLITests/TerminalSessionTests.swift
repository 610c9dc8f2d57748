import Foundation
import Testing

/// Drives `quiz practice` under a real terminal (tmux), where readline is in charge: tab
/// completion of codes and commands, Ctrl-C clearing the line, Ctrl-D ending the session.
@Suite(.serialized) struct TerminalSessionTests {
    /// A tmux session running one command, read through capture-pane.
    struct Tmux {
        let name = "quiz-test-\(UUID().uuidString.prefix(8))"

        /// Runs a tmux client. The first one starts the tmux server, which outlives it: see
        /// `DaemonSafeProcess` for why the client is not run through Foundation's `Process`.
        @discardableResult
        static func run(_ arguments: [String]) throws -> String {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: file) }
            _ = try DaemonSafeProcess.run(["/usr/bin/tmux"] + arguments, output: file.path, error: file.path, timeout: 30)
            return (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        }

        func start(_ command: String) throws {
            try Self.run(["new-session", "-d", "-s", name, "-x", "110", "-y", "45", command])
        }

        func keys(_ keys: String...) throws {
            try Self.run(["send-keys", "-t", name] + keys)
        }

        func screen() throws -> String {
            try Self.run(["capture-pane", "-p", "-t", name, "-S", "-200"])
        }

        /// Waits until the screen shows `text` (or gives up after a few seconds).
        @discardableResult
        func wait(for text: String, timeout: TimeInterval = 10) throws -> String {
            let deadline = Date().addingTimeInterval(timeout)
            var shown = try screen()
            while !shown.contains(text), Date() < deadline {
                Thread.sleep(forTimeInterval: 0.1)
                shown = try screen()
            }
            return shown
        }

        func kill() {
            _ = try? Self.run(["kill-session", "-t", name])
        }
    }

    static var tmuxAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")
    }

    /// The shell command tmux runs: quiz with `arguments` in `home`, on a plain terminal with
    /// readline's defaults, then `after` (the window stays open for capture-pane).
    static func quizCommand(_ arguments: String, home: PracticeHome, after: String) -> String {
        let environment = home.environment(now: "2026-11-02T09:00:00Z").merging(["INPUTRC": "/dev/null", "TERM": "xterm"]) { $1 }
        let assignments = environment.map { "\($0.key)='\($0.value)'" }.sorted().joined(separator: " ")
        return "env \(assignments) '\(QuizProcess.executable.path)' \(arguments); \(after)"
    }

    @Test func completionCtrlCAndCtrlDUnderATerminal() throws {
        try #require(Self.tmuxAvailable, "tmux is needed for this test: apt-get install tmux (.ci/run installs it)")
        let home = try PracticeHome()
        defer { home.remove() }
        let tmux = Tmux()
        defer { tmux.kill() }
        let done = home.url.appendingPathComponent("exited").path
        try tmux.start(Self.quizCommand("practice --mode typed --seed 5 --limit 1", home: home, after: "echo $? > '\(done)'; sleep 30"))

        let opening = try tmux.wait(for: "code(s)>")
        try #require(opening.contains("code(s)>"), "the screen shows: \(opening)")
        // A header completes to the billable codes beneath it, listed with their titles.
        try tmux.keys("M54.5", "Tab", "Tab")
        let listing = try tmux.wait(for: "Vertebrogenic low back pain")
        #expect(listing.contains("M54.50  Low back pain, unspecified"))
        #expect(listing.contains("M54.51  Vertebrogenic low back pain"))
        #expect(listing.contains("M54.59  Other low back pain"))
        // Ctrl-C throws the half-typed line away; the prompt comes back empty.
        try tmux.keys("C-c")
        // readline resets the terminal after the signal; keys sent before that may be dropped
        // by the terminal, as a person's would, so wait for the fresh prompt.
        try #require(try tmux.wait(for: "^C\ncode(s)>").contains("^C\ncode(s)>"))
        // Commands complete at the start of a line.
        try tmux.keys(":he", "Tab")
        #expect(try tmux.wait(for: "code(s)> :help").contains("code(s)> :help"))
        try tmux.keys("C-u", "Enter")
        try tmux.keys("S39.012A", "Enter")
        try tmux.wait(for: "Rated ")
        // Ctrl-D ends the session; the answer is on disk.
        try tmux.keys("C-d")
        let end = try tmux.wait(for: "Session over.")
        #expect(end.contains("Session over."))
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: done), Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        #expect((try? String(contentsOfFile: done, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        let reviews = try home.reviews()
        #expect(reviews.count == 1)
        // What was typed before Ctrl-C is not part of the answer.
        #expect(reviews.first?["given"] as? String == "S39.012A")
    }

    @Test func theExamClockCountsDownAndEndsTheExamWithoutAKeystroke() throws {
        try #require(Self.tmuxAvailable, "tmux is needed for this test: apt-get install tmux (.ci/run installs it)")
        let home = try PracticeHome()
        defer { home.remove() }
        let tmux = Tmux()
        defer { tmux.kill() }
        try tmux.start(Self.quizCommand("exam --questions 2 --minutes 0.05 --seed 1", home: home, after: "sleep 30"))
        let start = try tmux.wait(for: "left] answer")
        #expect(start.contains("[0:02 left]") || start.contains("[0:03 left]"))
        // Nobody types: the prompt counts down, then the exam ends and is scored.
        #expect(try tmux.wait(for: "[0:01 left]").contains("[0:01 left]"))
        let end = try tmux.wait(for: "Score: ")
        #expect(end.contains("Time is up."))
        #expect(end.contains("Score: 0/2 (0%)"))
        #expect(end.components(separatedBy: "Not answered.").count == 3)
    }
}
