import Foundation
import Testing

/// `quiz stats` end to end: progress built by scripted sessions with known answers, then the
/// report's figures checked against values worked out by hand.
@Suite(.serialized) struct StatsCommandTests {
    /// Answers every question of a typed session: `wrong` maps a word of a case's stem to the
    /// wrong code to give; the rest get the right code. Returns how many were answered.
    @discardableResult
    static func session(_ home: PracticeHome, learner: String, now: String, new: Int, wrong: [String: String] = [:],
                        max: Int = 3) throws -> Int {
        var environment = home.environment(now: now)
        environment["QUIZ_LEARNER"] = learner
        environment["TZ"] = "UTC"
        let session = try Conversation(["practice", "--mode", "typed", "--seed", "3", "--new", String(new)], environment: environment)
        var answered = 0
        while answered < max, let question = session.read(until: "code(s)> ") {
            let right = try #require(PracticeCommandTests.answer(for: question), "no known case in: \(question)")
            let given = wrong.first { question.contains($0.key) }?.value ?? right
            session.send(given)
            answered += 1
        }
        #expect(session.finish().status == 0)
        return answered
    }

    static func stats(_ home: PracticeHome, _ arguments: [String], now: String, learner: String = "ann") throws -> (status: Int32, json: [String: Any], stderr: String, stdout: String) {
        var environment = home.environment(now: now)
        environment["QUIZ_LEARNER"] = learner
        environment["TZ"] = "UTC"
        let outcome = try QuizProcess.run(["stats"] + arguments, environment: environment)
        let json = arguments.contains("--json")
            ? (try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any] ?? [:]) : [:]
        return (outcome.status, json, outcome.standardError, outcome.standardOutput)
    }

    /// ann: on 31 October three new cases, the coccyx one answered M54.50 (wrong); on 1 November
    /// only that one is due again (the two answered right and fast were rated Easy and went to
    /// review for days) and is answered right.
    static func ann(_ home: PracticeHome) throws {
        #expect(try session(home, learner: "ann", now: "2026-10-31T09:00:00Z", new: 3, wrong: ["tailbone": "M54.50"]) == 3)
        #expect(try session(home, learner: "ann", now: "2026-11-01T09:00:00Z", new: 0) == 1)
    }

    @Test func theLearnerReportMatchesTheSessions() throws {
        let home = try PracticeHome()
        defer { home.remove() }
        try Self.ann(home)
        let (status, json, stderr, _) = try Self.stats(home, ["--json"], now: "2026-11-01T10:00:00Z")
        #expect(status == 0, "\(stderr)")
        let activity = try #require(json["activity"] as? [String: Any])
        #expect(activity["reviewsTotal"] as? Int == 4)
        #expect(activity["reviewsToday"] as? Int == 1)
        #expect(activity["daysPractised"] as? Int == 2)
        // 31 October and 1 November: a streak across the month end.
        #expect(activity["currentStreak"] as? Int == 2)
        #expect(activity["longestStreak"] as? Int == 2)
        let accuracy = try #require(json["accuracy"] as? [String: Any])
        let overall = try #require(accuracy["overall"] as? [String: Any])
        #expect(overall["answered"] as? Int == 4 && overall["correct"] as? Int == 3)
        #expect(abs((overall["share"] as? Double ?? 0) - 0.75) < 1e-9)
        let retention = try #require(accuracy["trueRetention"] as? [String: Any])
        #expect(retention["answered"] as? Int == 0)
        #expect(retention["share"] is NSNull)
        let cards = try #require(json["cards"] as? [String: Any])
        #expect(cards["studied"] as? Int == 3 && cards["new"] as? Int == 0)
        let confusions = try #require(json["confusions"] as? [[String: Any]])
        #expect(confusions.count == 1)
        #expect(confusions.first?["given"] as? String == "M54.50")
        #expect(confusions.first?["expected"] as? String == "M53.3")
        #expect(confusions.first?["count"] as? Int == 1)
        #expect((confusions.first?["lastConfused"] as? String)?.hasPrefix("2026-10-31T09:") == true)
        let weakest = try #require(json["weakestCodes"] as? [[String: Any]])
        #expect(weakest.map { $0["code"] as? String } == ["M53.3"])
        let chapters = try #require(json["chapters"] as? [[String: Any]])
        #expect(chapters.map { $0["code"] as? String } == ["M00-M99", "S00-T88"])
        let m = try #require(chapters.first?["accuracy"] as? [String: Any])
        #expect(m["answered"] as? Int == 3 && m["correct"] as? Int == 2)
        let forecast = try #require(json["forecast"] as? [[String: Any]])
        #expect(forecast.count == 14)
        #expect(forecast.first?["date"] as? String == "2026-11-01")
        #expect(forecast.reduce(0) { $0 + ($1["count"] as? Int ?? 0) } == 3)
        let heatmap = try #require(json["heatmap"] as? [String: Any])
        let days = try #require(heatmap["days"] as? [[String: Any]])
        #expect(days.suffix(2).map { $0["count"] as? Int } == [3, 1])

        // The terminal report says the same, without colour on a pipe.
        let text = try Self.stats(home, [], now: "2026-11-01T10:00:00Z")
        #expect(text.status == 0)
        #expect(text.stdout.contains("today 1 · in all 4 · days practised 2"))
        #expect(text.stdout.contains("answered M54.50 when it was M53.3 — 1 time"))
        #expect(!text.stdout.contains("\u{1B}["))

        // --since the second day and --bank.
        let since = try Self.stats(home, ["--json", "--since", "2026-11-01"], now: "2026-11-01T10:00:00Z")
        #expect((since.json["activity"] as? [String: Any])?["reviewsTotal"] as? Int == 1)
        #expect((since.json["confusions"] as? [Any])?.isEmpty == true)
        let otherBank = try Self.stats(home, ["--json", "--bank", "nosuch"], now: "2026-11-01T10:00:00Z")
        #expect((otherBank.json["activity"] as? [String: Any])?["reviewsTotal"] as? Int == 0)
    }

    @Test func anEmptyHistoryAndBadUsage() throws {
        let home = try PracticeHome()
        defer { home.remove() }
        let empty = try Self.stats(home, ["--json"], now: "2026-11-01T10:00:00Z", learner: "newbie")
        #expect(empty.status == 0)
        #expect((empty.json["activity"] as? [String: Any])?["reviewsTotal"] as? Int == 0)
        #expect((empty.json["cards"] as? [String: Any])?["new"] as? Int == 3)
        #expect(!FileManager.default.fileExists(atPath: home.progress.appendingPathComponent("newbie").path))
        #expect(try Self.stats(home, ["--since", "yesterday"], now: "2026-11-01T10:00:00Z").status == 2)
        #expect(try Self.stats(home, ["--all", "--learner", "ann"], now: "2026-11-01T10:00:00Z").status == 2)
    }

    @Test func statsRunWhileTheLearnerPractises() throws {
        let home = try PracticeHome()
        defer { home.remove() }
        try Self.session(home, learner: "ann", now: "2026-10-31T09:00:00Z", new: 1, max: 1)
        var environment = home.environment(now: "2026-11-01T09:00:00Z")
        environment["TZ"] = "UTC"
        let practising = try Conversation(["practice", "--mode", "typed", "--new", "1"], environment: environment)
        try #require(practising.read(until: "code(s)> ") != nil)
        let report = try Self.stats(home, ["--json"], now: "2026-11-01T09:01:00Z")
        #expect(report.status == 0, "\(report.stderr)")
        #expect((report.json["activity"] as? [String: Any])?["reviewsTotal"] as? Int == 1)
        #expect(practising.finish().status == 0)
    }

    @Test func theClassReportAnalysesFirstAnswersAndReportsWhatItSkipped() throws {
        let home = try PracticeHome()
        defer { home.remove() }
        try Self.ann(home)
        // bob: one day, everything right.
        try Self.session(home, learner: "bob", now: "2026-10-31T10:00:00Z", new: 3)
        // A copy of a folder damaged in the middle of its log.
        let zed = home.progress.appendingPathComponent("zed")
        try FileManager.default.createDirectory(at: zed, withIntermediateDirectories: true)
        let bobLog = try String(contentsOf: home.progress.appendingPathComponent("bob/reviews.jsonl"), encoding: .utf8)
        try bobLog.replacingOccurrences(of: "\"correct\":true", with: "\"correct\":false")
            .write(to: zed.appendingPathComponent("reviews.jsonl"), atomically: true, encoding: .utf8)

        let (status, json, stderr, _) = try Self.stats(home, ["--all", "--json"], now: "2026-11-01T10:00:00Z")
        #expect(status == 0)
        #expect(stderr.contains("skipped learner zed"))
        let skipped = try #require(json["skipped"] as? [[String: Any]])
        #expect(skipped.map { $0["learner"] as? String } == ["zed"])
        #expect((skipped.first?["reason"] as? String)?.contains("reviews.jsonl:2: the line fails its checksum") == true)
        let learners = try #require(json["learners"] as? [[String: Any]])
        #expect(learners.map { $0["learner"] as? String } == ["ann", "bob"])
        #expect(learners.map { $0["reviews"] as? Int } == [4, 3])
        #expect(learners.map { ($0["firstAnswerScore"] as? [String: Any])?["correct"] as? Int } == [2, 3])
        let items = try #require(json["items"] as? [[String: Any]])
        #expect(items.map { $0["card"] as? String } == ["backs/coccyx-fall@M53.3", "backs/lbp-office@M54.50", "backs/lbp-strain@S39.012A"])
        let coccyx = items[0]
        #expect(coccyx["attempts"] as? Int == 2)
        #expect(coccyx["facility"] as? Double == 50)
        // ann: 0 on it, 2 on the rest; bob: 1 and 2. x = (0, 1), y = (2, 2): y does not vary.
        #expect(coccyx["discrimination"] is NSNull)
        let responses = try #require(coccyx["responses"] as? [[String: Any]])
        #expect(Set(responses.map { "\($0["given"] as? String ?? "?") \($0["count"] as? Int ?? 0) \($0["isAnswer"] as? Bool ?? false)" })
                == ["M53.3 1 true", "M54.50 1 false"])
        #expect(items[1]["facility"] as? Double == 100)
        #expect(items[1]["flags"] as? [String] == ["too-easy"])

        let text = try Self.stats(home, ["--all"], now: "2026-11-01T10:00:00Z")
        #expect(text.stdout.contains("Class report: 2 learners"))
        #expect(text.stdout.contains("skipped zed"))
        #expect(text.stdout.contains("backs/coccyx-fall@M53.3  attempts 2 · facility 50% · discrimination –"))
    }

    /// The HTML page in a real browser: it renders, the charts are there, nothing is fetched
    /// and the console stays quiet.
    @Test func theHTMLReportRendersInHeadlessChromium() throws {
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let browser = try #require(chromium, "chromium is not installed: `bash .ci/run` installs it (Debian package chromium), or apt-get install chromium")
        let home = try PracticeHome()
        defer { home.remove() }
        try Self.ann(home)
        let learnerPage = home.url.appendingPathComponent("ann.html").path
        let classPage = home.url.appendingPathComponent("class.html").path
        #expect(try Self.stats(home, ["--html", learnerPage], now: "2026-11-01T10:00:00Z").status == 0)
        #expect(try Self.stats(home, ["--all", "--html", classPage], now: "2026-11-01T10:00:00Z").status == 0)
        let html = try String(contentsOfFile: learnerPage, encoding: .utf8)
        #expect(!html.contains("http://") && !html.contains("https://") || !html.contains(" src="))

        for (page, charts) in [(learnerPage, ["heatmap", "forecast", "chapters"]), (classPage, ["facility"])] {
            let (status, dom, log) = try Self.chromium(browser, page, profile: home.url.appendingPathComponent("profile").path)
            #expect(status == 0, "chromium failed: \(log.suffix(2000))")
            #expect(dom.contains("</html>"), "chromium printed no DOM: \(log.suffix(2000))")
            for chart in charts {
                #expect(dom.contains("<svg id=\"\(chart)\""), "no \(chart) chart in the rendered page")
            }
            #expect(dom.contains("<rect"))
            let console = log.split(separator: "\n").filter { $0.contains(":CONSOLE") || $0.contains("Uncaught") }
            #expect(console.isEmpty, "console messages: \(console)")
        }
    }

    /// Chromium leaves its crash handler running; `DaemonSafeProcess` waits for the browser only.
    static func chromium(_ browser: String, _ page: String, profile: String) throws -> (Int32, String, String) {
        let arguments = ["--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-dev-shm-usage",
                         "--user-data-dir=\(profile)", "--enable-logging=stderr", "--v=0", "--dump-dom",
                         URL(fileURLWithPath: page).absoluteString]
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("out"), err = scratch.appendingPathComponent("err")
        let status = try DaemonSafeProcess.run([browser] + arguments, output: out.path, error: err.path, timeout: 180)
        return (status, try String(contentsOf: out, encoding: .utf8), try String(contentsOf: err, encoding: .utf8))
    }
}
