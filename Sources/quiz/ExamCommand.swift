import ArgumentParser
import CodeSet
import Foundation
import Practice
import ProgressStore
import Scheduler
import Terminal

/// `quiz exam`: a timed mock exam, scored at the end.
struct ExamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exam",
        abstract: "A timed mock exam: no feedback until the end, then a score by chapter and block.",
        discussion: """
            Answers can be changed with :back; :lookup opens the code book (the real exams are \
            open-book). When time runs out, unanswered questions count as wrong. The answers are \
            saved with your progress as exam reviews, and they feed the scheduler like practice \
            answers (wrong → Again, right → Good), so a case you miss in an exam comes back soon.
            """
    )

    @Option(help: "Only cases from this bank.")
    var bank: String?

    @Option(help: "Whose progress (default: QUIZ_LEARNER, else your login name).")
    var learner: String?

    @Option(help: "How many questions.")
    var questions: Int = 20

    @Option(help: "Time allowed, in minutes.")
    var minutes: Double = 30

    @Option(help: "Fixes which cases are drawn and the option order.")
    var seed: UInt64?

    func validate() throws {
        guard questions > 0 else { throw ValidationError("--questions must be at least 1.") }
        guard minutes > 0 else { throw ValidationError("--minutes must be more than 0.") }
    }

    func run() throws {
        let home = QuizHome.resolve()
        let clock = try SessionClock.fromEnvironment()
        let codeSet = try reportingErrors { try QuizEnvironment.codeSet() }
        let items = try reportingErrors { try PracticeItems.load(home: home, bank: bank, codeSet: codeSet) }
        let store = try reportingErrors {
            try LearnerStore.open(progressDirectory: home.progressPath, learner: learner ?? QuizHome.defaultLearner(), now: clock.now)
        }
        defer { try? store.close() }
        for warning in store.warnings { printError("quiz: \(warning)") }
        let facts = TerminalFacts.current(environment: ProcessInfo.processInfo.environment)
        let reader: LineReader = facts.isInteractive
            ? ReadlineLineReader(historyPath: nil, completer: Completions(codeSet: codeSet).complete)
            : PlainLineReader()
        var generator = SplitMix64(seed: seed ?? UInt64(clock.start.timeIntervalSince1970))
        let drawn = Array(items.shuffled(using: &generator).prefix(questions))
        let exam = ExamLoop(items: drawn, codeSet: codeSet, screen: PracticeScreen(codeSet: codeSet, facts: facts),
                            reader: reader, clock: clock, deadline: clock.now.addingTimeInterval(minutes * 60),
                            seed: generator.next())
        let score = exam.run()
        let answers = score.responses.compactMap { response -> (answer: Answer, at: Date)? in
            guard let given = response.given else { return nil }
            return (Answer(cardID: response.item.cardID, bank: response.item.bank, code: response.item.answer.first ?? "",
                           rating: response.correct ? .good : .again, correct: response.correct,
                           given: given.joined(separator: " "), responseMilliseconds: nil, hints: 0, mode: .exam),
                    clock.now)
        }
        do {
            _ = try store.record(contentsOf: answers)
            exam.screen.say("Saved with your progress (\(answers.count) answers).")
        } catch {
            exam.screen.say("Your exam answers could NOT be saved: \(error)")
            exam.screen.say("Nothing of this exam was recorded; your earlier progress is untouched.")
            throw QuizExit.notSaved
        }
        try reportingErrors { try store.close() }
        // After the lock is released: the learner's next `quiz stats` then reads only new lines.
        ProgressReader.refreshCache(progressDirectory: home.progressPath, learner: store.learner)
    }
}

/// The exam at the terminal: questions in order, answers changeable, the clock shown in
/// every prompt, and the score with each miss explained at the end.
final class ExamLoop {
    let items: [QuizItem]
    let codeSet: CodeSet
    let screen: PracticeScreen
    let reader: LineReader
    let clock: SessionClock
    let deadline: Date
    let questions: [ChoiceQuestion]

    init(items: [QuizItem], codeSet: CodeSet, screen: PracticeScreen, reader: LineReader, clock: SessionClock,
         deadline: Date, seed: UInt64) {
        self.items = items
        self.codeSet = codeSet
        self.screen = screen
        self.reader = reader
        self.clock = clock
        self.deadline = deadline
        questions = items.enumerated().map { ChoiceQuestion(item: $1, seed: seed &+ UInt64($0)) }
    }

