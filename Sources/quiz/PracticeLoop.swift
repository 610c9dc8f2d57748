import CodeSet
import Foundation
import Practice
import ProgressStore
import Scheduler
import Terminal

/// One practice session at the terminal: asks the queue's items, reads answers and commands,
/// records each answer durably before showing its feedback, and ends with a summary.
final class PracticeLoop {
    enum Mode: String {
        case choice
        case typed
    }

    private let store: LearnerStore
    private let codeSet: CodeSet
    private let screen: PracticeScreen
    private let reader: LineReader
    private let clock: SessionClock
    private let mode: Mode
    private let seed: UInt64
    private let calendar: Calendar
    private var queue: PracticeQueue
    private let total: Int
    private let grader: TypedAnswerGrader
    private let hints: Hints
    private let policy = RatingPolicy()
    private let adaptive: AdaptiveDistractors
    /// The learner's confusions, from their log at the start, kept up to date as they answer.
    private var confusions: ConfusionHistory

    /// The last answer recorded in this session, for `:why`, `:undo` and rating changes.
    private var last: (item: QuizItem, outcome: RecordOutcome)?
    private var answered = 0
    private var correct = 0
    private var asked = 0
    /// Why an answer could not be saved, if one could not: the session stops at the first
    /// (a full disk or a read-only folder would refuse every later answer too).
    private(set) var saveFailure: (any Error)?

    init(store: LearnerStore, items: [QuizItem], codeSet: CodeSet, screen: PracticeScreen, reader: LineReader,
         clock: SessionClock, mode: Mode, newLimit: Int?, sessionLimit: Int, seed: UInt64, calendar: Calendar) {
        self.store = store
        self.codeSet = codeSet
        self.screen = screen
        self.reader = reader
        self.clock = clock
        self.mode = mode
        self.seed = seed
        self.calendar = calendar
        grader = TypedAnswerGrader(codeSet: codeSet)
        hints = Hints(codeSet: codeSet)
        adaptive = AdaptiveDistractors(codeSet: codeSet)
        confusions = ConfusionHistory(recentIn: store)
        let now = clock.now
        let today = store.dailyCounts(since: calendar.startOfDay(for: now))
        let newAllowance = newLimit ?? store.settings.newCardsPerDay
        queue = PracticeQueue(
            items: items, states: store.cards.mapValues(\.state), scheduler: store.scheduler, now: now,
            newLimit: max(newAllowance - today.newCards, 0),
            reviewLimit: max(store.settings.reviewsPerDay - today.reviewedCards, 0),
            sessionLimit: sessionLimit, seed: seed)
        total = queue.waitingCount
    }

    /// Runs until the queue is empty, `:quit` or end of input.
    func run() {
        if store.cards.isEmpty {
            screen.say("Welcome! Read each case and pick the code that fits (or type it with --mode typed).")
            screen.say("Type :help for commands, :lookup to open the code book, :quit to stop: every answer is saved as you go.")
        }
        if total == 0 {
            screen.say("Nothing is due and today's new cases are done. Come back tomorrow, or raise the limit with --new N.")
        }
        var quit = false
        session: while let item = queue.next(at: clock.now) {
            asked += 1
            switch ask(item) {
            case .answered, .skipped: continue session
            case .quit:
                quit = true
                break session
            }
        }
        // Only steps still to come are left: say when, rather than keep the learner waiting.
        if !quit, let due = queue.nextRelearningDue {
            screen.say("Cases still in their learning steps come back \(PracticeScreen.relative(due, from: clock.now)); run quiz again then.")
        }
        summary()
    }

    private enum Result { case answered, skipped, quit }

