import Foundation

/// Where banks and progress live, what time it is, and who is practising: the edge where
/// the environment is read (DESIGN.md: QUIZ_HOME, QUIZ_NOW).
struct QuizHome {
    /// The folder holding `QuestionBanks/` and `Progress/`.
    let path: String

    var banksPath: String { path + "/QuestionBanks" }
    var progressPath: String { path + "/Progress" }

    /// `QUIZ_HOME` when set; else the current directory when it holds `QuestionBanks/`; else
    /// `$XDG_DATA_HOME/quiz` (or `~/.local/share/quiz`).
    static func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) -> QuizHome {
        if let home = environment["QUIZ_HOME"], !home.isEmpty { return QuizHome(path: home) }
        let current = FileManager.default.currentDirectoryPath
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: current + "/QuestionBanks", isDirectory: &isDirectory), isDirectory.boolValue {
            return QuizHome(path: current)
        }
        let data = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        return QuizHome(path: data + "/quiz")
    }

    /// The learner to use when `--learner` is not given: `QUIZ_LEARNER`, else the login name
    /// if it is a valid learner name, else "learner".
    static func defaultLearner(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        for candidate in [environment["QUIZ_LEARNER"], environment["USER"]] {
            if let name = candidate, !name.isEmpty,
               name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }),
               !name.hasPrefix("."), !name.hasPrefix("-"), name.count <= 64 {
                return name
            }
        }
        return "learner"
    }
}

/// The session's clock: `QUIZ_NOW` (ISO-8601) fixes the starting instant for tests and
/// simulations; time then runs on from it as on a wall clock.
struct SessionClock {
    let start: Date
    private let started = ContinuousClock.now

    init(start: Date) {
        self.start = start
    }

    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SessionClock {
        guard let text = environment["QUIZ_NOW"], !text.isEmpty else { return SessionClock(start: Date()) }
        guard let date = parse(text) else {
            throw ValidationError("QUIZ_NOW=\(text) is not an ISO-8601 time; write e.g. 2026-11-26T09:00:00Z")
        }
        return SessionClock(start: date)
    }

    var now: Date {
        let elapsed = ContinuousClock.now - started
        return start.addingTimeInterval(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    static func parse(_ text: String) -> Date? {
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = withFraction.date(from: text) { return date }
        if let date = ISO8601DateFormatter().date(from: text) { return date }
        let dateOnly = ISO8601DateFormatter()
        dateOnly.formatOptions = [.withFullDate]
        return dateOnly.date(from: text)
    }
}

import ArgumentParser