    func run() -> ExamScore {
        var picks = [ChoiceQuestion.Choice?](repeating: nil, count: items.count)
        let minutes = Int((deadline.timeIntervalSince(clock.now) / 60).rounded())
        screen.say("Mock exam: \(items.count) questions, \(minutes) minutes. Answers can be changed with :back; :lookup is allowed.")
        var index = 0
        exam: while index < items.count {
            let question = questions[index]
            screen.question(items[index], number: index + 1, of: items.count, choice: question)
            if let pick = picks[index] { screen.say(screen.style.dim("Your answer so far: \(pick.letter)")) }
            while true {
                let left = deadline.timeIntervalSince(clock.now)
                if left <= 0 {
                    screen.say(screen.style.yellow("Time is up."))
                    break exam
                }
                let last = question.letters.last!
                switch reader.read(seconds: left, prompt: { "[\(ExamLoop.clock($0)) left] answer (a–\(last))> " }) {
                case .end:
                    break exam
                case .timedOut:
                    screen.say(screen.style.yellow("Time is up."))
                    break exam
                case let .line(raw):
                    let line = raw.trimmingCharacters(in: .whitespaces).lowercased()
                    if line.isEmpty { continue }
                    if deadline <= clock.now {
                        screen.say(screen.style.yellow("Time is up: that answer came too late."))
                        break exam
                    }
                    switch line {
                    case ":back", ":b":
                        index = max(index - 1, 0)
                        continue exam
                    case ":quit", ":q", ":submit":
                        break exam
                    case ":help", ":h":
                        screen.say("Type a letter to answer. :back returns to the previous question, :lookup CODE|WORDS opens the code book, :submit ends the exam now.")
                        continue
                    default:
                        if line.hasPrefix(":lookup ") || line.hasPrefix(":l ") {
                            lookup(String(line.split(separator: " ", maxSplits: 1)[1]))
                            continue
                        }
                        guard let pick = question.choice(for: line) else {
                            screen.say("Type a letter from a to \(question.letters.last!), or :help.")
                            continue
                        }
                        picks[index] = pick
                        index += 1
                        continue exam
                    }
                }
            }
        }
        let score = ExamScore(
            responses: items.indices.map { ExamScore.Response(item: items[$0], given: picks[$0]?.codes, correct: picks[$0]?.isAnswer ?? false) },
            codeSet: codeSet)
        report(score)
        return score
    }

    private func lookup(_ argument: String) {
        let page = CodeBookPage(codeSet: codeSet)
        if LookupCommand.isCodeLike(argument) {
            switch codeSet.lookup(argument) {
            case let .success(entry): screen.say(page.render(entry))
            case let .failure(invalid): screen.say(page.render(invalid))
            }
        } else {
            for match in codeSet.search(argument, limit: 8) {
                screen.say("  \(match.entry.code)  \(SafeText.sanitized(match.entry.title))")
            }
        }
    }

    private func report(_ score: ExamScore) {
        screen.say("")
        let percent = Int(score.percent.rounded())
        let verdict = score.passed ? screen.style.green("pass") : screen.style.red("below the 70% pass mark")
        screen.say(screen.style.bold("Score: \(score.right)/\(score.total) (\(percent)%), \(verdict)."))
        screen.say("By chapter:")
        for group in score.chapters { screen.say("  \(group.code)  \(group.right)/\(group.total)  \(SafeText.sanitized(group.title))") }
        screen.say("By block:")
        for group in score.blocks { screen.say("  \(group.code)  \(group.right)/\(group.total)  \(SafeText.sanitized(group.title))") }
        let misses = score.responses.filter { !$0.correct }
        if !misses.isEmpty { screen.say("\nMissed:") }
        for miss in misses {
            screen.say("")
            screen.say(screen.prose(miss.item.stem, indent: "  "))
            screen.say("  Answer: " + screen.codesWithTitles(miss.item.answer))
            if let given = miss.given {
                screen.say("  You chose: " + screen.codesWithTitles(given))
                if let whyNot = miss.item.distractors.first(where: { given.contains($0.code) })?.whyNot {
                    screen.say(screen.prose("Why not: " + whyNot, indent: "  "))
                }
            } else {
                screen.say("  Not answered.")
            }
            screen.say(screen.prose("Why: " + miss.item.rationale, indent: "  "))
        }
    }

    static func clock(_ seconds: TimeInterval) -> String {
        let total = max(Int(seconds), 0)
        return String(format: "%d:%02d", total / 60, total % 60)
    }
}