    private func ask(_ original: QuizItem) -> Result {
        // The distractors this learner falls for come first (README.md, "Adaptive distractors").
        let item = adaptive.adapt(original, history: confusions)
        let choice = mode == .choice ? ChoiceQuestion(item: item, seed: seed &+ UInt64(bitPattern: Int64(item.cardID.hashValueStable))) : nil
        screen.question(item, number: asked, of: max(total, asked), choice: choice)
        var hintLevel = 0
        var shownAt = clock.now
        let prompt = choice.map { "answer (\($0.letters.first!)–\($0.letters.last!))> " } ?? "code(s)> "
        while true {
            let input = reader.read(prompt: prompt)
            switch input {
            case .end, .timedOut:
                screen.say("")
                return .quit
            case let .line(raw):
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.isEmpty { continue }
                if line.hasPrefix(":") {
                    switch command(line, current: item, hintLevel: &hintLevel) {
                    case .quit: return .quit
                    case .skip: return .skipped
                    case .undone(let previous):
                        queue.putBack(original)
                        queue.putBack(previous)
                        asked -= 1
                        return .skipped
                    case .handled: continue
                    }
                }
                if let rating = Self.ratingOverride(line) {
                    changeRating(to: rating)
                    continue
                }
                let seconds = clock.now.timeIntervalSince(shownAt)
                if let choice {
                    guard let picked = choice.choice(for: line) else {
                        screen.say("Type a letter from \(choice.letters.first!) to \(choice.letters.last!), or :help.")
                        continue
                    }
                    record(item, correct: picked.isAnswer, given: picked.codes.joined(separator: " "), seconds: seconds,
                           hints: hintLevel, whyNot: picked.isAnswer ? nil : picked.whyNot, findings: [])
                } else {
                    let grade = grader.grade(line, expected: item.answer)
                    record(item, correct: grade.isCorrect, given: grade.given.joined(separator: " "), seconds: seconds,
                           hints: hintLevel, whyNot: whyNotForTyped(item, grade: grade), findings: grade.findings)
                }
                shownAt = clock.now
                return saveFailure == nil ? .answered : .quit
            }
        }
    }

    private func whyNotForTyped(_ item: QuizItem, grade: TypedGrade) -> String? {
        guard !grade.isCorrect, let given = grade.given.first else { return nil }
        return item.distractors.first { $0.code == given }?.whyNot
    }

    /// Records the answer durably, then (only then) shows the feedback.
    private func record(_ item: QuizItem, correct isCorrect: Bool, given: String, seconds: Double, hints: Int,
                        whyNot: String?, findings: [String]) {
        let rating = policy.rating(correct: isCorrect, hintsUsed: hints, seconds: seconds, stemWords: item.stemWords)
        let answer = Answer(cardID: item.cardID, bank: item.bank, code: item.answer.first ?? "", rating: rating,
                            correct: isCorrect, given: given, responseMilliseconds: Int(seconds * 1000), hints: hints,
                            mode: .practice)
        let now = clock.now
        do {
            let outcome = try store.record(answer, at: now)
            confusions.record(ConfusionHistory.Event(review: outcome.review))
            answered += 1
            if isCorrect { correct += 1 }
            last = (item, outcome)
            queue.answered(item, newState: outcome.card.state)
            screen.feedback(item: item, correct: isCorrect, wrongOptionWhyNot: whyNot, findings: findings)
            screen.rated(rating, due: outcome.card.state.due, now: now)
            if outcome.leechWarning {
                screen.say(screen.style.yellow("This case is a leech: forgotten \(outcome.card.lapses) times. Read its code-book entry (:lookup) before the next try."))
            }
        } catch {
            saveFailure = error
            screen.say(screen.style.red("Your answer could NOT be saved: \(error)"))
            screen.say("Nothing was recorded for this case, and the session stops here so that no later answer is lost")
            screen.say("the same way. Every answer before it is saved. Fix the problem (free some space, make the")
            screen.say("folder writable) and run quiz again.")
        }
        TextOutput.standardOutput.flush()
    }

    private func changeRating(to rating: Rating) {
        guard let last else {
            screen.say("There is no answer to re-rate yet.")
            return
        }
        do {
            _ = try store.undo(at: clock.now)
            var answer = last.outcome.review.answer
            answer.rating = rating
            let outcome = try store.record(answer, at: clock.now)
            self.last = (last.item, outcome)
            queue.answered(last.item, newState: outcome.card.state)
            screen.say("Re-rated \(rating.name): next review \(PracticeScreen.relative(outcome.card.state.due, from: clock.now)).")
        } catch {
            screen.say(screen.style.red("The rating could not be changed: \(error)"))
        }
    }

    static func ratingOverride(_ line: String) -> Rating? {
        guard line.count == 1, let value = Int(line) else { return nil }
        return Rating(rawValue: value)
    }

    private enum CommandResult { case handled, skip, quit, undone(QuizItem) }

