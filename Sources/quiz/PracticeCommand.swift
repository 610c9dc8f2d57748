import ArgumentParser
import CodeSet
import Foundation
import Practice
import ProgressStore
import Terminal

/// `quiz practice` (and bare `quiz`): the daily session.
struct PracticeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "practice",
        abstract: "Practise: due reviews first, then new cases, with feedback after each answer.",
        discussion: """
            Every answer is saved (fsync) before its feedback is shown. Ratings follow how the \
            answer went: wrong → Again; right after a hint or slowly → Hard; right → Good; right \
            and fast → Easy; type 1–4 right after the feedback to change it.
            Options you keep falling for come back beside the answer until you have passed the \
            case three times in a row (README.md, "Adaptive distractors").
            QUIZ_HOME chooses where banks and progress live, QUIZ_NOW the starting time.
            """
    )

    @Option(help: "Only cases from this bank (its id, e.g. dorsopathies).")
    var bank: String?

    @Option(help: ArgumentHelp("Mix in drills generated from the tabular list for a chapter (13), block (M40-M54) or category (M54); repeatable.", valueName: "range"))
    var drills: [String] = []

    @Option(help: "Whose progress (default: QUIZ_LEARNER, else your login name).")
    var learner: String?

    @Option(help: "choice (pick a–e) or typed (type the codes).")
    var mode: String = "choice"

    @Option(help: "New cases allowed today (default: the learner's setting, 10).")
    var new: Int?

    @Option(help: "Questions in this session at most.")
    var limit: Int = 50

    @Option(help: "Fixes the order of cases and options, for repeatable sessions.")
    var seed: UInt64?

    func validate() throws {
        guard PracticeLoop.Mode(rawValue: mode) != nil else { throw ValidationError("--mode is choice or typed, not \(mode).") }
        guard limit > 0 else { throw ValidationError("--limit must be at least 1.") }
        if let new, new < 0 { throw ValidationError("--new cannot be negative.") }
    }

    func run() throws {
        let home = QuizHome.resolve()
        let clock = try SessionClock.fromEnvironment()
        let codeSet = try reportingErrors { try QuizEnvironment.codeSet() }
        let items = try reportingErrors { try PracticeItems.load(home: home, bank: bank, codeSet: codeSet, drills: drills) }
        let learnerName = learner ?? QuizHome.defaultLearner()
        let store = try reportingErrors {
            try LearnerStore.open(progressDirectory: home.progressPath, learner: learnerName, now: clock.now)
        }
        defer { try? store.close() }
        for warning in store.warnings { printError("quiz: \(warning)") }

        let facts = TerminalFacts.current(environment: ProcessInfo.processInfo.environment)
        let reader: LineReader = facts.isInteractive
            ? ReadlineLineReader(historyPath: store.directory + "/history", completer: Completions(codeSet: codeSet).complete)
            : PlainLineReader()
        let loop = PracticeLoop(
            store: store, items: items, codeSet: codeSet, screen: PracticeScreen(codeSet: codeSet, facts: facts),
            reader: reader, clock: clock, mode: PracticeLoop.Mode(rawValue: mode) ?? .choice, newLimit: new,
            sessionLimit: limit, seed: seed ?? UInt64(clock.start.timeIntervalSince1970), calendar: .current)
        loop.run()
        if let failure = loop.saveFailure {
            printError("quiz: an answer could not be saved: \(failure)")
            throw QuizExit.notSaved
        }
        try reportingErrors { try store.close() }
        // After the lock is released: the learner's next `quiz stats` then reads only new lines.
        ProgressReader.refreshCache(progressDirectory: home.progressPath, learner: learnerName)
    }
}

/// Tab completion: commands at the start of a line, codes (with their titles) elsewhere and
/// in typed answers.
struct Completions: Sendable {
    let codeSet: CodeSet

    static let commands = [":hint", ":lookup", ":skip", ":undo", ":why", ":stats", ":help", ":quit"]

    func complete(_ word: String, isFirstWord: Bool) -> [Completion] {
        if isFirstWord, word.hasPrefix(":") {
            return Self.commands.filter { $0.hasPrefix(word.lowercased()) }.map { Completion($0) }
        }
        guard word.count >= 3, CodeNormalizer.looksLikeCode(word.prefix(3)) else { return [] }
        return codeSet.completions(of: word, limit: 200).map { Completion($0.code, detail: $0.title) }
    }
}