    private func command(_ line: String, current item: QuizItem, hintLevel: inout Int) -> CommandResult {
        let parts = line.dropFirst().split(separator: " ", maxSplits: 1)
        let name = parts.first.map { String($0).lowercased() } ?? ""
        let argument = parts.count > 1 ? String(parts[1]).trimmingCharacters(in: .whitespaces) : ""
        switch name {
        case "hint":
            if let hint = hints.hint(for: item, level: hintLevel) {
                hintLevel += 1
                screen.say(screen.prose("Hint: " + hint))
            } else {
                screen.say("No more hints: try :lookup with a word from the case.")
            }
        case "lookup", "l":
            lookup(argument)
        case "skip":
            screen.say("Skipped: it stays for another day.")
            return .skip
        case "undo":
            guard let last else {
                screen.say("Nothing to undo in this session.")
                return .handled
            }
            do {
                _ = try store.undo(at: clock.now)
                confusions = ConfusionHistory(recentIn: store)
                answered -= 1
                if last.outcome.review.answer.correct { correct -= 1 }
                self.last = nil
                screen.say("Undone: your answer to the previous case and its rating are taken back. It comes again now.")
                return .undone(last.item)
            } catch {
                screen.say("Could not undo: \(error)")
            }
        case "why":
            if let last { screen.say(screen.prose("Why: " + last.item.rationale)) } else { screen.say("No answer yet in this session.") }
        case "stats":
            let accuracy = answered == 0 ? "–" : "\(Int((Double(correct) / Double(answered) * 100).rounded()))%"
            screen.say("This session: \(answered) answered, \(correct) right (\(accuracy)), \(queue.waitingCount) waiting.")
        case "help", "h", "?":
            screen.say(PracticeScreen.help)
        case "quit", "q", "exit":
            return .quit
        default:
            screen.say("Unknown command :\(name). Type :help for the list.")
        }
        return .handled
    }

    private func lookup(_ argument: String) {
        guard !argument.isEmpty else {
            screen.say("Usage: :lookup M54.5   or   :lookup low back pain")
            return
        }
        let page = CodeBookPage(codeSet: codeSet)
        let terms = argument.split(separator: " ").map(String.init)
        if terms.allSatisfy(LookupCommand.isCodeLike) {
            for term in terms {
                switch codeSet.lookup(term) {
                case let .success(entry): screen.say(page.render(entry))
                case let .failure(invalid): screen.say(page.render(invalid))
                }
            }
        } else {
            let matches = codeSet.search(argument, limit: 8)
            if matches.isEmpty { screen.say("No code's title or inclusion terms contain all of: \(SafeText.sanitized(argument))") }
            for match in matches {
                screen.say("  \(match.entry.code)  \(SafeText.sanitized(match.entry.title))\(match.entry.isBillable ? "" : "  [not billable]")")
            }
        }
    }

    /// The streak from the end of the log, reading further back only while it may go on.
    private func streak(at now: Date) -> Int {
        var tail = 1 << 20
        while true {
            guard let (reviews, whole) = try? store.recentReviews(tailBytes: tail) else { return 0 }
            let days = Set(reviews.map { SessionSummary.dayKey($0.at, calendar: calendar) })
            let streak = SessionSummary.streak(reviewDays: days, today: now, calendar: calendar)
            // Certain once the window reaches back past the day before the streak began.
            let dayBefore = calendar.date(byAdding: .day, value: -(streak + 1), to: calendar.startOfDay(for: now))!
            if whole || reviews.first.map({ $0.at < dayBefore }) == true { return streak }
            tail *= 4
        }
    }

    private func summary() {
        let now = clock.now
        let horizon = SessionSummary.endOfTomorrow(after: now, calendar: calendar)
        let dueTomorrow = store.cards.values.filter { $0.state.due < horizon }.count
        let summary = SessionSummary(answered: answered, correct: correct, seconds: now.timeIntervalSince(clock.start),
                                     dueTomorrow: dueTomorrow, streakDays: streak(at: now))
        screen.say("")
        screen.say(screen.style.bold("Session over."))
        let accuracy = summary.accuracy.map { " (\(Int(($0 * 100).rounded()))%)" } ?? ""
        let minutes = Int((summary.seconds / 60).rounded(.down)), seconds = Int(summary.seconds) % 60
        screen.say("Answered \(summary.answered), right \(summary.correct)\(accuracy), in \(minutes) min \(seconds) s.")
        screen.say("Due by the end of tomorrow: \(summary.dueTomorrow). Streak: \(summary.streakDays) day\(summary.streakDays == 1 ? "" : "s").")
        TextOutput.standardOutput.flush()
    }
}

extension String {
    /// A hash that is the same in every run (Swift's `hashValue` is seeded per process), so
    /// `--seed` gives the same option order every time.
    var hashValueStable: Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Int(truncatingIfNeeded: hash)
    }
}
